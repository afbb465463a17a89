"""The reviews' domain pieces: returning an application, the supervisor's report composed from its sections,
and the comparison of the submission's snapshot with today."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.errors import Conflict, InvalidInput
from careerpath.evidence.services import evidence_add
from careerpath.policy_versions.selectors import active_policy
from careerpath.promotions import services as s
from careerpath.promotions.models import Application, Notification
from careerpath.promotions.review_report import Interview, ReviewReport
from careerpath.promotions.selectors import application_version
from careerpath.promotions.snapshots import Change, snapshot_compare, snapshot_facts, snapshot_result

from .conftest import AS_OF, Api

# ---------------------------------------------------------------------------------------------------
# The report's parts

GOOD_INTERVIEW = dict(held_on=AS_OF, mode="video", place="", topics="谈了晋升后的要求", employee_view="")
GOOD_REPORT = dict(performance="达标", competence="熟练", qualities="积极", development="培训", recommendation="recommend",
                   conclusion="推荐")


@pytest.mark.parametrize("change,field", [
    ({"held_on": date(2026, 9, 29)}, "held_on"),  # after today
    ({"held_on": date(2026, 9, 1)}, "held_on"),  # before the submission
    ({"mode": "in_person"}, "place"),  # in person, nowhere
    ({"mode": "fax"}, "mode"),
    ({"topics": " \n"}, "topics"),
    ({"employee_view": "长" * 2001}, "employee_view"),
])
def test_an_interview_record_that_cannot_be_right_names_its_field(change, field) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInput) as exc:
        Interview(**{**GOOD_INTERVIEW, **change}).check(today=AS_OF, submitted_on=date(2026, 9, 20))
    assert exc.value.field == field


@pytest.mark.parametrize("field", ["performance", "competence", "qualities", "development", "conclusion",
                                   "recommendation"])
def test_every_section_of_the_report_is_required(field) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInput) as exc:
        ReviewReport(**{**GOOD_REPORT, field: ""}).check()
    assert exc.value.field == field


def test_the_report_is_composed_in_print_order_with_the_reviewer() -> None:
    text = ReviewReport(**{**GOOD_REPORT, "recommendation": "with_reservations"}).text(reviewer="李主管（S1）",
                                                                                         on=AS_OF)
    assert text.split("\n\n") == ["一、工作业绩\n达标", "二、专业能力\n熟练", "三、综合素质\n积极", "四、培养建议\n培训",
                                  "五、评审结论：同意晋升，附改进意见\n推荐", "评审人：李主管（S1）　日期：2026年9月28日"]
    assert Interview(**GOOD_INTERVIEW).text() == "面谈日期：2026年9月28日\n面谈方式：视频面谈\n面谈要点：\n谈了晋升后的要求"


# ---------------------------------------------------------------------------------------------------
# Returning to the applicant


def _submitted(company) -> Application:  # noqa: ANN001
    app = s.application_create(actor=company.users["agent"], employee=company.agent, to_level="intermediate")
    return s.application_submit(actor=company.users["agent"], application=app, as_of=AS_OF)


def test_a_return_by_the_api_needs_a_reason_and_tells_whoever_filed(company, django_capture_on_commit_callbacks):  # noqa: ANN001
    # given an application HR filed for the agent, submitted
    app = s.application_create(actor=company.users["hr"], employee=company.agent, to_level="intermediate")
    app = s.application_submit(actor=company.users["hr"], application=app, as_of=AS_OF)
    api = Api(company.users["supervisor"])
    res = api.post(f"/applications/{app.pk}/return_to_applicant", {"reason": ""})
    assert res.status_code == 400 and res.json()["code"] == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        res = api.post(f"/applications/{app.pk}/return_to_applicant", {"reason": "请补充说明"})
    assert res.status_code == 200 and res.json()["state"] == "draft"
    # the applicant and HR, who filed it, both hear of it, with a link to the application
    for user in (company.users["agent"], company.users["hr"]):
        note = Notification.objects.filter(user=user).order_by("-id").first()
        assert note is not None and "请补充说明" in note.text and note.url == f"/applications/{app.pk}/"


def test_a_return_is_refused_after_the_chain(company) -> None:  # noqa: ANN001
    app = _submitted(company)
    app = s.application_supervisor_review(actor=company.users["supervisor"], application=app, interview_note="面谈",
                                          review_report="报告")
    app = s.application_manager_review(actor=company.users["manager"], application=app, note="同意")
    with pytest.raises(Conflict) as exc:
        s.application_return(actor=company.users["manager"], application=app, reason="补充")
    assert exc.value.code == "invalid_transition"


def test_a_step_on_a_stale_version_is_refused_under_the_lock(company) -> None:  # noqa: ANN001
    app = _submitted(company)
    seen = application_version(app)
    s.application_return(actor=company.users["supervisor"], application=app, reason="补充", seen=seen)
    again = s.application_submit(actor=company.users["agent"], application=Application.objects.get(pk=app.pk),
                                 as_of=AS_OF)
    for call in (lambda: s.application_reject(actor=company.users["supervisor"], application=again, reason="x",
                                              seen=seen),
                 lambda: s.application_supervisor_report(actor=company.users["supervisor"], application=again,
                                                         interview=Interview(**GOOD_INTERVIEW),
                                                         report=ReviewReport(**GOOD_REPORT), seen=seen)):
        with pytest.raises(Conflict) as exc:
            call()
        assert exc.value.code == "stale"
    assert Application.objects.get(pk=app.pk).state == "submitted"


# ---------------------------------------------------------------------------------------------------
# The snapshot beside today


def _crit(cid: str, passed: bool, actual: str = "", children: list | None = None) -> dict:
    d = {"id": cid, "label": cid, "passed": passed, "actual": actual, "required": "", "evidence": []}
    if children:
        d["children"] = children
    return d


CRITERIA_CASES = [
    # then, now, the change of criterion "a"
    ([_crit("a", True)], [_crit("a", False)], Change.NOW_FAILS),
    ([_crit("a", False)], [_crit("a", True)], Change.NOW_PASSES),
    ([_crit("a", True, "1 次")], [_crit("a", True, "2 次")], Change.SAME),
    ([], [_crit("a", True)], Change.NEW),
    ([_crit("a", True)], [], Change.GONE),
]


@pytest.mark.parametrize("then,now,change", CRITERIA_CASES)
def test_each_criterion_is_compared_with_its_snapshot(then, now, change) -> None:  # noqa: ANN001
    cmp = snapshot_compare(then={"criteria": then}, now={"criteria": now, "eligible": False}, then_facts=None,
                           now_facts={}, then_as_of=AS_OF, now_as_of=AS_OF, then_eligible=False)
    assert [c.change for c in cmp.criteria if c.path == "a"] == [change]


def test_children_are_matched_by_their_path() -> None:
    then = [_crit("praise", True, children=[_crit("customer", False), _crit("internal", True)])]
    now = [_crit("praise", False, children=[_crit("customer", False), _crit("internal", False)])]
    cmp = snapshot_compare(then={"criteria": then}, now={"criteria": now}, then_facts=None, now_facts={},
                           then_as_of=AS_OF, now_as_of=AS_OF, then_eligible=True)
    assert {c.path: c.change for c in cmp.criteria} == {"praise": "now_fails", "praise/customer": "same",
                                                        "praise/internal": "now_fails"}
    assert [c.depth for c in cmp.criteria] == [0, 1, 1]


def test_records_are_compared_by_their_id() -> None:
    p1 = {"id": "praise:1", "date": "2026-01-01", "source": "internal"}
    p2 = {"id": "praise:2", "date": "2026-02-01", "source": "internal"}
    then = {"employee": {"department": "一部", "education": "大专"}, "praises": [p1, p2], "incidents": []}
    now = {"employee": {"department": "二部", "education": "大专"}, "praises": [{**p1, "source": "customer"}],
           "incidents": [{"id": "incident:9", "date": "2026-09-01", "type": "重大投诉"}]}
    cmp = snapshot_compare(then={"criteria": []}, now={"criteria": []}, then_facts=then, now_facts=now,
                           then_as_of=AS_OF, now_as_of=AS_OF, then_eligible=True)
    assert {(r.kind, r.id, r.change) for r in cmp.records} == {
        ("praises", "praise:1", "changed"), ("praises", "praise:2", "removed"), ("incidents", "incident:9", "added")}
    assert [i.id for i in cmp.new_incidents] == ["incident:9"]
    assert [(f.field, f.then, f.now) for f in cmp.employee] == [("department", "一部", "二部")]
    assert cmp.changed


def test_the_stored_facts_read_back_and_evaluate_to_the_stored_result(company) -> None:  # noqa: ANN001
    app = _submitted(company)
    person = snapshot_facts(app.snapshot)
    assert person is not None and person.employee.employee_no == "E1"
    assert person.praises[0].date == date(2026, 3, 1)
    en = snapshot_result(snapshot=app.snapshot, policy=active_policy(), move_id=app.move_id, lang="en")
    assert en is not app.snapshot["result"] and en["eligible"] is True
    assert [c["passed"] for c in en["criteria"]] == [c["passed"] for c in app.snapshot["result"]["criteria"]]
    assert "months" in str(en) and "个月" not in str(en)


def test_an_english_snapshot_falls_back_to_the_record_when_the_engine_reads_it_otherwise(company) -> None:  # noqa: ANN001
    app = _submitted(company)
    snap = {**app.snapshot, "result": {**app.snapshot["result"], "criteria": [
        {**app.snapshot["result"]["criteria"][0], "passed": False}, *app.snapshot["result"]["criteria"][1:]]}}
    assert snapshot_result(snapshot=snap, policy=active_policy(), move_id=app.move_id, lang="en") is snap["result"]


def test_today_is_compared_with_the_facts_at_submission(company) -> None:  # noqa: ANN001
    app = _submitted(company)
    evidence_add(actor=company.users["hr"], kind="praise", employee=company.agent, date=AS_OF, source="internal")
    now = s.application_evaluate(application=app, as_of=AS_OF)
    cmp = snapshot_compare(then=app.snapshot["result"], now=now["result"], then_facts=app.snapshot["facts"],
                           now_facts=now["facts"], then_as_of=AS_OF, now_as_of=AS_OF, then_eligible=app.eligible)
    assert [(r.kind, r.change) for r in cmp.records] == [("praises", "added")]
    assert not cmp.now_failing and not cmp.now_passing
