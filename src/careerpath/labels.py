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
    # talent: internal competition (内部竞聘)
    "posting.create": ("发布内部竞聘", "Internal competition posted"),
    "posting.cancel": ("取消内部竞聘", "Internal competition cancelled"),
    "posting.reopen": ("重新开放内部竞聘", "Internal competition reopened"),
    "posting.select": ("内部竞聘选定人选", "Candidate selected in the internal competition"),
    "posting.fill": ("竞聘岗位到岗", "Post filled"),
    "candidate.apply": ("报名内部竞聘", "Applied for the internal competition"),
    "candidate.withdraw": ("撤回竞聘报名", "Candidacy withdrawn"),
    "candidate.score": ("竞聘面试评分", "Candidate interviewed and scored"),
}
# The rest of the audit log's actions, for the audit viewer (issue 9, data part): every action a service records.
_AUDIT_ACTIONS.update({
    "application.supervisor_review": ("直接上级评审通过", "Reviewed by the supervisor"),
    "application.vp_return": ("分管副总退回", "Returned by the VP"),
    "application.nominate": ("提报候选人", "Nominated"),
    "allowance_deduction.create": ("登记津贴扣减", "Allowance deduction recorded"),
    "allowance_deduction.delete": ("删除津贴扣减", "Allowance deduction deleted"),
    "api_token.create": ("创建 API 令牌", "API token created"),
    "api_token.revoke": ("吊销 API 令牌", "API token revoked"),
    "calendar.refresh": ("更新法定工作日历", "Statutory calendar refreshed"),
    "calendar.set_year": ("录入工作日历", "Working-day calendar entered"),
    "calendar.set_day": ("修改工作日历中的一天", "Calendar day changed"),
    "candidate.decide": ("评定候选人", "Candidate decided"),
    "candidate.nominate": ("提报候选人", "Candidate nominated"),
    "candidate.leave_out": ("未提报（附理由）", "Left out of the nominations (with a reason)"),
    "policy_draft.create": ("新建政策草稿", "Policy draft created"),
    "policy_draft.save": ("保存政策草稿", "Policy draft saved"),
    "policy_draft.publish": ("发布政策草稿", "Policy draft published"),
    "simulation.start": ("开始政策模拟", "What-if simulation started"),
    "candidate.withdraw_nomination": ("撤回提报", "Nomination withdrawn"),
    "cycle.open": ("开启年度评选", "Cycle opened"),
    "cycle.refresh_candidates": ("刷新候选名单", "Candidate lists refreshed"),
    "cycle.start_nominations": ("开始提报", "Nominations opened"),
    "cycle.close_nominations": ("结束提报", "Nominations closed"),
    "cycle.score": ("计分排名", "Scored and ranked"),
    "cycle.conclude": ("评定小组完成评定", "Committee concluded"),
    "cycle.vp_approve": ("分管副总审批评选", "Cycle approved by the VP"),
    "cycle.vp_return": ("分管副总退回评选", "Cycle returned by the VP"),
    "cycle.publish_notice": ("评选进入公示", "Cycle notice published"),
    "cycle.hr_approve": ("人力资源部审批评选", "Cycle approved by HR"),
    "cycle.issue_letters": ("评选通知书已发放", "Cycle letters issued"),
    "cycle.make_effective": ("评选结果生效", "Cycle took effect"),
    "demotion_case.open": ("发起降级", "Demotion case opened"),
    "demotion_case.notes": ("修改降级说明", "Demotion case notes edited"),
    "demotion_case.link_incident": ("关联事故", "Incident linked"),
    "demotion_case.unlink_incident": ("取消关联事故", "Incident unlinked"),
    "demotion_case.supervisor_review": ("降级：直接上级审核", "Demotion reviewed by the supervisor"),
    "demotion_case.manager_review": ("降级：部门经理审核", "Demotion reviewed by the manager"),
    "demotion_case.hr_approve": ("降级：人力资源部审批", "Demotion approved by HR"),
    "demotion_case.make_effective": ("降级生效", "Demotion took effect"),
    "demotion_case.reject": ("驳回降级", "Demotion rejected"),
    "demotion_case.withdraw": ("撤回降级", "Demotion withdrawn"),
    "discipline_document.add": ("上传处分材料", "Discipline document added"),
    "employee.update": ("修改员工信息", "Employee edited"),
    "evidence.create": ("登记证据", "Evidence recorded"),
    "evidence.change": ("修改证据", "Evidence edited"),
    "evidence.delete": ("删除证据", "Evidence deleted"),
    "evidence.import": ("导入工作簿", "Workbook imported"),
    "evidence_submission.submit": ("提交证据待确认", "Evidence submitted"),
    "evidence_submission.confirm": ("确认证据", "Evidence confirmed"),
    "evidence_submission.reject": ("退回证据", "Evidence rejected"),
    "exam.import": ("导入考试成绩", "Exam results imported"),
    "exam.record": ("录入考试成绩", "Exam result entered"),
    "headcount.set": ("设置编制", "Headcount set"),
    "incident.record": ("登记事故", "Incident recorded"),
    "incident.change": ("修改事故", "Incident edited"),
    "incident.delete": ("删除事故", "Incident deleted"),
    "placement.start": ("开始定岗", "Placement started"),
    "placement.review": ("定岗复核", "Placement reviewed"),
    "placement.close_review": ("结束定岗复核", "Placement review closed"),
    "placement.confirm": ("确认定岗", "Placement confirmed"),
    "policy.create": ("创建晋升办法草稿", "Policy draft created"),
    "policy.publish": ("发布晋升办法", "Policy published"),
    "policy.activate": ("启用晋升办法", "Policy activated"),
    "position.change": ("变更职级", "Position changed"),
    "quota.set": ("设置名额", "Quota set"),
    "quota.remove": ("删除名额", "Quota removed"),
    "user.add": ("添加用户", "User added"),
    "user.set_roles": ("设置角色", "Roles set"),
    "user.unlock": ("解锁账号", "Login unlocked"),
    "user.deactivate": ("停用账号", "Login deactivated"),
    "user.activate": ("启用账号", "Login activated"),
})
# Recognition (issue 10): award rounds, awards and 辅助晋级项 contributions.
_AUDIT_ACTIONS.update({
    "recognition.propose": ("按规则提出评优候选人", "Award candidates proposed by the rule"),
    "recognition.nominate": ("提名候选人", "Candidate nominated"),
    "recognition.leave_out": ("不提名候选人（附理由）", "Candidate left out (with a reason)"),
    "recognition.add": ("增补提名（附理由）", "Nominee added (with a reason)"),
    "recognition.submit": ("提交评优提名", "Award nomination submitted"),
    "recognition.approve": ("批准评优", "Award approved"),
    "recognition.return": ("退回评优提名", "Award nomination sent back"),
    "recognition.close": ("关闭评优评选", "Award round closed"),
    "recognition.revoke": ("撤销奖项", "Award revoked"),
    "recognition.contribution_propose": ("提报辅助晋级项", "Bonus contribution proposed"),
    "recognition.contribution_decide": ("审核辅助晋级项", "Bonus contribution decided"),
})
# Training, mentoring, voice, notifications and the reopened posting (issue 10).
for _code, _pair in {
    "posting.reopen": ("重新开放竞聘岗位", "Posting reopened"),
    "training.program_create": ("新建培训项目", "Training program created"),
    "training.program_update": ("修改培训项目", "Training program edited"),
    "training.session_create": ("新建培训班次", "Training session created"),
    "training.session_update": ("修改培训班次", "Training session edited"),
    "training.session_cancel": ("取消培训班次", "Training session cancelled"),
    "training.session_close": ("培训班次结业", "Training session closed"),
    "training.enrol": ("报名培训", "Enrolled in training"),
    "training.enrolment_cancel": ("取消培训报名", "Training enrolment cancelled"),
    "training.result_record": ("登记培训结果", "Training result recorded"),
    "training.result_remove": ("删除培训结果", "Training result removed"),
    "mentoring.create": ("建立师徒带教", "Mentoring pair created"),
    "mentoring.goal_add": ("添加带教目标", "Mentoring goal added"),
    "mentoring.goal_done": ("完成带教目标", "Mentoring goal completed"),
    "mentoring.checkin": ("记录带教辅导", "Mentoring check-in recorded"),
    "mentoring.confirm": ("师傅确认独立上岗", "Independent work confirmed by the mentor"),
    "mentoring.undo": ("撤销独立上岗确认", "Independent-work confirmation undone"),
    "mentoring.end": ("结束师徒带教", "Mentoring pair ended"),
    "mentoring.plan_create": ("生成试用期计划", "Probation plan created"),
    "mentoring.plan_mentor": ("指定试用期师傅", "Probation mentor assigned"),
    "mentoring.task_record": ("记录试用期任务", "Probation task recorded"),
    "mentoring.probation_close": ("试用期带教结束", "Probation mentoring closed"),
    "survey.create": ("新建调查问卷", "Survey created"),
    "survey.update": ("修改调查问卷", "Survey edited"),
    "survey.question_add": ("添加问卷题目", "Survey question added"),
    "survey.question_remove": ("删除问卷题目", "Survey question removed"),
    "survey.open": ("发布调查问卷", "Survey opened"),
    "survey.close": ("关闭调查问卷", "Survey closed"),
    "survey.answer": ("参与调查问卷", "Survey answered"),
    "suggestion.submit": ("提交意见建议", "Suggestion submitted"),
    "suggestion.reply": ("答复意见建议", "Suggestion answered"),
    "notifications.preferences_save": ("保存通知设置", "Notification settings saved"),
    "notifications.robot_save": ("保存群机器人", "Group robot saved"),
    "notifications.robot_delete": ("删除群机器人", "Group robot deleted"),
    "notifications.robot_test": ("测试群机器人", "Group robot tested"),
    "notifications.delivery_retry": ("重发通知", "Notification sent again"),
}.items():
    _AUDIT_ACTIONS.setdefault(_code, _pair)
for _code, _pair in ACTION_LABELS.items():  # every transition of an application, in the history's words
    _AUDIT_ACTIONS.setdefault(f"application.{_code}", _pair)

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
# The annual cycle (评选): what decided a tie of totals (cycles.screens.tie_break), in core.cycle.rank's order.
_CYCLE_TIES = {
    "appraisal": ("总分相同，考评A较高者在前", "Equal totals: the higher appraisal A first"),
    "months_in_level": ("总分与考评相同，本职级任职时间较长者在前", "Equal totals and A: longer in the level first"),
    "hired_on": ("总分、考评与任职时间相同，入职较早者在前", "Equal totals, A and months: earlier hire first"),
    "employee_no": ("以上均相同，按工号顺序", "All equal: by employee number"),
}
# Each kind of pair, by name; a part adds its own kind in one line here.
_PAIRS = {
    "move_type": _MOVE_TYPES, "audit_action": _AUDIT_ACTIONS, "workflow_action": _WORKFLOW_ACTIONS,
    "capacity": _CAPACITIES,
    "placement_state": _PLACEMENT_STATES,
    "cycle_tie": _CYCLE_TIES,
}


def _choices() -> Mapping[str, type]:
    # Imported lazily: this module is imported by template tags before the apps are ready.
    from careerpath.people.models import Education, EmployeeStatus, Gender, PositionReason
    from careerpath.promotions.models import ApplicationRoute, NoticeState, ObjectionState
    from careerpath.talent.models import CandidateState, PostingState

    return {"education": Education, "gender": Gender, "employee_status": EmployeeStatus,
            "position_reason": PositionReason, "route": ApplicationRoute, "notice_state": NoticeState,
            "objection_state": ObjectionState,
            # talent: internal competition (内部竞聘)
            "posting_state": PostingState, "candidate_state": CandidateState}


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


def request_policy() -> Policy:
    """The active policy, looked up once per request (the one the labels use): for pages that need it too."""
    return _active_policy()


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
