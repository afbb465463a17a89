"""Policy versions: create (validated), publish (immutable from then on), activate."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.core.loader import PolicyError, parse_policy, read_policy_source
from careerpath.errors import Conflict
from careerpath.policy_versions.models import PolicyStatus, PolicyVersion


class PolicyVersionError(Conflict):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


def _check(actor: AbstractBaseUser | None, action: str) -> None:
    # actor None is the system itself (management commands, the demo loader); people need the HR role.
    if actor is not None:
        require_roles(actor, Role.HR, action=action)


def _validate(yaml_text: str) -> tuple[str, str, list[list[str]]]:
    try:
        policy = parse_policy(yaml_text)
    except PolicyError as exc:
        return "", "", [[p, m] for p, m in exc.problems]
    return policy.name, policy.version, []


@transaction.atomic
def policy_version_create(*, actor: AbstractBaseUser | None, yaml_text: str) -> PolicyVersion:
    """Store a draft version with its validation result (an invalid draft is kept, to be fixed)."""
    _check(actor, "新建晋升办法版本")
    name, version, problems = _validate(yaml_text)
    if problems:
        name, version = name or "invalid", version or "draft"
    pv = PolicyVersion.objects.create(name=name, version=version, yaml_text=yaml_text, problems=problems,
                                      created_by=actor if actor and actor.is_authenticated else None)
    audit_record(actor=actor, action="policy.create", target=pv, to_state=pv.status,
                 data={"problems": len(problems)})
    return pv


@transaction.atomic
def policy_version_publish(*, actor: AbstractBaseUser | None, version: PolicyVersion, published_on: date,
                           consultation_note: str, announcement_note: str, activate: bool = True) -> PolicyVersion:
    _check(actor, "发布晋升办法")
    pv = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if pv.status != PolicyStatus.DRAFT:
        raise PolicyVersionError("not_draft", f"{pv} 已发布，不能再次发布 is already published")
    if pv.problems:
        raise PolicyVersionError("invalid", f"{pv} 未通过校验，不能发布 has validation problems")
    if not consultation_note.strip() or not announcement_note.strip():
        # 劳动合同法 第4条: both the consultation and the announcement must be on record.
        raise PolicyVersionError("notes_required", "须填写民主程序记录和公示告知记录 consultation and announcement notes are required")
    pv.status = PolicyStatus.PUBLISHED
    pv.published_on = published_on
    pv.approved_by = actor if actor and actor.is_authenticated else None
    pv.consultation_note, pv.announcement_note = consultation_note, announcement_note
    pv.save()
    audit_record(actor=actor, action="policy.publish", target=pv, from_state=PolicyStatus.DRAFT,
                 to_state=PolicyStatus.PUBLISHED)
    if activate:
        pv = policy_version_activate(actor=actor, version=pv)
    return pv


@transaction.atomic
def policy_version_install_first(*, name: str) -> PolicyVersion | None:
    """On a database with no version at all, store the configured preset as the active version.

    The notes say what happened instead of inventing a consultation: HR publishes the company's own
    version, with its 劳动合同法 第4条 record, before relying on it. Returns None when a version exists.
    """
    if PolicyVersion.objects.exists():
        return None
    return policy_version_install_preset(
        actor=None, name=name, published_on=clock.today(),
        consultation_note="安装时自动启用的预置办法，民主程序记录待人力资源部补录 "
                          "(shipped preset enabled at installation; the consultation record is still to be entered)",
        announcement_note="安装时自动启用的预置办法，公示告知记录待人力资源部补录 "
                          "(shipped preset enabled at installation; the announcement record is still to be entered)",
    )


@transaction.atomic
def policy_version_activate(*, actor: AbstractBaseUser | None, version: PolicyVersion) -> PolicyVersion:
    _check(actor, "启用晋升办法")
    pv = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if pv.status != PolicyStatus.PUBLISHED:
        raise PolicyVersionError("not_published", f"{pv} 未发布，不能启用 only a published version can be active")
    PolicyVersion.objects.filter(is_active=True).exclude(pk=pv.pk).update(is_active=False)
    pv.is_active = True
    pv.save(update_fields=["is_active"])
    audit_record(actor=actor, action="policy.activate", target=pv)
    return pv


@transaction.atomic
def policy_version_install_preset(*, actor: AbstractBaseUser | None, name: str, published_on: date,
                                  consultation_note: str = "预置办法：经职工代表大会讨论通过（示例记录，请按实际填写）",
                                  announcement_note: str = "预置办法：已在公司公告栏及内网公示（示例记录，请按实际填写）",
                                  ) -> PolicyVersion:
    """Store a shipped preset as a published, active version (used by the demo and first start)."""
    text, _ = read_policy_source(name)
    existing = PolicyVersion.objects.filter(yaml_text=text).first()
    if existing is not None:
        if not existing.is_active and existing.status == PolicyStatus.PUBLISHED:
            policy_version_activate(actor=actor, version=existing)
        return existing
    pv = policy_version_create(actor=actor, yaml_text=text)
    return policy_version_publish(
        actor=actor, version=pv, published_on=published_on,
        consultation_note=consultation_note, announcement_note=announcement_note,
    )
