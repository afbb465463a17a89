"""Internal competition's services: the closing date, who may apply, one selection per posting, permissions,
and the post filled on the effective date."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.core.workflow import State
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evidence.selectors import policy_get
from careerpath.jobs.services import effective_apply_all
from careerpath.org.services import headcount_set
from careerpath.promotions import services as ps
from careerpath.promotions.models import Application, Notification
from careerpath.promotions.review_report import Interview, ReviewReport
from careerpath.talent import services as ts
from careerpath.talent.models import Candidate, CandidateState, Posting, PostingState
from careerpath.talent.selectors import open_posts, pool_view, posting_eligibility
from tests.web.talent_world import AFTER_CLOSING, CLOSES_ON, TODAY, TalentWorld, build_talent

pytestmark = pytest.mark.django_db

STATEMENT = "本人带教新人三名，熟悉班组排班与异常处理，希望竞聘客服主管。"


@pytest.fixture
def w(db, settings) -> TalentWorld:  # noqa: ANN001
    return build_talent(settings)


def interview(on: date = AFTER_CLOSING) -> Interview:
    return Interview(held_on=on, mode="in_person", place="三楼会议室", topics="管理经验与班组目标", employee_view="愿意带团队")


def report() -> ReviewReport:
    return ReviewReport(performance="工作量稳定达标", competence="异常处理熟练", qualities="沟通顺畅",
                        development="参加储备干部培训", recommendation="recommend", conclusion="推荐竞聘入选")


def applied(w: TalentWorld, *who: str) -> tuple[Posting, list[Candidate]]:
    p = w.post()
    cands = [ts.candidate_apply(actor=w.users[u], posting=p, statement=STATEMENT, today=TODAY) for u in who]
    return p, cands


def scored(w: TalentWorld, cand: Candidate, score: str = "88") -> Candidate:
    w.today(AFTER_CLOSING)
    return ts.candidate_score(actor=w.users["hr"], candidate=cand, interview=interview(), report=report(),
                              score=score, today=AFTER_CLOSING)


# ---------------------------------------------------------------------------------------------------
# Posting: the vacancy, the closing date in working days, the invitations


def test_the_closing_date_counts_working_days_over_the_national_day(w):
    # given / when a 5-working-day posting on Monday 2026-09-28 (10-01 … 10-07 off)
    p = w.post(working_days=5)
    # then it closes at the end of 10-09: 09-28, 09-29, 09-30, 10-08, 10-09
    assert p.closes_on == CLOSES_ON and p.working_days == 5


@pytest.mark.parametrize(("days", "closes"), [(1, date(2026, 9, 28)), (3, date(2026, 9, 30)),
                                              (6, date(2026, 10, 10))])  # 10-10 is a 调休 Saturday
def test_the_closing_date_follows_the_calendar(w, days, closes):
    assert w.post(working_days=days).closes_on == closes


@pytest.mark.parametrize("days", [0, 41, -3])
def test_a_period_out_of_range_is_refused_naming_the_field(w, days):
    with pytest.raises(InvalidInput) as exc:
        w.post(working_days=days)
    assert exc.value.field == "working_days" and not Posting.objects.exists()


def test_only_a_vacancy_the_headcount_shows_may_be_posted(w):
    # given the one vacant supervisor post of the department, posted
    w.post()
    # when HR posts it a second time, then there is nothing left to offer
    with pytest.raises(Conflict) as exc:
        w.post()
    assert exc.value.code == "no_vacancy" and Posting.objects.count() == 1
    # and a department whose plan is full has none either
    headcount_set(actor=None, department=w.other, level="supervisor", planned=0)
    with pytest.raises(Conflict):
        w.post(department=w.other)


def test_a_skill_level_cannot_be_posted(w):
    with pytest.raises(InvalidInput) as exc:
        ts.posting_create(actor=w.users["hr"], level="expert", department=w.dept, working_days=5, today=TODAY)
    assert exc.value.field == "level"


@pytest.mark.parametrize("who", ["manager", "supervisor", "ready"])
def test_only_hr_posts(w, who):
    with pytest.raises(Forbidden):
        ts.posting_create(actor=w.users[who], level="supervisor", department=w.dept, working_days=5, today=TODAY)
    assert not Posting.objects.exists()


def test_the_pool_members_with_a_way_to_the_post_are_invited(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = w.post()
    # the department's 高级客服专员 (ready or not) are invited; the expert has no move to 主管, the far one is elsewhere
    invited = set(p.invitations.values_list("employee__employee_no", flat=True))
    assert invited == {"E1", "E2"}
    notes = Notification.objects.filter(url=f"/talent/postings/{p.pk}/")
    assert {n.user.username for n in notes} == {"ready", "unready"}
    assert AuditEvent.objects.filter(action="posting.create", target_id=str(p.pk)).exists()
    # and the vacancy is now held by the posting
    post = next(o for o in open_posts(policy=policy_get()) if o.department_id == w.dept.pk and o.level == "supervisor")
    assert (post.vacant, post.posted, post.left) == (1, 1, 0)


# ---------------------------------------------------------------------------------------------------
# Applying


def test_an_eligible_member_applies(w):
    p, [c] = applied(w, "ready")
    assert c.state == CandidateState.APPLIED and c.move_id == "senior_to_supervisor" and c.from_level == "senior"
    assert AuditEvent.objects.filter(action="candidate.apply", target_id=str(c.pk)).exists()


@pytest.mark.parametrize(("who", "code"), [("unready", "not_eligible"), ("far", "other_department"),
                                           ("expert", "not_a_move")])
def test_who_may_not_apply_is_told_why(w, who, code):
    p = w.post()
    verdict = posting_eligibility(posting=p, employee=w.users[who].employee, policy=policy_get(), as_of=TODAY)
    assert not verdict.ok and verdict.code == code
    with pytest.raises(InvalidInput) as exc:
        ts.candidate_apply(actor=w.users[who], posting=p, statement=STATEMENT, today=TODAY)
    assert exc.value.code == code and not Candidate.objects.exists()


def test_a_posting_of_a_parent_department_is_open_to_its_subdepartments(w):
    headcount_set(actor=None, department=w.center, level="supervisor", planned=1)
    p = w.post(department=w.center)
    for who in ("ready", "far"):
        ts.candidate_apply(actor=w.users[who], posting=p, statement=STATEMENT, today=TODAY)
    assert p.candidates.count() == 2


def test_nobody_applies_after_the_closing_day_or_twice(w):
    p, _ = applied(w, "ready")
    with pytest.raises(Conflict) as twice:
        ts.candidate_apply(actor=w.users["ready"], posting=p, statement=STATEMENT, today=TODAY)
    assert twice.value.code == "already_applied"
    w.today(AFTER_CLOSING)
    with pytest.raises(Conflict) as late:
        ts.candidate_apply(actor=w.users["unready"], posting=p, statement=STATEMENT, today=AFTER_CLOSING)
    assert late.value.code == "closed"


def test_someone_with_an_open_application_may_not_apply(w):
    ps.application_create(actor=w.users["ready"], employee=w.ready, to_level="project_supervisor")
    p = w.post()
    with pytest.raises(Conflict) as exc:
        ts.candidate_apply(actor=w.users["ready"], posting=p, statement=STATEMENT, today=TODAY)
    assert exc.value.code == "already_open"


def test_a_statement_is_required(w):
    p = w.post()
    with pytest.raises(InvalidInput) as exc:
        ts.candidate_apply(actor=w.users["ready"], posting=p, statement="想当主管", today=TODAY)
    assert exc.value.field == "statement" and not Candidate.objects.exists()


def test_a_login_without_an_employee_cannot_apply(w):
    p = w.post()
    with pytest.raises(Forbidden):
        ts.candidate_apply(actor=w.users["hr"], posting=p, statement=STATEMENT, today=TODAY)


# ---------------------------------------------------------------------------------------------------
# Scoring with the promotion's review form


def test_hr_scores_with_the_review_form(w):
    _, [c] = applied(w, "ready")
    c = scored(w, c, "86.5")
    assert c.state == CandidateState.SCORED and str(c.score) == "86.50"
    assert "面谈要点" in c.interview_note and "一、工作业绩" in c.review_report and "评审结论：推荐晋升" in c.review_report


@pytest.mark.parametrize(("change", "field"), [({"score": "101"}, "score"), ({"score": "abc"}, "score"),
                                               ({"held_on": date(2026, 10, 20)}, "held_on")])
def test_a_bad_score_or_interview_is_refused_naming_the_field(w, change, field):
    _, [c] = applied(w, "ready")
    w.today(AFTER_CLOSING)
    iv = interview(change.get("held_on", AFTER_CLOSING))
    with pytest.raises(InvalidInput) as exc:
        ts.candidate_score(actor=w.users["hr"], candidate=c, interview=iv, report=report(),
                           score=change.get("score", "80"), today=AFTER_CLOSING)
    assert exc.value.field == field
    assert Candidate.objects.get(pk=c.pk).state == CandidateState.APPLIED


@pytest.mark.parametrize("who", ["manager", "supervisor", "unready"])
def test_only_hr_scores(w, who):
    _, [c] = applied(w, "ready")
    with pytest.raises(Forbidden):
        ts.candidate_score(actor=w.users[who], candidate=c, interview=interview(TODAY), report=report(), score=80,
                           today=TODAY)


def test_nobody_scores_themself(w):
    from django.contrib.auth.models import Group

    _, [c] = applied(w, "ready")
    w.users["ready"].groups.add(Group.objects.get(name="hr"))
    with pytest.raises(Forbidden) as exc:
        ts.candidate_score(actor=w.users["ready"], candidate=c, interview=interview(TODAY), report=report(),
                           score=99, today=TODAY)
    assert exc.value.code == "self_decision"


# ---------------------------------------------------------------------------------------------------
# Selection: one per posting, and the usual workflow


def test_selecting_opens_and_submits_the_promotion(w, django_capture_on_commit_callbacks):
    headcount_set(actor=None, department=w.center, level="supervisor", planned=1)
    p = w.post(department=w.center)
    a = ts.candidate_apply(actor=w.users["ready"], posting=p, statement=STATEMENT, today=TODAY)
    b = ts.candidate_apply(actor=w.users["far"], posting=p, statement=STATEMENT, today=TODAY)
    scored(w, a, "90")
    scored(w, b, "80")
    with django_capture_on_commit_callbacks(execute=True):
        p = ts.posting_select(actor=w.users["hr"], posting=p, candidate=a, today=AFTER_CLOSING, note="综合最优")
    app = Application.objects.get(pk=p.application_id)
    assert p.state == PostingState.SELECTED
    assert (app.employee, app.to_level, app.state, app.move_id) == (w.ready, "supervisor", State.SUBMITTED,
                                                                     "senior_to_supervisor")
    assert "内部竞聘" in app.statement and app.eligible is True
    assert Candidate.objects.get(pk=b.pk).state == CandidateState.NOT_SELECTED
    assert Notification.objects.filter(user=w.users["far"], url=f"/talent/postings/{p.pk}/").exists()
    # one selection per posting
    with pytest.raises(Conflict) as again:
        ts.posting_select(actor=w.users["hr"], posting=p, candidate=b, today=AFTER_CLOSING)
    assert again.value.code == "already_selected"


def test_no_selection_before_the_closing_day_or_without_a_score(w):
    p = w.post()
    a = ts.candidate_apply(actor=w.users["ready"], posting=p, statement=STATEMENT, today=TODAY)
    with pytest.raises(Conflict) as early:
        ts.posting_select(actor=w.users["hr"], posting=p, candidate=a, today=CLOSES_ON)
    assert early.value.code == "posting_running"
    w.today(AFTER_CLOSING)
    with pytest.raises(InvalidInput) as unscored:
        ts.posting_select(actor=w.users["hr"], posting=p, candidate=a, today=AFTER_CLOSING)
    assert unscored.value.code == "not_scored"
    assert Posting.objects.get(pk=p.pk).state == PostingState.OPEN and not Application.objects.exists()


def test_only_hr_selects(w):
    p, [a] = applied(w, "ready")
    scored(w, a)
    with pytest.raises(Forbidden):
        ts.posting_select(actor=w.users["manager"], posting=p, candidate=a, today=AFTER_CLOSING)
    assert Posting.objects.get(pk=p.pk).state == PostingState.OPEN


def test_the_post_is_filled_on_the_effective_date(w):
    # given a company-centre post won by someone of a sub-department
    headcount_set(actor=None, department=w.center, level="supervisor", planned=1)
    p = w.post(department=w.center)
    a = ts.candidate_apply(actor=w.users["ready"], posting=p, statement=STATEMENT, today=TODAY)
    scored(w, a)
    p = ts.posting_select(actor=w.users["hr"], posting=p, candidate=a, today=AFTER_CLOSING)
    # when the promotion runs the usual workflow to its effective date
    u = w.users
    app = Application.objects.get(pk=p.application_id)
    app = ps.application_supervisor_review(actor=u["supervisor"], application=app, interview_note="面谈",
                                           review_report="同意")
    app = ps.application_manager_review(actor=u["manager"], application=app, note="同意")
    notice = ps.notice_publish(actor=u["hr"], applications=[app], published_on=AFTER_CLOSING,
                               effective_on=date(2026, 10, 26))
    w.today(date(2026, 10, 20))
    ps.notice_close(actor=u["hr"], notice=notice, today=date(2026, 10, 20))
    app = ps.application_hr_approve(actor=u["hr"], application=Application.objects.get(pk=app.pk))
    ps.letter_issue(actor=u["hr"], application=app, issued_on=date(2026, 10, 20))
    effective_apply_all(today=date(2026, 10, 26))
    # then the person holds the post, in the posting's department, and the vacancy is gone
    w.ready.refresh_from_db()
    p.refresh_from_db()
    assert w.ready.department == w.center and p.filled_on == date(2026, 10, 26)
    assert not [o for o in open_posts(policy=policy_get()) if o.department_id == w.center.pk]  # the plan is full
    # and running again changes nothing
    effective_apply_all(today=date(2026, 10, 27))
    assert Posting.objects.get(pk=p.pk).filled_on == date(2026, 10, 26)
    assert AuditEvent.objects.filter(action="posting.fill").count() == 1


def test_cancelling_needs_a_reason_and_tells_the_candidates(w, django_capture_on_commit_callbacks):
    p, [a] = applied(w, "ready")
    with pytest.raises(InvalidInput):
        ts.posting_cancel(actor=w.users["hr"], posting=p, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        ts.posting_cancel(actor=w.users["hr"], posting=p, reason="编制调整")
    assert Posting.objects.get(pk=p.pk).state == PostingState.CANCELLED
    assert Notification.objects.filter(user=w.users["ready"], text__contains="编制调整").exists()


# ---------------------------------------------------------------------------------------------------
# The pool


def test_the_pool_is_the_people_at_the_pool_levels(w):
    view = pool_view(user=w.users["hr"], policy=policy_get(), as_of=TODAY, lang="zh")
    assert {m.employee_no for m in view.members} == {"E1", "E2", "E3", "E4"}
    ready = next(m for m in view.members if m.employee_no == "E1")
    assert {r.target_level for r in ready.moves} == {"supervisor", "project_supervisor"}
    assert any(r.eligible for r in ready.moves) and all(r.criteria for r in ready.moves)
    unready = next(m for m in view.members if m.employee_no == "E2")
    assert not unready.ready and any(not c.passed and c.id == "attested" for r in unready.moves for c in r.criteria)


def test_a_manager_sees_their_department_and_an_employee_nothing(w):
    view = pool_view(user=w.users["manager"], policy=policy_get(), as_of=TODAY, lang="zh")
    assert {m.employee_no for m in view.members} == {"E1", "E2", "E4"}
    with pytest.raises(Forbidden):
        pool_view(user=w.users["ready"], policy=policy_get(), as_of=TODAY, lang="zh")


# ---------------------------------------------------------------------------------------------------
# Reopening after the selected person's promotion ended without effect


def _selected(w: TalentWorld) -> tuple[Posting, Candidate, Candidate]:
    headcount_set(actor=None, department=w.center, level="supervisor", planned=1)
    p = w.post(department=w.center)
    a = ts.candidate_apply(actor=w.users["ready"], posting=p, statement=STATEMENT, today=TODAY)
    b = ts.candidate_apply(actor=w.users["far"], posting=p, statement=STATEMENT, today=TODAY)
    scored(w, a, "90")
    scored(w, b, "80")
    return ts.posting_select(actor=w.users["hr"], posting=p, candidate=a, today=AFTER_CLOSING), a, b


def test_a_posting_reopens_when_the_selected_application_is_rejected(w, django_capture_on_commit_callbacks):
    # given the selected person's promotion rejected at the supervisor's review
    p, a, b = _selected(w)
    ps.application_reject(actor=w.users["supervisor"], application=Application.objects.get(pk=p.application_id),
                          reason="面谈后认为暂不具备带班能力")
    # when HR reopens the selection with a reason
    with django_capture_on_commit_callbacks(execute=True):
        p = ts.posting_reopen(actor=w.users["hr"], posting=p, reason="原入选人晋升未获批准")
    # then the other scored candidate may be selected, and the first is out
    assert (p.state, p.application_id) == (PostingState.OPEN, None)
    assert Candidate.objects.get(pk=a.pk).state == CandidateState.NOT_SELECTED
    assert Candidate.objects.get(pk=b.pk).state == CandidateState.SCORED
    assert Notification.objects.filter(user=w.users["far"], text__contains="原入选人晋升未获批准").exists()
    assert AuditEvent.objects.filter(action="posting.reopen").count() == 1
    p = ts.posting_select(actor=w.users["hr"], posting=p, candidate=b, today=AFTER_CLOSING)
    assert Application.objects.get(pk=p.application_id).employee == w.far


def test_a_running_selection_cannot_be_reopened_and_a_reason_is_required(w):
    p, _a, _b = _selected(w)
    with pytest.raises(Conflict) as running:
        ts.posting_reopen(actor=w.users["hr"], posting=p, reason="改选")
    assert running.value.code == "application_running"
    ps.application_withdraw(actor=w.users["ready"], application=Application.objects.get(pk=p.application_id),
                            reason="个人原因")
    with pytest.raises(InvalidInput):
        ts.posting_reopen(actor=w.users["hr"], posting=p, reason="  ")
    with pytest.raises(Forbidden):
        ts.posting_reopen(actor=w.users["manager"], posting=p, reason="改选")
    assert Posting.objects.get(pk=p.pk).state == PostingState.SELECTED
    assert ts.posting_reopen(actor=w.users["hr"], posting=p, reason="本人撤回").state == PostingState.OPEN
    with pytest.raises(Conflict) as again:
        ts.posting_reopen(actor=w.users["hr"], posting=p, reason="再次")
    assert again.value.code == "invalid_transition"
