"""An individual management-track promotion: a vacancy is needed, and filled when it takes effect."""

from __future__ import annotations

from datetime import date

from careerpath.evidence import models as ev
from careerpath.org.selectors import vacancies
from careerpath.org.services import headcount_set
from careerpath.people.models import Employee, Position
from careerpath.promotions.services import apply_effective

from .conftest import AS_OF, Api


def _candidate(company) -> Employee:  # noqa: ANN001
    emp = Employee.objects.create(employee_no="E5", name="孙七", education="本科", hired_on=date(2021, 3, 1),
                                  department=company.dept, supervisor=company.supervisor,
                                  confirmed_on=date(2021, 6, 1))
    Position.objects.create(employee=emp, level="intermediate", start_on=date(2024, 3, 1), reason="晋升")
    ev.Attestation.objects.create(employee=emp, competency="management_potential", date=date(2026, 2, 1))
    ev.Appraisal.objects.create(employee=emp, year=2025, score=88)
    ev.Exam.objects.create(employee=emp, exam="管理能力测评", date=date(2026, 5, 10), score=82, passed=True)
    return emp


def test_without_a_vacancy_the_promotion_is_refused(company) -> None:  # noqa: ANN001
    emp = _candidate(company)
    from .conftest import make_user

    api = Api(make_user("e5", "employee", employee=emp))
    pk = api.post("/applications", {"employee_no": "E5", "to_level": "supervisor"}).json()["id"]
    res = api.post(f"/applications/{pk}/submit", {"as_of": AS_OF.isoformat()})
    assert res.status_code == 400 and res.json()["code"] == "not_eligible"
    assert any("空缺" in f for f in res.json()["details"]["failing"])


def test_management_track_promotion_end_to_end(company, settings) -> None:  # noqa: ANN001
    from .conftest import make_user

    emp = _candidate(company)
    headcount_set(actor=company.users["hr"], department=company.dept, level="supervisor", planned=2)
    assert vacancies(department=company.dept)["supervisor"] == 1  # 李主管 holds one of the two posts

    me, sup, mgr, hr = (Api(make_user("e5", "employee", employee=emp)), Api(company.users["supervisor"]),
                        Api(company.users["manager"]), Api(company.users["hr"]))
    pk = me.post("/applications", {"employee_no": "E5", "to_level": "supervisor", "statement": "竞聘客服主管"}).json()["id"]
    body = me.post(f"/applications/{pk}/submit", {"as_of": AS_OF.isoformat()}).json()
    assert body["eligible"] is True and body["snapshot"]["vacancies"]["supervisor"] == 1
    sup.post(f"/applications/{pk}/supervisor_review", {"interview_note": "竞聘面谈", "review_report": "具备管理潜质"})
    assert mgr.post(f"/applications/{pk}/manager_review", {"note": "同意"}).json()["state"] == "manager_reviewed"
    settings.CAREERPATH_TODAY = "2026-09-30"  # HR publishes the notice on the day it starts (never back-dated)
    notice = hr.post("/notices", {"application_ids": [pk], "published_on": "2026-09-30",
                                  "effective_on": "2026-11-01"}).json()
    settings.CAREERPATH_TODAY = "2026-10-13"
    assert hr.post(f"/notices/{notice['id']}/close").json()["state"] == "closed"
    hr.post(f"/applications/{pk}/hr_approve", {"note": "同意"})
    hr.post(f"/applications/{pk}/letter", {"issued_on": "2026-10-20"})
    apply_effective(today=date(2026, 11, 1))
    assert Position.objects.get(employee=emp, end_on__isnull=True).level == "supervisor"
    assert vacancies(department=company.dept)["supervisor"] == 0  # the post is filled


def test_a_lateral_move_runs_through_the_same_workflow(company, settings) -> None:  # noqa: ANN001
    """客服主管 aged 45+ with 3 years in the post moves to the skill track (高级客服专员)."""
    sup = company.supervisor
    sup.birth_date = date(1979, 5, 1)
    sup.save()
    hr = Api(company.users["hr"])
    pk = hr.post("/applications", {"employee_no": "S1", "to_level": "senior"}).json()["id"]
    body = hr.post(f"/applications/{pk}/submit", {"as_of": AS_OF.isoformat()}).json()
    assert body["move_type"] == "lateral" and body["eligible"] is True
    Api(company.users["manager"]).post(f"/applications/{pk}/reject", {"reason": "业务需要，暂不调整"})
    assert hr.get(f"/applications/{pk}").json()["state"] == "rejected"
