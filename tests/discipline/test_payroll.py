"""The monthly allowance sheet (津贴): numbers, the xlsx for payroll, the command's exit codes, the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from careerpath.core.loader import load_policy
from careerpath.discipline.payroll import HEADERS
from careerpath.discipline.selectors import monthly_allowances
from careerpath.discipline.services import incident_record
from careerpath.people.models import EmployeeStatus, Position

from .conftest import Api, Company, employee

pytestmark = pytest.mark.django_db

MAY = date(2026, 5, 1)


@pytest.fixture
def may(company: Company) -> Company:
    """May 2026: E1 (senior) loses the month, E2 (expert) 300 of it; a hire and a promotion mid-month."""
    incident_record(actor=company.users["supervisor"], employee=company.senior, date=date(2026, 5, 12),
                    type="重大事故", note="错发整车货物")
    incident_record(actor=company.users["hr"], employee=company.expert, date=date(2026, 5, 20), type="重大投诉",
                    deduction_amount=Decimal("300"))
    employee("E8", "新入职", "assistant", department=company.south, since=date(2026, 5, 10))
    # E3 is promoted on 15 May: the sheet uses the level held on the 1st
    cur = Position.objects.get(employee=company.intermediate)
    cur.end_on = date(2026, 5, 14)
    cur.save()
    Position.objects.create(employee=company.intermediate, level="senior", start_on=date(2026, 5, 15), reason="晋升")
    gone = employee("E7", "已离职", "expert", department=company.east)
    gone.status = EmployeeStatus.LEFT
    gone.save()
    return company


def test_the_sheet_has_every_active_employee_with_standard_deductions_and_net(may: Company) -> None:
    sheet = monthly_allowances(month=date(2026, 5, 17))  # any day of the month means the month
    rows = {r.employee_no: (r.level, r.standard, r.deducted, r.net) for r in sheet.rows}
    d = Decimal
    assert rows == {
        "E1": ("senior", d("500.00"), d("500.00"), d("0.00")),
        "E2": ("expert", d("800.00"), d("300.00"), d("500.00")),
        "E3": ("intermediate", d("200.00"), d("0.00"), d("200.00")),
        "E8": ("", d("0.00"), d("0.00"), d("0.00")),  # no position yet on 1 May
        "E9": ("junior", d("100.00"), d("0.00"), d("100.00")),
        "M1": ("manager", d("1000.00"), d("0.00"), d("1000.00")),
        "S1": ("supervisor", d("600.00"), d("0.00"), d("600.00")),
        "S2": ("supervisor", d("600.00"), d("0.00"), d("600.00")),
    }
    assert (sheet.total_standard, sheet.total_deducted, sheet.total_net) == (d("3800.00"), d("800.00"), d("3000.00"))
    assert "错发整车货物" in next(r for r in sheet.rows if r.employee_no == "E1").reasons[0]
    assert monthly_allowances(month=date(2026, 6, 1)).total_deducted == 0  # deductions belong to their month


def test_a_deduction_larger_than_the_months_standard_is_capped(may: Company) -> None:
    # E3 became senior on 15 May and crossed a line on the 20th: 500 withheld, but 1 May says intermediate (200)
    incident_record(actor=may.users["supervisor"], employee=may.intermediate, date=date(2026, 5, 20), type="重大事故")
    row = next(r for r in monthly_allowances(month=MAY).rows if r.employee_no == "E3")
    assert (row.standard, row.deducted, row.net) == (Decimal("200.00"), Decimal("200.00"), Decimal("0.00"))


def test_the_sheet_takes_three_queries_whatever_the_headcount(company: Company, django_assert_num_queries) -> None:
    policy = load_policy("logistics-dual-track")
    with django_assert_num_queries(3):
        small = monthly_allowances(month=MAY, policy=policy)
    for i in range(25):
        employee(f"X{i}", f"员工{i}", "senior", department=company.east)
    with django_assert_num_queries(3):
        large = monthly_allowances(month=MAY, policy=policy)
    assert len(large.rows) == len(small.rows) + 25


def test_the_payroll_command_writes_the_sheet_for_payroll(may: Company, tmp_path: Path) -> None:
    out = tmp_path / "津贴-2026-05.xlsx"
    call_command("payroll", "--month", "2026-05", "--out", str(out))
    ws = load_workbook(out)["津贴"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    by_no = {r[0]: r for r in rows[1:-1]}
    assert by_no["E1"] == ("E1", "张三", "华东客服一部", "高级客服专员", 500, 500, by_no["E1"][6], 0)
    assert "重大事故" in by_no["E1"][6]
    assert by_no["E2"][4:] == (800, 300, by_no["E2"][6], 500)
    assert by_no["E9"][:6] == ("E9", "赵六", "华南客服部", "初级客服专员", 100, 0)
    assert rows[-1] == ("合计", "8 人", None, "2026-05", 3800, 800, None, 3000)
    assert ws["E2"].number_format == "#,##0.00"


@pytest.mark.parametrize("month", ["2026-13", "2026/05", "May", "2026-00", ""])
def test_a_bad_month_exits_2(company: Company, tmp_path: Path, month: str) -> None:
    with pytest.raises(CommandError) as exc:
        call_command("payroll", "--month", month, "--out", str(tmp_path / "x.xlsx"))
    assert exc.value.returncode == 2 and "YYYY-MM" in str(exc.value)
    assert not (tmp_path / "x.xlsx").exists()


def test_an_unwritable_path_exits_2(company: Company, tmp_path: Path) -> None:
    for target, message in [(tmp_path / "missing" / "x.xlsx", "目录不存在"), (tmp_path / "x.csv", ".xlsx")]:
        with pytest.raises(CommandError) as exc:
            call_command("payroll", "--month", "2026-05", "--out", str(target))
        assert exc.value.returncode == 2 and message in str(exc.value)
    (tmp_path / "taken.xlsx").mkdir()  # a directory where the file should go
    with pytest.raises(CommandError) as exc:
        call_command("payroll", "--month", "2026-05", "--out", str(tmp_path / "taken.xlsx"))
    assert exc.value.returncode == 2 and "无法写入" in str(exc.value)


def test_the_allowance_sheet_and_deductions_over_the_api(may: Company) -> None:
    hr = Api(may.users["hr"])
    res = hr.get("/discipline/allowances?month=2026-05")
    assert res.status_code == 200, res.content
    body = res.json()
    assert (body["count"], body["total_standard"], body["total_deducted"], body["total_net"]) == (
        8, "3800.00", "800.00", "3000.00")
    assert hr.get("/discipline/allowances?month=2026-5x").status_code == 400
    res = Api(may.users["supervisor"]).get("/discipline/allowances?month=2026-05")
    assert res.status_code == 403  # pay is HR's business

    assert [d["employee_no"] for d in hr.get("/discipline/deductions?month=2026-05").json()["items"]] == ["E1", "E2"]
    assert Api(may.users["supervisor"]).get("/discipline/deductions").json()["count"] == 2  # both report to S1
    assert Api(may.users["senior"]).get("/discipline/deductions").json()["items"][0]["amount"] == "500.00"
    assert Api(may.users["senior"]).get("/discipline/deductions").json()["count"] == 1
    assert Api(may.users["south_supervisor"]).get("/discipline/deductions").json()["count"] == 0
