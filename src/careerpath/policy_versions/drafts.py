"""Policy drafts: HR's text saved as typed (valid or not), checked with line numbers, published as a version.

A draft is the editor's working copy; publishing goes through :func:`policy_version_create` and
:func:`policy_version_publish` (the same services as the REST API), in one transaction, and closes
the draft. Reading helpers (the check with lines, the readable rendering, the diff) live here too:
they are what the editor shows next to the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.core.loader import PolicyError, parse_policy, read_policy_source
from careerpath.core.policy import Policy
from careerpath.core.policy_diff import DiffRow, Summary, side_by_side, summarize
from careerpath.core.policy_lines import Located, locate_problems
from careerpath.errors import Conflict, InvalidInput
from careerpath.policy_versions.models import PolicyDraft, PolicyVersion
from careerpath.policy_versions.selectors import active_version
from careerpath.policy_versions.services import PROBLEMS_SHOWN, policy_version_create, policy_version_publish

TITLE_MAX = PolicyDraft._meta.get_field("title").max_length or 100


def _hr(actor: AbstractBaseUser | None, action: str) -> None:
    if actor is not None:
        require_roles(actor, Role.HR, action=action)


# ---------------------------------------------------------------------------------------------------
# Reading


def policy_text_check(yaml_text: str) -> tuple[Policy | None, list[Located]]:
    """The parsed policy (None when invalid) and every problem with its line in the text."""
    try:
        return parse_policy(yaml_text, source="draft"), []
    except PolicyError as exc:
        return None, locate_problems(yaml_text, exc.problems[:PROBLEMS_SHOWN])


def active_text() -> tuple[PolicyVersion | None, str]:
    """The active version and its text; the configured preset's text before any version is stored."""
    from django.conf import settings

    pv = active_version()
    if pv is not None:
        return pv, pv.yaml_text
    return None, read_policy_source(settings.CAREERPATH_POLICY)[0]


def open_drafts() -> QuerySet[PolicyDraft]:
    return PolicyDraft.objects.filter(published_version__isnull=True).select_related("updated_by")


@dataclass(frozen=True, slots=True)
class DraftDiff:
    active: PolicyVersion | None
    rows: list[DiffRow]
    summary: Summary


def draft_diff(draft: PolicyDraft) -> DraftDiff:
    pv, text = active_text()
    return DraftDiff(pv, side_by_side(text, draft.yaml_text), summarize(text, draft.yaml_text))


# ---------------------------------------------------------------------------------------------------
# Writing


def _stored_problems(located: list[Located]) -> list[list[object]]:
    return [[p.path, p.line, p.message] for p in located]


@transaction.atomic
def policy_draft_create(*, actor: AbstractBaseUser | None, title: str = "",
                        yaml_text: str | None = None) -> PolicyDraft:
    """Start a draft from ``yaml_text``, else from the active version's text."""
    _hr(actor, "新建晋升办法草稿")
    base, text = active_text()
    text = text if yaml_text is None else yaml_text
    policy, located = policy_text_check(text)
    if not title.strip():
        title = f"{policy.title.zh} {policy.version} 草稿" if policy else "晋升办法草稿"
    who = actor if actor is not None and actor.is_authenticated else None
    draft = PolicyDraft.objects.create(title=title.strip()[:TITLE_MAX], yaml_text=text, base_version=base,
                                       problems=_stored_problems(located), created_by=who, updated_by=who)
    audit_record(actor=actor, action="policy_draft.create", target=draft, data={"problems": len(located)})
    return draft


@transaction.atomic
def policy_draft_save(*, actor: AbstractBaseUser | None, draft: PolicyDraft, yaml_text: str,
                      title: str | None = None) -> PolicyDraft:
    """Save the text as typed, valid or not, with its problems (path, line, message)."""
    _hr(actor, "修改晋升办法草稿")
    d = PolicyDraft.objects.select_for_update().get(pk=draft.pk)
    if not d.is_open:
        raise Conflict("该草稿已发布，不能再修改 this draft is published and can no longer change",
                       code="draft_published")
    _, located = policy_text_check(yaml_text)
    d.yaml_text, d.problems = yaml_text, _stored_problems(located)
    if title is not None and title.strip():
        d.title = title.strip()[:TITLE_MAX]
    d.updated_by = actor if actor is not None and actor.is_authenticated else None
    d.save()
    audit_record(actor=actor, action="policy_draft.save", target=d, data={"problems": len(located)})
    return d


@transaction.atomic
def policy_draft_publish(*, actor: AbstractBaseUser | None, draft: PolicyDraft, consulted_with: str,
                         consulted_on: date, consultation_note: str, announced_on: date, announcement_note: str,
                         effective_from: date) -> PolicyVersion:
    """Publish the draft as a new version with its 劳动合同法 第4条 record; active at once when in effect today."""
    _hr(actor, "发布晋升办法")
    d = PolicyDraft.objects.select_for_update().get(pk=draft.pk)
    if not d.is_open:
        raise Conflict("该草稿已发布 this draft is already published", code="draft_published")
    if not consulted_with.strip():
        raise InvalidInput("须写明协商对象 say who was consulted", code="required", field="consulted_with")
    pv = policy_version_create(actor=actor, yaml_text=d.yaml_text)
    pv = policy_version_publish(
        actor=actor, version=pv, published_on=clock.today(), consultation_note=consultation_note,
        announcement_note=announcement_note, consulted_with=consulted_with, consulted_on=consulted_on,
        announced_on=announced_on, effective_from=effective_from, activate=effective_from <= clock.today())
    d.published_version = pv
    d.save(update_fields=["published_version", "updated_at"])
    audit_record(actor=actor, action="policy_draft.publish", target=d, data={"version": pv.pk})
    return pv
