"""Single evidence records entered by hand, validated with the import's rules and audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, models, transaction

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.core.policy import Policy
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evidence import models as m
from careerpath.people.models import Employee

if TYPE_CHECKING:
    pass

# ---------------------------------------------------------------------------------------------------
# One record entered by hand (the admin, and later the web screens and the API)
#
# Checked with the import's own rules: the standard workbook's columns (required, non-negative,
# the policy's accepted values) and its cross-field checks, so a record means the same whichever
# door it came through. Only stored codes are accepted here: the workbook's Chinese spellings are
# the reader's business, and a label saved as a value would never count.

# kind -> model; incidents are recorded by discipline.services, which also applies their consequences.
EVIDENCE_KINDS: dict[str, type[models.Model]] = {
    "praise": m.Praise,
    "mentorship": m.Mentorship,
    "training": m.Training,
    "leave": m.Leave,
    "metric": m.MetricMonth,
    "exam": m.Exam,
    "appraisal": m.Appraisal,
    "attestation": m.Attestation,
}

# model -> (workbook sheet kind, {model field: workbook column field})
_SHEET_FIELDS: dict[type[models.Model], tuple[str, dict[str, str]]] = {
    m.Praise: ("praises", {"date": "date", "source": "source", "customer": "customer", "note": "note"}),
    m.Mentorship: ("mentorships", {"mentor": "mentor_no", "mentee": "mentee_no", "start_on": "start_on",
                                   "independent_on": "independent_on"}),
    m.Training: ("trainings", {"program": "program", "date": "date", "result": "result"}),
    m.Leave: ("leaves", {"type": "type", "start_on": "start_on", "days": "days"}),
    m.MetricMonth: ("metrics", {"month": "month"}),
    m.Exam: ("exams", {"exam": "exam", "date": "date", "score": "score"}),
    m.Appraisal: ("appraisals", {"year": "year", "score": "score", "grade": "grade"}),
    m.Attestation: ("attestations", {"competency": "competency", "date": "date", "attested_by_no": "attested_by",
                                     "note": "note"}),
    m.Incident: ("incidents", {"date": "date", "type": "type", "note": "note"}),
}

_SUBJECTS = ("employee", "mentor", "mentee")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_metric_values(policy: Policy, values: Any) -> None:
    if not isinstance(values, dict):
        raise InvalidInput("指标应为 指标代码 → 数值 的映射 (values must be a mapping of metric code to number)",
                           code="invalid_metrics", field="values")
    for code, value in values.items():
        metric = policy.metrics.get(code)
        if metric is None:
            raise InvalidInput(f"未知指标 {code!r}，应为：{'、'.join(policy.metrics)} (unknown metric)",
                               code="unknown_metric", field="values")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput(f"指标 {code}（{metric.name.zh}）应为数值，收到 {value!r} (not a number)",
                               code="invalid_metrics", field="values")
        if value < 0:
            raise InvalidInput(f"指标 {code}（{metric.name.zh}）不能为负数 (negative)", code="negative",
                               field="values")
        if metric.is_rate and value > 1:
            raise InvalidInput(f"指标 {code}（{metric.name.zh}）为比率，应为 0–1 的小数，收到 {value} "
                               f"(a rate is stored as 0–1)", code="invalid_rate", field="values")


def evidence_validate(*, policy: Policy, model: type[models.Model], values: Mapping[str, Any]) -> None:
    """Check one record's values (model field name -> value) as the import checks a workbook row.

    Raises :class:`InvalidInput` naming the model field. Subjects (``employee``, ``mentor``, ``mentee``)
    may be given as instances or pks.
    """
    from careerpath.workbook.reader import ROW_CHECKS
    from careerpath.workbook.schema import ColumnType, sheet_by_kind, standard_sheets

    if model not in _SHEET_FIELDS:
        raise InvalidInput(f"不是证据记录：{model.__name__} (not an evidence record)", code="not_evidence")
    sheet_kind, fields = _SHEET_FIELDS[model]
    sheet = sheet_by_kind(standard_sheets(policy))[sheet_kind]
    for name, column_field in fields.items():
        col = sheet.column(column_field)
        value = values.get(name)
        label = model._meta.get_field(name).verbose_name
        if _blank(value):
            if col.required:
                raise InvalidInput(f"{label}：必填项为空 (required)", code="required", field=name)
            continue
        if col.max_length is not None and isinstance(value, str) and len(value) > col.max_length:
            raise InvalidInput(f"{label}文字过长：{len(value)} 个字符，最多 {col.max_length} 个 (text too long: "
                               f"at most {col.max_length} characters)", code="too_long", field=name)
        if col.type is ColumnType.ENUM:
            stored = set(col.choices.values())
            if value not in stored:
                shown = "、".join(str(v) for v in dict.fromkeys(col.choices.values()))
                raise InvalidInput(f"未知的{col.zh} {value!r}（可选：{shown}） (not a value the policy counts)",
                                   code="unknown_code", field=name)
        elif col.non_negative and isinstance(value, int | float) and value < 0:
            raise InvalidInput(f"{label}不能为负数 (cannot be negative)", code="negative", field=name)
    if model is m.MetricMonth:
        month = values.get("month")
        if isinstance(month, date) and month.day != 1:
            raise InvalidInput("月份应为当月第一天 (the month is stored as its first day)", code="invalid_month",
                               field="month")
        _check_metric_values(policy, values.get("values"))
    if model is m.Exam and not isinstance(values.get("passed"), bool):
        raise InvalidInput("是否通过：必填项为空 (required)", code="required", field="passed")
    check = ROW_CHECKS.get(sheet_kind)
    if check is not None:
        to_model = {c: n for n, c in fields.items()}
        cols: dict[str, list[Any]] = {}
        for name, column_field in fields.items():
            v = values.get(name)
            v = getattr(v, "pk", v)
            cols[column_field] = [None if _blank(v) else v]
        for _, column_field, message in check(cols):
            raise InvalidInput(message, code="invalid", field=to_model.get(column_field, column_field))


def _values_of(record: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fld in record._meta.concrete_fields:
        if fld.is_relation:
            out[fld.name] = getattr(record, fld.attname)  # the pk: no query
        else:
            out[fld.name] = getattr(record, fld.name)
    return out


def evidence_authorize(*, actor: AbstractBaseUser | None, subject_ids: Iterable[int | None],
                       allowed: Iterable[str] | None = None, extra: Iterable[str] = ()) -> None:
    """Raise Forbidden unless ``actor`` may write evidence about the employees ``subject_ids``.

    By default HR (and admin) enter evidence by hand (the admin, the API); nobody enters, changes or
    deletes evidence about themself. ``actor=None`` is the system itself.

    ``allowed`` names capacities towards *each* subject instead (``accounts.authority``): a supervisor
    recording internal praise for their team, a confirmer completing a submission (``extra`` carries the
    capacities the caller established, such as "confirmer"; they never count for the subject, so
    nobody writes their own record whatever the door).
    """
    if actor is None:
        return
    ids = [i for i in subject_ids if i is not None]
    if allowed is None:
        require_roles(actor, Role.HR, action="录入证据")
        if ids and Employee.objects.filter(pk__in=ids, user_id=actor.pk).exists():
            raise Forbidden("不能录入、修改或删除本人的证据记录 (nobody decides about themself)", code="own_record")
        return
    for subject in Employee.objects.filter(pk__in=ids).order_by("pk"):
        authority.require_capacity(actor=actor, subject=subject, allowed=allowed, action="录入证据", extra=extra)


def _subject_ids(record: models.Model) -> list[int | None]:
    return [getattr(record, f"{s}_id") for s in _SUBJECTS if hasattr(record, f"{s}_id")]


def _evidence_snapshot(obj: models.Model) -> dict[str, str]:
    return {f.attname: str(getattr(obj, f.attname)) for f in obj._meta.concrete_fields
            if f.attname not in ("created_at", "updated_at")}


def _refuse_incident(record: models.Model) -> None:
    if isinstance(record, m.Incident):
        # An incident has consequences (deduction, demotion case): only discipline.services writes it.
        raise InvalidInput("事故请通过事故登记（incident_record）录入 (incidents are recorded by the discipline "
                           "services)", code="use_incident_service")


@transaction.atomic
def evidence_save(*, actor: AbstractBaseUser | None, record: models.Model, reason: str = "",
                  policy: Policy | None = None, allowed: Iterable[str] | None = None,
                  extra: Iterable[str] = ()) -> models.Model:
    """Validate and save one evidence record entered by hand, with an audit event of what changed.

    ``allowed``/``extra``: who may write it, see :func:`evidence_authorize` (HR by default).
    """
    _refuse_incident(record)
    model = type(record)
    creating = record._state.adding
    previous = None if creating else model.objects.select_for_update().get(pk=record.pk)
    # A change is checked against the subjects before and after: moving a record onto or off oneself.
    evidence_authorize(actor=actor, subject_ids=[*_subject_ids(record),
                                                 *(_subject_ids(previous) if previous else [])],
                       allowed=allowed, extra=extra)
    for name in ("customer", "note", "grade", "attested_by_no", "program"):
        if isinstance(getattr(record, name, None), str):
            setattr(record, name, getattr(record, name).strip())
    evidence_validate(policy=policy or _active_policy(), model=model, values=_values_of(record))
    before = {} if previous is None else _evidence_snapshot(previous)
    if creating and getattr(record, "created_by_id", None) is None and actor is not None and actor.is_authenticated:
        record.created_by = actor
    if not creating:
        # A record changed by hand is no longer what the file said: its provenance is the person.
        record.source_file, record.source_row = "", None
    try:
        with transaction.atomic():  # a savepoint: a duplicate must not poison the caller's transaction
            record.save()
    except IntegrityError:
        raise Conflict(f"已有相同的{model._meta.verbose_name}记录 (a record with the same key exists)",
                       code="duplicate_record") from None
    after = _evidence_snapshot(record)
    changed = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if not creating:
        changed.pop("source_file", None)
        changed.pop("source_row", None)
    audit_record(actor=actor, action=f"evidence.{'create' if creating else 'change'}", target=record,
                 reason=reason, data={"changed": changed})
    return record


def evidence_add(*, actor: AbstractBaseUser | None, kind: str, employee: Employee | None = None, reason: str = "",
                 policy: Policy | None = None, allowed: Iterable[str] | None = None, extra: Iterable[str] = (),
                 **fields: Any) -> models.Model:
    """Add one evidence record of ``kind`` (see :data:`EVIDENCE_KINDS`); a mentorship takes mentor/mentee.

    ``allowed``/``extra``: who may write it, see :func:`evidence_authorize` (HR by default).
    """
    model = EVIDENCE_KINDS.get(kind)
    if model is None:
        raise InvalidInput(f"未知证据类型 {kind!r}，应为：{'、'.join(EVIDENCE_KINDS)} (unknown kind)",
                           code="unknown_kind", field="kind")
    if employee is not None:
        fields["employee"] = employee
    try:
        record = model(**fields)
    except TypeError as exc:
        raise InvalidInput(f"字段无效 (invalid fields): {exc}", code="invalid_fields") from None
    return evidence_save(actor=actor, record=record, reason=reason, policy=policy, allowed=allowed, extra=extra)


def evidence_change(*, actor: AbstractBaseUser | None, record: models.Model, reason: str = "",
                    policy: Policy | None = None, allowed: Iterable[str] | None = None, extra: Iterable[str] = (),
                    **fields: Any) -> models.Model:
    """Change fields of one stored evidence record, validated and audited like an addition."""
    known = {f.name for f in record._meta.concrete_fields} - {"id", "created_by", "created_at", "updated_at"}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise InvalidInput(f"未知字段 {'、'.join(unknown)} (unknown fields)", code="invalid_fields",
                           field=unknown[0])
    record = type(record).objects.get(pk=record.pk)
    for name, value in fields.items():
        setattr(record, name, value)
    return evidence_save(actor=actor, record=record, reason=reason, policy=policy, allowed=allowed, extra=extra)


@transaction.atomic
def evidence_delete(*, actor: AbstractBaseUser | None, record: models.Model, reason: str = "") -> None:
    """Delete one evidence record entered or imported earlier, keeping its content in the audit event."""
    _refuse_incident(record)
    evidence_authorize(actor=actor, subject_ids=_subject_ids(record))
    audit_record(actor=actor, action="evidence.delete", target=record, reason=reason,
                 data={"deleted": _evidence_snapshot(record)})
    record.delete()


def _active_policy() -> Policy:
    from careerpath.policy_versions.selectors import active_policy

    return active_policy()
