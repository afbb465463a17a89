"""Policy versions: create (validated), publish (immutable from then on), activate."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.core.loader import PolicyError, parse_policy, read_policy_source
from careerpath.errors import Conflict, InvalidInput
from careerpath.policy_versions.models import PolicyStatus, PolicyVersion


class PolicyVersionError(Conflict):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


def _check(actor: AbstractBaseUser | None, action: str) -> None:
    # actor None is the system itself (management commands, the demo loader); people need the HR role.
    if actor is not None:
        require_roles(actor, Role.HR, action=action)


PROBLEMS_SHOWN = 100  # in the 400 answer; a policy rarely has more, a hostile one may have thousands


def _parsed(yaml_text: str) -> tuple[str, str]:
    """The policy's name and version, or InvalidInput listing its problems (paths or YAML lines)."""
    try:
        policy = parse_policy(yaml_text)
    except PolicyError as exc:
        first_path, first = exc.problems[0]
        raise InvalidInput(
            f"策略无效 invalid policy ({len(exc.problems)} problem(s)); {first_path}: {first}", code="policy_invalid",
            details={"problems": [[p, m] for p, m in exc.problems[:PROBLEMS_SHOWN]], "total": len(exc.problems)},
        ) from None
    for field, value in (("name", policy.name), ("version", policy.version)):
        limit = PolicyVersion._meta.get_field(field).max_length
        if limit is not None and len(value) > limit:
            raise InvalidInput(f"{field} 不能超过 {limit} 个字符 must be at most {limit} characters",
                               code="policy_invalid", field=field)
    return policy.name, policy.version


@transaction.atomic
def policy_version_create(*, actor: AbstractBaseUser | None, yaml_text: str) -> PolicyVersion:
    """Store a valid policy as a draft version; an invalid one is refused with its problems, nothing stored.

    Nothing edits a stored draft, so an invalid one could never be fixed, only pile up (and, all named
    "invalid"/"draft", collide); HR corrects the text and sends it again.
    """
    _check(actor, "新建晋升办法版本")
    name, version = _parsed(yaml_text)
    exists = PolicyVersionError("version_exists", f"{name} {version} 已存在，请修改 version "
                                                  f"already exists; give the policy a new version")
    if PolicyVersion.objects.filter(name=name, version=version).exists():
        raise exists
    try:
        # The check above answers the common case; the savepoint makes a concurrent create of the
        # same name and version lose on the unique constraint with the same 409, not a 500.
        with transaction.atomic():
            pv = PolicyVersion.objects.create(name=name, version=version, yaml_text=yaml_text,
                                              created_by=actor if actor and actor.is_authenticated else None)
    except IntegrityError:
        raise exists from None
    audit_record(actor=actor, action="policy.create", target=pv, to_state=pv.status, data={"problems": 0})
    return pv


@transaction.atomic
def policy_version_publish(*, actor: AbstractBaseUser | None, version: PolicyVersion, published_on: date,
                           consultation_note: str, announcement_note: str, activate: bool = True,
                           consulted_with: str = "", consulted_on: date | None = None,
                           announced_on: date | None = None, effective_from: date | None = None) -> PolicyVersion:
    """Publish a draft version with its 劳动合同法 第4条 record; optionally make it the active one.

    ``consulted_with``/``consulted_on`` (who was consulted, when), ``announced_on`` and ``effective_from``
    itemise the record the notes describe; given, they must keep the law's order: consultation, then
    announcement, then the rules apply. A version effective after today cannot be activated yet.
    """
    _check(actor, "发布晋升办法")
    _check_dates(consulted_on=consulted_on, announced_on=announced_on, effective_from=effective_from,
                 activate=activate)
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
    pv.consulted_with, pv.consulted_on = consulted_with.strip(), consulted_on
    pv.announced_on, pv.effective_from = announced_on, effective_from
    pv.save()
    audit_record(actor=actor, action="policy.publish", target=pv, from_state=PolicyStatus.DRAFT,
                 to_state=PolicyStatus.PUBLISHED,
                 data={k: str(v) for k, v in (("consulted_on", consulted_on), ("announced_on", announced_on),
                                              ("effective_from", effective_from)) if v is not None})
    if activate:
        pv = policy_version_activate(actor=actor, version=pv)
    return pv


def _check_dates(*, consulted_on: date | None, announced_on: date | None, effective_from: date | None,
                 activate: bool) -> None:
    today = clock.today()
    if consulted_on is not None and consulted_on > today:
        raise InvalidInput("协商日期不能晚于今天 the consultation cannot be in the future", code="invalid_date",
                           field="consulted_on")
    if consulted_on and announced_on and announced_on < consulted_on:
        raise InvalidInput("公示日期不能早于协商日期 the announcement comes after the consultation",
                           code="invalid_date", field="announced_on")
    if announced_on and effective_from and effective_from < announced_on:
        raise InvalidInput("生效日期不能早于公示日期 the rules apply after they are announced", code="invalid_date",
                           field="effective_from")
    if activate and effective_from is not None and effective_from > today:
        raise InvalidInput("生效日期在今天之后，暂不能启用 a version effective after today cannot be active yet",
                           code="not_yet_effective", field="effective_from")


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


def policy_versions_activate_due(*, today: date) -> PolicyVersion | None:
    """Activate the published version whose effective date has come (the daily run); idempotent.

    Among published versions effective on or before ``today``, the one effective latest becomes active
    when it is effective later than the active one (or the active one names no effective date). Returns
    the version activated, or None when nothing was due.
    """
    due = (PolicyVersion.objects.filter(status=PolicyStatus.PUBLISHED, effective_from__isnull=False,
                                        effective_from__lte=today).order_by("-effective_from", "-pk").first())
    if due is None or due.is_active:
        return None
    active = PolicyVersion.objects.filter(is_active=True).first()
    if active is not None and active.effective_from is not None and active.effective_from >= due.effective_from:
        return None
    return policy_version_activate(actor=None, version=due)


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
