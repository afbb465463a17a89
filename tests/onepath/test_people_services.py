"""People services: every position change closes the open row, opens one, and audits actor and reason."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.errors import Conflict, InvalidInput, ServiceError
from careerpath.people.models import Employee, Position
from careerpath.people.selectors import position_current, positions_current, positions_current_queryset
from careerpath.people.services import employee_update, position_change, positions_change_bulk
from careerpath.promotions.models import Application
from careerpath.promotions.services import application_revert, apply_effective
from tests.procedures.test_promotion_lifecycle import _to_notice

from .conftest import Api


def _open_rows(emp: Employee) -> list[Position]:
    return list(Position.objects.filter(employee=emp, end_on__isnull=True))


def _events(emp: Employee) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="position.change", target_type="employee",
                                          target_id=str(emp.pk)).order_by("id"))


def test_it_closes_the_open_row_and_opens_the_new_one_with_an_audit_event(company) -> None:  # noqa: ANN001
    # given: E1 holds junior since 2025-06-01
    hr = company.users["hr"]

    # when
    new = position_change(actor=hr, employee=company.agent, level="intermediate", start_on=date(2026, 10, 1),
                          reason="任命", why="任命文件 2026-07")

    # then
    rows = list(Position.objects.filter(employee=company.agent).order_by("start_on").values_list(
        "level", "start_on", "end_on", "reason"))
    assert rows == [("junior", date(2025, 6, 1), date(2026, 9, 30), "晋升"),
                    ("intermediate", date(2026, 10, 1), None, "任命")]
    assert _open_rows(company.agent) == [new] and new.created_by == hr
    [event] = _events(company.agent)
    assert (event.actor, event.from_state, event.to_state) == (hr, "junior", "intermediate")
    assert event.reason == "任命：任命文件 2026-07" and event.data["position"] == new.pk


@pytest.mark.parametrize(("level", "start_on", "reason", "code"), [
    ("chief", date(2026, 10, 1), "任命", "unknown_level"),
    ("intermediate", date(2026, 10, 1), "升职", "unknown_reason"),
    ("intermediate", date(2025, 6, 1), "任命", "start_not_after_current"),
    ("intermediate", date(2025, 1, 1), "任命", "start_not_after_current"),
    ("junior", date(2026, 10, 1), "任命", "same_level"),
])
def test_it_refuses_bad_input_and_changes_nothing(company, level: str, start_on: date, reason: str,  # noqa: ANN001
                                                  code: str) -> None:
    before = list(Position.objects.values_list("pk", "level", "start_on", "end_on"))
    with pytest.raises(InvalidInput) as exc:
        position_change(actor=company.users["hr"], employee=company.agent, level=level, start_on=start_on,
                        reason=reason)
    assert exc.value.code == code
    assert list(Position.objects.values_list("pk", "level", "start_on", "end_on")) == before
    assert _events(company.agent) == []


def test_it_refuses_a_start_before_a_later_recorded_row(company) -> None:  # noqa: ANN001
    # given: the history already has a closed row after the open one's start (an import left it so)
    Position.objects.create(employee=company.agent, level="intermediate", start_on=date(2026, 1, 1),
                            end_on=date(2026, 2, 1))
    with pytest.raises(Conflict) as exc:
        position_change(actor=None, employee=company.agent, level="intermediate", start_on=date(2025, 12, 1),
                        reason="任命")
    assert exc.value.code == "position_overlap"


def test_an_older_open_row_left_by_an_import_is_closed_too(company) -> None:  # noqa: ANN001
    Position.objects.create(employee=company.agent, level="assistant", start_on=date(2024, 1, 1))  # stale, open
    assert position_current(employee=company.agent).level == "junior"
    position_change(actor=None, employee=company.agent, level="intermediate", start_on=date(2026, 10, 1),
                    reason="晋升")
    assert [p.level for p in _open_rows(company.agent)] == ["intermediate"]


def test_the_current_position_selectors_agree(company) -> None:  # noqa: ANN001
    Position.objects.create(employee=company.agent, level="assistant", start_on=date(2024, 1, 1))  # stale, open
    ids = list(Employee.objects.values_list("pk", flat=True))
    one = {pk: position_current(employee=Employee(pk=pk)) for pk in ids}
    many = positions_current(employee_ids=ids)
    qs = {p.employee_id: p for p in positions_current_queryset()}
    assert {k: v for k, v in one.items() if v is not None} == many == qs
    assert many[company.agent.pk].level == "junior"


def test_the_bulk_variant_audits_every_person_and_refuses_all_when_one_cannot_change(company) -> None:  # noqa: ANN001
    levels = {company.agent.pk: "intermediate", company.other_agent.pk: "intermediate"}
    with pytest.raises(Conflict) as exc:
        positions_change_bulk(actor=None, levels={**levels, company.manager.pk: "manager"}, start_on=date(2026, 10, 1),
                              reason="任命")
    assert exc.value.details == {"employee_nos": ["M1"]}
    assert AuditEvent.objects.filter(action="position.change").count() == 0

    new = positions_change_bulk(actor=company.users["hr"], levels=levels, start_on=date(2026, 10, 1), reason="任命",
                                why="批量任命")
    assert set(new) == set(levels)
    for emp in (company.agent, company.other_agent):
        assert [p.level for p in _open_rows(emp)] == ["intermediate"]
        [event] = _events(emp)
        assert event.actor == company.users["hr"] and event.reason == "任命：批量任命"


# --- each procedure ---------------------------------------------------------------------------------


def test_a_promotion_taking_effect_and_its_revert_go_through_the_service(company, settings) -> None:  # noqa: ANN001
    # given: the agent's promotion up to the letter
    settings.CAREERPATH_TODAY = "2026-10-13"
    hr = Api(company.users["hr"])
    pk = _to_notice(company, hr)
    settings.CAREERPATH_TODAY = "2026-09-30"  # HR publishes the notice on the day it starts (never back-dated)
    notice = hr.post("/notices", {"application_ids": [pk], "published_on": "2026-09-30",
                                  "effective_on": "2026-10-16"}).json()
    settings.CAREERPATH_TODAY = "2026-10-13"
    assert hr.post(f"/notices/{notice['id']}/close").status_code == 200
    hr.post(f"/applications/{pk}/hr_approve", {"note": "同意"})
    hr.post(f"/applications/{pk}/letter", {"issued_on": "2026-10-14"})

    # when: it takes effect
    apply_effective(today=date(2026, 10, 16))

    # then: one open row, one audit event by the system with the reason
    assert [p.level for p in _open_rows(company.agent)] == ["intermediate"]
    [event] = _events(company.agent)
    assert event.actor is None and event.actor_label == "system" and event.reason.startswith("晋升：")
    assert event.data["application"] == pk

    # when: the probation fails
    application_revert(actor=company.users["hr"], application=Application.objects.get(pk=pk),
                       reason="考察不合格", on=date(2026, 12, 1))

    # then
    assert [p.level for p in _open_rows(company.agent)] == ["junior"]
    events = _events(company.agent)
    assert len(events) == 2 and events[1].actor == company.users["hr"] and events[1].reason == "降级：考察不合格"


# --- the HR correction endpoint ---------------------------------------------------------------------


def test_hr_corrects_a_position_over_rest(company) -> None:  # noqa: ANN001
    res = Api(company.users["hr"]).post("/employees/E1/positions", {
        "level": "intermediate", "start_on": "2026-10-01", "reason": "任命", "why": "补录任命"})
    assert res.status_code == 201, res.json()
    assert res.json()["level"] == "intermediate" and res.json()["end_on"] is None
    [event] = _events(company.agent)
    assert event.actor == company.users["hr"] and event.reason == "任命：补录任命" and event.data["correction"]


@pytest.mark.parametrize("who", ["agent", "supervisor", "manager", "committee"])
def test_only_hr_may_correct_a_position(company, who: str) -> None:  # noqa: ANN001
    api = Api(company.users[who])
    body = {"level": "intermediate", "start_on": "2026-10-01", "reason": "任命", "why": "x"}
    assert api.post("/employees/E1/positions", body).status_code == 403
    assert api.post("/employees/NOPE/positions", body).status_code == 403  # no probing of 工号
    assert _events(company.agent) == []


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"level": "chief", "start_on": "2026-10-01", "why": "x"}, 400, "unknown_level"),
    ({"level": "intermediate", "start_on": "2026-10-01", "why": " "}, 400, "reason_required"),
    ({"level": "intermediate", "start_on": "2025-01-01", "why": "x"}, 400, "start_not_after_current"),
])
def test_a_bad_correction_is_refused_with_a_code(company, body: dict, status: int, code: str) -> None:  # noqa: ANN001
    res = Api(company.users["hr"]).post("/employees/E1/positions", body)
    assert res.status_code == status and res.json()["code"] == code
    assert Api(company.users["hr"]).post("/employees/NOPE/positions", {**body, "why": "x"}).status_code == 404


# --- the employee record ----------------------------------------------------------------------------


def test_employee_update_audits_old_and_new_values(company) -> None:  # noqa: ANN001
    employee_update(actor=company.users["hr"], employee=company.agent, supervisor=company.manager,
                    system_account="zs01")
    [event] = AuditEvent.objects.filter(action="employee.update", target_id=str(company.agent.pk))
    assert event.actor == company.users["hr"]
    assert event.data["changes"] == {"supervisor": {"from": "S1 李主管", "to": "M1 王经理"},
                                     "system_account": {"from": "", "to": "zs01"}}
    # nothing changed, nothing written
    employee_update(actor=company.users["hr"], employee=company.agent, supervisor=company.manager)
    assert AuditEvent.objects.filter(action="employee.update").count() == 1


def test_employee_update_refuses_self_supervision_and_unknown_fields(company) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInput):
        employee_update(actor=None, employee=company.agent, supervisor=company.agent)
    with pytest.raises(ServiceError):
        employee_update(actor=None, employee=company.agent, pk=5)
