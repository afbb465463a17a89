"""Every code a person may see, as a label in their language: one place for pages, PDFs and messages.

Levels, incident and leave types, competencies, exams, training programs and results and praise sources
come from the policy (``Policy.code_choices``); the workflow states from ``core.workflow.LABELS``;
database choices (education, gender, position reasons, ...) from their ``TextChoices``; the history's audit
actions ("audit_action": ``application.submit`` → 提交申请 / Submitted), the workflow's actions as buttons
("workflow_action") and who holds a step ("capacity": ``hr`` → 人力资源部) from the tables below. An unknown code
comes back as itself, never as an error: a page must render even for a code a newer policy dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.utils import timezone, translation

from careerpath.core.policy import CODE_KINDS, Policy
from careerpath.core.workflow import ACTION_LABELS, State
from careerpath.core.workflow import LABELS as STATE_LABELS
from careerpath.i18n import engine_lang
from careerpath.placement.workflow import LABELS as PLACEMENT_LABELS
from careerpath.requestscope import request_memo, request_scope  # noqa: F401 - request_scope re-exported

_MOVE_TYPES = {"promotion": ("晋升", "Promotion"), "lateral": ("横向调整", "Lateral move")}

# What happened, as a history line ("audit_action": the ``action`` of an audit event, past tense in English).
_AUDIT_ACTIONS = {
    **{f"application.{action}": pair for action, pair in ACTION_LABELS.items()},  # the workflow's own table
    "application.update": ("修改申请说明", "Statement edited"),
    "notice.publish": ("发布公示", "Notice published"),
    "notice.close": ("结束公示", "Notice closed"),
    "objection.file": ("提出公示异议", "Objection filed"),
    "objection.resolve": ("调解公示异议", "Objection mediated"),
    "letter.issue": ("发放晋升通知书", "Promotion letter issued"),
}
# What a person can do next, as a button ("workflow_action": a transition of core.workflow, imperative).
_WORKFLOW_ACTIONS = {
    "submit": ("修改并提交申请", "Edit and submit"),
    "supervisor_review": ("上级评审（面谈与评审报告）", "Review (interview and report)"),
    "manager_review": ("部门经理复审", "Manager review"),
    "committee_decide": ("评定小组评定", "Committee decision"),
    "vp_approve": ("分管副总审批", "VP approval"),
    "return_to_applicant": ("退回申请人", "Return to the applicant"),
    "publish_notice": ("发布公示", "Publish a notice"),
    "close_notice": ("结束公示", "Close the notice"),
    "return_to_review": ("调解异议", "Mediate the objection"),
    "hr_approve": ("人力资源部审批", "HR approval"),
    "issue_letter": ("发放晋升通知书", "Issue the letter"),
    "make_effective": ("生效", "Make effective"),
    "confirm": ("确认考察期通过", "Confirm the probation"),
    "revert": ("考察期未通过，恢复原职级", "Revert after probation"),
    "reject": ("驳回", "Reject"),
    "withdraw": ("撤回申请", "Withdraw"),
}
# Who holds a step: a capacity of accounts.authority, as the office people know it by.
_CAPACITIES = {
    "self": ("申请人", "The applicant"),
    "supervisor": ("直接上级", "Direct supervisor"),
    "manager": ("部门经理", "Department manager"),
    "committee": ("评定小组", "Assessment committee"),
    "vp": ("分管副总", "Vice president"),
    "hr": ("人力资源部", "Human resources"),
    "system": ("系统（到生效日自动执行）", "The system (on the effective date)"),
}
# Initial placement (初评, issue 9 "placement"): a run's state, from the workflow's own declaration.
_PLACEMENT_STATES = {s.value: pair for s, pair in PLACEMENT_LABELS.items()}
_PAIRS = {"move_type": _MOVE_TYPES, "audit_action": _AUDIT_ACTIONS, "workflow_action": _WORKFLOW_ACTIONS,
          "capacity": _CAPACITIES, "placement_state": _PLACEMENT_STATES}


def _choices() -> Mapping[str, type]:
    # Imported lazily: this module is imported by template tags before the apps are ready.
    from careerpath.people.models import Education, EmployeeStatus, Gender, PositionReason
    from careerpath.promotions.models import ApplicationRoute, NoticeState, ObjectionState

    return {"education": Education, "gender": Gender, "employee_status": EmployeeStatus,
            "position_reason": PositionReason, "route": ApplicationRoute, "notice_state": NoticeState,
            "objection_state": ObjectionState}


def _active_policy() -> Policy:
    from careerpath.evidence.selectors import policy_get

    # Looked up once per request (careerpath.requestscope): a page labelling a hundred levels must not
    # ask the database a hundred times. Outside a request every call looks it up afresh.
    memo = request_memo()
    if memo is None:
        return policy_get()
    if "active_policy" not in memo:
        memo["active_policy"] = policy_get()
    return memo["active_policy"]


def code_label(kind: str, code: str | None, *, lang: str | None = None, policy: Policy | None = None) -> str:
    """The label of ``code`` of ``kind`` in ``lang`` (the active language when None)."""
    if code is None or code == "":
        return ""
    lang = lang or engine_lang()
    if kind == "state":
        try:
            zh, en = STATE_LABELS[State(code)]
        except ValueError:
            return code
        return en if lang == "en" else zh
    if kind == "action":  # a workflow action of a promotion (an application's history)
        pair = ACTION_LABELS.get(code.removeprefix("application."))
        return (pair[1] if lang == "en" else pair[0]) if pair else code
    if kind in _PAIRS:
        pair = _PAIRS[kind].get(code)
        return (pair[1] if lang == "en" else pair[0]) if pair else code
    if kind in CODE_KINDS:
        return dict((policy or _active_policy()).code_choices(kind, lang)).get(code, code)
    choices = _choices().get(kind)
    if choices is None:
        raise KeyError(f"unknown label kind {kind!r}")
    try:
        label = choices(code).label
    except ValueError:
        return code
    # The choice labels are lazy translations; ``lang`` may differ from the request's (a Chinese PDF
    # asked for from an English page), so the label is rendered in the language asked for.
    with translation.override("en" if lang == "en" else "zh-hans"):
        return str(label)


def date_label(value: date | datetime | None, *, lang: str | None = None, with_time: bool = False) -> str:
    """A date the way people write it: 2027年3月1日 in Chinese, 1 Mar 2027 in English."""
    if value is None:
        return ""
    lang = lang or engine_lang()
    moment = None
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        value = moment.date()
    if lang == "en":
        text = f"{value.day} {value:%b} {value.year}"
        if with_time and moment is not None:
            text += f", {moment:%H:%M}"
        return text
    text = f"{value.year}年{value.month}月{value.day}日"
    if with_time and moment is not None:
        text += f" {moment:%H:%M}"
    return text
