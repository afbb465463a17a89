"""Mentoring pairs: who arranges them, the plan, the mentor's confirmation of independent operation (the
evidence the engine counts, one source) and the supervisor's correction; the mentors' record; the API."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evaluation.selectors import evaluation_run
from careerpath.evidence import models as ev
from careerpath.mentoring import selectors as sel
from careerpath.mentoring import services as s
from careerpath.mentoring.models import Pair, PairState
from careerpath.policy_versions.selectors import active_policy
from careerpath.promotions.models import Notification
from tests.apiclient import Api
from tests.web.evidence_company import AS_OF, company_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
START = date(2026, 8, 3)
PLANNED = date(2026, 9, 30)


def _mentoring_passes() -> bool:
    result = next(r for r in evaluation_run(policy=active_policy(), as_of=AS_OF, employee_no="E1").results
                  if r.move_id == "junior_to_intermediate")
    return next(c for c in result.criteria if c.id == "mentoring").passed


def _pair(company, who: str = "far") -> Pair:  # noqa: ANN001
    return s.pair_create(actor=company.user(who), mentor=company.agent, mentee=company.mentee, started_on=START,
                         planned_on=PLANNED, goals=[("独立处理A级订单", date(2026, 9, 1))])


def test_the_supervisor_pairs_adopting_the_imported_mentorship_and_both_are_told(
        company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pair = _pair(company)
    assert pair.mentorship == company.mentorship and pair.goals.count() == 1
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"agent", "mentee"}
    assert AuditEvent.objects.filter(action="mentoring.create", target_id=str(pair.pk)).exists()


def test_a_new_pair_creates_its_mentorship_through_the_evidence_services(company):
    company.mentorship.delete()
    pair = s.pair_create(actor=company.user("hr"), mentor=company.colleague, mentee=company.mentee,
                         started_on=START, planned_on=PLANNED)
    m = ev.Mentorship.objects.get(mentor=company.colleague, mentee=company.mentee)
    assert pair.mentorship == m and m.start_on == START and m.created_by == company.user("hr")
    assert AuditEvent.objects.filter(action="evidence.create", target_id=str(m.pk)).exists()


@pytest.mark.parametrize(("who", "error", "code"), [
    ("agent", Forbidden, "forbidden_role"),  # the mentor alone does not pair
    ("supervisor", Forbidden, "out_of_scope"),  # another team's supervisor
    ("mentee", Forbidden, "self_decision"),
])
def test_only_hr_or_the_mentee_s_supervisor_pairs(company, who, error, code):
    with pytest.raises(error) as exc:
        _pair(company, who)
    assert exc.value.code == code and not Pair.objects.exists()


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"planned_on": date(2026, 7, 1)}, "plan_before_start"),
    ({"purpose": "buddy"}, "unknown_purpose"),
])
def test_bad_input_is_refused(company, kwargs, code):
    args = {"actor": company.user("far"), "mentor": company.agent, "mentee": company.mentee, "started_on": START,
            "planned_on": PLANNED, **kwargs}
    with pytest.raises(InvalidInput) as exc:
        s.pair_create(**args)
    assert exc.value.code == code


def test_one_active_pair_per_mentee(company):
    _pair(company)
    with pytest.raises(Conflict) as exc:
        s.pair_create(actor=company.user("hr"), mentor=company.colleague, mentee=company.mentee, started_on=START,
                      planned_on=PLANNED)
    assert exc.value.code == "pair_exists"


def test_the_mentor_confirms_it_counts_at_once_and_the_supervisor_may_undo_it(
        company, django_capture_on_commit_callbacks):
    pair = _pair(company)
    s.checkin_add(actor=company.user("agent"), pair=pair, on=date(2026, 9, 1), note="练习了退换货流程")
    assert not _mentoring_passes()
    with pytest.raises(Forbidden):
        s.pair_confirm_independence(actor=company.user("far"), pair=pair, on=date(2026, 9, 15), note="x")
    with django_capture_on_commit_callbacks(execute=True):
        s.pair_confirm_independence(actor=company.user("agent"), pair=pair, on=date(2026, 9, 15),
                                    note="已能独立处理A级订单")
    company.mentorship.refresh_from_db()
    assert company.mentorship.independent_on == date(2026, 9, 15) and _mentoring_passes()
    assert Pair.objects.get(pk=pair.pk).state == PairState.COMPLETED
    assert Notification.objects.filter(user=company.user("far"), url=s.pair_url(pair)).exists()
    assert AuditEvent.objects.filter(action="mentoring.confirm", actor=company.user("agent")).exists()
    # the mentor's record shows it
    rec = next(r for r in sel.mentor_records() if r.employee_no == "E1")
    assert (rec.mentees, rec.independent, rec.median_days) == (1, 1, (date(2026, 9, 15) - date(2026, 6, 5)).days)
    # the mentor cannot undo; the mentee's supervisor does, with a reason
    with pytest.raises(Forbidden):
        s.pair_undo_independence(actor=company.user("agent"), pair=pair, reason="x")
    s.pair_undo_independence(actor=company.user("far"), pair=pair, reason="尚不能独立处理投诉")
    company.mentorship.refresh_from_db()
    assert company.mentorship.independent_on is None and not _mentoring_passes()
    assert Pair.objects.get(pk=pair.pk).state == PairState.ACTIVE


@pytest.mark.parametrize(("on", "code"), [(date(2026, 10, 1), "future_date"), (date(2026, 8, 1), "before_start")])
def test_the_confirmation_date_is_checked(company, on, code):
    pair = _pair(company)
    with pytest.raises(InvalidInput) as exc:
        s.pair_confirm_independence(actor=company.user("agent"), pair=pair, on=on, note="好")
    assert exc.value.code == code


def test_pairs_are_seen_by_the_mentor_the_mentee_s_side_and_hr_only(company):
    pair = _pair(company)
    for who in ("agent", "far", "mentee", "hr"):
        assert sel.pair_get(user=company.user(who), pk=pair.pk) is not None, who
    for who in ("colleague", "supervisor"):
        assert sel.pair_get(user=company.user(who), pk=pair.pk) is None, who


def test_mentor_records_sort(company):
    _pair(company)
    assert [r.employee_no for r in sel.mentor_records(sort="name")] == ["E1"]
    assert sel.mentor_records()[0].active_pairs == 1 and sel.mentor_records()[0].in_training == 1


# ---------------------------------------------------------------------------------------------------
# REST


def test_the_pair_runs_over_the_api(company):
    far, agent, hr = Api(company.user("far")), Api(company.user("agent")), Api(company.user("hr"))
    r = far.post("/mentoring/pairs", {"mentor": "E1", "mentee": "N1", "started_on": "2026-08-03",
                                      "planned_on": "2026-09-30", "goals": [{"text": "熟悉系统", "due_on": "2026-08-20"}]})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert agent.post(f"/mentoring/pairs/{pk}/checkins", {"on": "2026-09-01", "note": "进展顺利"}).status_code == 201
    g = agent.post(f"/mentoring/pairs/{pk}/goals", {"text": "独立处理投诉", "due_on": "2026-09-20"})
    assert g.status_code == 201
    assert agent.post(f"/mentoring/goals/{g.json()['id']}/done", {"done_on": "2026-09-20"}).json()["done_on"] == \
        "2026-09-20"
    r = agent.post(f"/mentoring/pairs/{pk}/confirm", {"on": "2026-09-15", "note": "能独立操作"})
    assert r.status_code == 200 and r.json()["state"] == "completed"
    assert agent.get("/mentoring/pairs").json()[0]["completed_on"] == "2026-09-15"
    rows = hr.get("/mentoring/mentors?sort=median").json()
    assert rows[0]["employee_no"] == "E1" and rows[0]["independent"] == 1
    assert far.post(f"/mentoring/pairs/{pk}/undo", {"reason": "需再练习"}).json()["state"] == "active"


@pytest.mark.parametrize(("who", "method", "path", "body", "status"), [
    ("far", "post", "/mentoring/pairs", {"mentor": "E1", "mentee": "N1", "started_on": "2026-08-03",
                                         "planned_on": "2026-07-01"}, 400),
    ("far", "post", "/mentoring/pairs", {"mentor": "E1", "mentee": "N1", "started_on": "nope",
                                         "planned_on": "2026-07-01"}, 400),
    ("far", "post", "/mentoring/pairs", {"mentor": "X9", "mentee": "N1", "started_on": "2026-08-03",
                                         "planned_on": "2026-09-01"}, 404),
    ("agent", "post", "/mentoring/pairs", {"mentor": "E1", "mentee": "N1", "started_on": "2026-08-03",
                                           "planned_on": "2026-09-01"}, 403),
    ("agent", "get", "/mentoring/mentors", None, 403),
    ("hr", "get", "/mentoring/mentors?sort=bogus", None, 400),
    ("hr", "get", "/mentoring/pairs/999", None, 404),
    ("hr", "get", "/mentoring/probation/999", None, 404),
])
def test_bad_api_input_is_a_4xx(company, who, method, path, body, status):
    api = Api(company.user(who))
    r = api.post(path, body) if method == "post" else api.get(path)
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/json")
