"""The monthly allowance sheet (/discipline/allowances/): the preview per person and the Excel download, HR only."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.discipline_world import World, build_world, login

pytestmark = pytest.mark.django_db
URL = reverse("web:discipline_allowances")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def world(db, settings, tmp_path) -> World:  # noqa: ANN001
    return build_world(settings, tmp_path)


def _xlsx(month: str) -> str:
    return reverse("web:discipline_allowances_xlsx", args=[month])


def test_the_preview_shows_standard_deduction_and_net_per_person(client, world):
    login(client, world, "hr")
    html = client.get(URL).content.decode()  # this month by default
    assert 'data-testid="sheet-month">2026年11月<' in html
    row = html[html.index('data-testid="row-E1"'):]
    row = row[:row.index("</tr>")]
    assert "张三" in row and "高级客服专员" in row and "500.00" in row and "−500.00" in row and "0.00" in row
    assert "重大投诉" in row  # the reason the service stored
    row = html[html.index('data-testid="row-E2"'):]
    row = row[:row.index("</tr>")]
    assert "钱七" in row and "800.00" in row and "−" not in row
    assert 'data-testid="count">7<' in html
    assert 'data-testid="total-deducted">¥500.00<' in html
    assert _xlsx("2026-11") in html


def test_only_deducted_and_search(client, world):
    login(client, world, "hr")
    html = client.get(URL, {"month": "2026-11", "only": "on"}).content.decode()
    assert 'data-testid="row-E1"' in html and 'data-testid="row-E2"' not in html
    html = client.get(URL, {"month": "2026-11", "q": "华南"}).content.decode()
    assert 'data-testid="row-E9"' in html and 'data-testid="row-E1"' not in html
    html = client.get(URL, {"month": "2026-10"}).content.decode()
    assert 'data-testid="total-deducted">¥0.00<' in html and "2026年10月" in html


def test_the_download_is_the_payroll_workbook_with_numbers_and_totals(client, world):
    login(client, world, "hr")
    res = client.get(_xlsx("2026-11"))
    assert res.status_code == 200 and res["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="allowances-2026-11.xlsx"' in res["Content-Disposition"]
    ws = load_workbook(io.BytesIO(res.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("工号", "姓名", "部门", "职级", "津贴标准", "扣减", "扣减原因", "实发津贴")
    e1 = next(r for r in rows if r[0] == "E1")
    assert e1[4:6] == (500.0, 500.0) and e1[7] == 0.0 and "重大投诉" in e1[6]
    assert rows[-1][0] == "合计" and rows[-1][5] == 500.0


@pytest.mark.parametrize("value", ["2026-13", "abc", "1999-01"])
def test_a_bad_month_is_named_and_nothing_is_downloaded(client, world, value):
    login(client, world, "hr")
    res = client.get(URL, {"month": value})
    assert res.status_code == 400 and 'id="id_month_error"' in res.content.decode()
    assert client.get(_xlsx(value)).status_code == 404


@pytest.mark.parametrize("who", ["manager", "supervisor", "senior", "vp"])
def test_pay_is_for_hr_only(client, world, who):
    login(client, world, who)
    assert client.get(URL).status_code == 403
    assert client.get(_xlsx("2026-11")).status_code == 403


def test_admin_may_open_it(client, world):
    login(client, world, "admin")
    assert client.get(URL).status_code == 200


def test_it_reads_in_english(client, world):
    login(client, world, "hr")
    html = client.get(URL, {"lang": "en"}).content.decode()
    assert "Allowance sheet" in html and "Nov 2026" in html and "Senior CS Specialist" in html and "Download Excel" in html
    main = html[html.index("<main"):]
    data = ("张三", "钱七", "孙八", "王经理", "李主管", "周主管", "赵六", "华东客服一部", "华南客服部", "重大投诉")
    texts = [t.strip() for t in re.findall(r">([^<>]+)<", main)]
    assert [t for t in texts if CJK.search(t) and not any(d in t for d in data)] == []


def test_it_stays_under_the_query_budget(client, world, django_assert_max_num_queries):
    login(client, world, "hr")
    with django_assert_max_num_queries(29):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(29):
        assert client.get(_xlsx("2026-11")).status_code == 200


def test_a_hostile_name_or_reason_never_becomes_a_formula_in_the_download(client, world):
    from tests.hardening.xlsx_checks import live_cells, unmarked_risky_cells

    e1 = world["E1"]
    e1.name = '=HYPERLINK("http://x.invalid","y")'
    e1.save(update_fields=["name"])
    world.deduction.reason = "@SUM(1,1)"
    world.deduction.save(update_fields=["reason"])
    login(client, world, "hr")
    content = client.get(_xlsx("2026-11")).content
    assert live_cells(content) == [] and unmarked_risky_cells(content) == []
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert any(r[0] == "E1" and r[1] == '=HYPERLINK("http://x.invalid","y")' for r in rows)
