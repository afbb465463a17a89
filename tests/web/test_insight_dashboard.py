"""The dashboards page (/insight/) and the downloads of its charts: who may open them, what they show,
bad filters, the query budget, English."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from tests.web.insight_company import build_insight_company

URL = "/insight/"
CJK = re.compile(r"[\u4e00-\u9fff]")
BOARDS = {"/insight/": ("pyramid", "tenure"), "/insight/selection/": ("eligible", "funnel"),
          "/insight/movement/": ("promotion_rate", "demotion_rate", "allowance")}
CHARTS = tuple(k for keys in BOARDS.values() for k in keys)


@pytest.fixture
def company(db, settings):  # noqa: ANN001, ANN201
    return build_insight_company(settings)


def _login(client, company, who: str) -> None:  # noqa: ANN001
    client.force_login(company.users[who])


def _option(html: str, key: str) -> dict:
    raw = html.split(f'<script id="option-{key}" type="application/json">', 1)[1].split("</script>", 1)[0]
    return json.loads(raw)


@pytest.mark.parametrize("who", ["hr", "vp", "admin", "manager"])
@pytest.mark.parametrize("board", list(BOARDS))
def test_it_renders_every_chart_with_its_table_for_the_roles_that_may_read_it(client, company, who, board) -> None:  # noqa: ANN001
    _login(client, company, who)
    res = client.get(board)
    assert res.status_code == 200
    html = res.content.decode()
    for key in BOARDS[board]:
        assert f'data-testid="chart-{key}"' in html and f'id="table-{key}"' in html
        assert f'href="/insight/{key}.csv"' in html and f'href="/insight/{key}.xlsx"' in html
    assert "数据截至 2026年12月15日" in html
    assert "vendor/echarts-6.1.0/echarts.min.js" in html and "web/insight.js" in html
    for other in BOARDS:  # the tabs lead to each dashboard
        assert f'href="{other}"' in html


@pytest.mark.parametrize("who", ["supervisor", "employee", "committee"])
def test_it_refuses_other_roles(client, company, who) -> None:  # noqa: ANN001
    _login(client, company, who)
    for board in BOARDS:
        assert client.get(board).status_code == 403
    assert client.get("/insight/pyramid.csv").status_code == 403


def test_it_asks_to_log_in_first(client, company) -> None:  # noqa: ANN001
    res = client.get(URL)
    assert res.status_code == 302 and "/accounts/login/" in res["Location"]


def test_the_chart_options_are_json_data_built_from_the_table(client, company) -> None:  # noqa: ANN001
    _login(client, company, "hr")
    html = client.get(URL).content.decode()
    pyramid = _option(html, "pyramid")
    assert pyramid["yAxis"]["data"][0] == "初级客服专员"  # the lowest level held, at the bottom
    totals = {s["name"]: sum(s["data"]) for s in pyramid["series"]}
    assert totals == {"东区": 24, "东区夜班": 1, "西区": 2}
    funnel = client.get("/insight/selection/").content.decode()
    assert _option(funnel, "funnel")["series"][0]["data"] == [23, 23, 23, 10, 10, 1]
    movement = client.get("/insight/movement/").content.decode()
    demotions = {s["name"]: s["data"] for s in _option(movement, "demotion_rate")["series"]}
    assert demotions["2026"] == [0, 0, 50.0]  # 东区, 东区夜班, 西区: one of two in 西区
    assert pyramid["aria"]["enabled"] is True  # described to screen readers, patterned series
    # no script is inline: the option is in a JSON block and the page's scripts come from static files
    assert "<script>" not in html and "onclick" not in html


def test_a_manager_sees_only_their_departments(client, company) -> None:  # noqa: ANN001
    _login(client, company, "manager")
    html = client.get(URL).content.decode()
    totals = {s["name"] for s in _option(html, "pyramid")["series"]}
    assert totals == {"东区", "东区夜班"}
    assert "西区" not in html
    # another department is not a choice: a field error, nothing of it shown
    res = client.get(URL, {"dept": company.west.pk})
    assert res.status_code == 400
    body = res.content.decode()
    assert 'id="id_dept_error"' in body and "西区" not in body
    assert client.get("/insight/pyramid.csv", {"dept": company.west.pk}).status_code == 400


def test_hr_filters_by_a_department_and_its_sub_departments(client, company) -> None:  # noqa: ANN001
    _login(client, company, "hr")
    html = client.get(URL, {"dept": company.east.pk}).content.decode()
    names = {s["name"] for s in _option(html, "pyramid")["series"]}
    assert names == {"东区", "东区夜班"}
    assert f'href="/insight/pyramid.csv?dept={company.east.pk}"' in html


@pytest.mark.parametrize("params", [{"dept": "abc"}, {"dept": "999999"}, {"cycle": "1900"}, {"cycle": "x"}])
def test_bad_filters_give_a_field_error_and_the_unfiltered_page(client, company, params) -> None:  # noqa: ANN001
    _login(client, company, "hr")
    res = client.get(URL, params)
    assert res.status_code == 400
    field = next(iter(params))
    assert f'id="id_{field}_error"' in res.content.decode()


def test_the_csv_download_holds_the_table(client, company) -> None:  # noqa: ANN001
    _login(client, company, "hr")
    res = client.get("/insight/funnel.csv")
    assert res.status_code == 200 and res["Content-Type"].startswith("text/csv")
    assert 'filename="funnel-20261215.csv"' in res["Content-Disposition"]
    text = res.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "阶段" and rows[1][:4] == ["符合条件", "23", "23", "1.0"]
    assert [r[1] for r in rows[1:]] == ["23", "23", "23", "10", "10", "1"]


def test_the_excel_download_holds_the_table_with_numbers(client, company) -> None:  # noqa: ANN001
    _login(client, company, "hr")
    res = client.get("/insight/allowance.xlsx")
    assert res.status_code == 200
    ws = load_workbook(io.BytesIO(res.content)).active
    assert ws["A1"].value == "每月津贴成本" and "2026年12月15日" in ws["B1"].value
    assert [c.value for c in ws[2]] == ["月份", "享受津贴人数", "津贴标准合计", "扣减合计", "实发合计"]
    last = [c.value for c in ws[ws.max_row]]
    assert last == ["2026年12月", 27, 4900.0, 300.0, 4600.0]


def test_a_department_name_that_looks_like_a_formula_stays_text(client, company) -> None:  # noqa: ANN001
    company.west.name = "=HYPERLINK(1)"
    company.west.save()
    _login(client, company, "hr")
    text = client.get("/insight/pyramid.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    ws = load_workbook(io.BytesIO(client.get("/insight/pyramid.xlsx").content)).active
    cell = next(c for c in ws[2] if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"


def test_unknown_charts_and_formats_are_not_found(client, company) -> None:  # noqa: ANN001
    _login(client, company, "hr")
    assert client.get("/insight/nothing.csv").status_code == 404
    assert client.get("/insight/pyramid.pdf").status_code == 404


@pytest.mark.parametrize("board", list(BOARDS))
def test_it_renders_under_the_query_budget(client, company, board, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _login(client, company, "hr")
    with django_assert_max_num_queries(29):
        assert client.get(board).status_code == 200
    _login(client, company, "manager")
    with django_assert_max_num_queries(29):
        assert client.get(board).status_code == 200


@pytest.mark.parametrize("board", list(BOARDS))
def test_the_english_page_has_no_chinese_left_but_the_data(client, company, board) -> None:  # noqa: ANN001
    _login(client, company, "hr")
    html = client.get(board, {"lang": "en"}).content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    for data in ("东区夜班", "东区", "西区"):
        main = main.replace(data, "")
    assert not CJK.findall(main), sorted(set(CJK.findall(main)))
    assert "Data as of 15 Dec 2026" in main and "Dashboards" in main


def test_an_empty_company_shows_empty_states(client, db, settings) -> None:  # noqa: ANN001
    from tests.apiclient import make_user

    settings.CAREERPATH_TODAY = "2026-12-15"
    client.force_login(make_user("hr", "hr"))
    for board, keys in BOARDS.items():
        res = client.get(board)
        assert res.status_code == 200
        assert res.content.decode().count('data-testid="empty"') == len(keys)
