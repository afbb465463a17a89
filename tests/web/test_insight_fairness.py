"""The fairness panel (/insight/fairness/): HR only, the four-fifths flag with Fisher's p-value beside it,
groups below the minimum size left out, the download, the query budget, English."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.web.insight_company import build_insight_company

URL = "/insight/fairness/"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def company(db, settings):  # noqa: ANN001, ANN201
    return build_insight_company(settings)


def _section(html: str, key: str) -> str:
    return html.split(f'data-testid="fair-{key}"', 1)[1].split("</section>", 1)[0]


def test_hr_sees_the_gender_gap_flagged_with_its_p_value(client, company) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    res = client.get(URL)
    assert res.status_code == 200
    html = res.content.decode()
    gender = _section(html, "selection-gender")
    assert "⚠ 低于80%" in gender and "p = 0.023" in gender
    assert "20.0%" in gender and "80.0%" in gender and "25.0%" in gender  # rates and the ratio
    assert "（差异不太可能是偶然）" in gender
    age = _section(html, "selection-age")
    assert 'data-testid="fair-flag"' not in age
    assert "45岁及以上" not in age and "1 组共 3 人未显示（每组少于 5 人）" in age
    assert "2026 年度评选，评定日期 2026年12月15日" in html and "数据截至 2026年12月15日" in html


@pytest.mark.parametrize("who", ["vp", "manager", "admin", "committee", "supervisor", "employee"])
def test_only_hr_may_open_it(client, company, who) -> None:  # noqa: ANN001
    client.force_login(company.users[who])
    assert client.get(URL).status_code == 403
    assert client.get("/insight/fairness/data.csv").status_code == 403


def test_the_navigation_shows_the_panel_to_hr_only(client, company) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    html = client.get("/insight/").content.decode()
    assert 'data-testid="nav-insight_fairness"' in html and 'data-testid="nav-insight_dashboard"' in html
    client.force_login(company.users["vp"])
    html = client.get("/insight/").content.decode()
    assert 'data-testid="nav-insight_fairness"' not in html and 'data-testid="nav-insight_dashboard"' in html


def test_the_minimum_group_size_is_a_setting(client, company, settings) -> None:  # noqa: ANN001
    settings.CAREERPATH_FAIRNESS_MIN_GROUP = 3
    client.force_login(company.users["hr"])
    age = _section(client.get(URL).content.decode(), "selection-age")
    assert "45岁及以上" in age
    settings.CAREERPATH_FAIRNESS_MIN_GROUP = 11
    gender = _section(client.get(URL).content.decode(), "selection-gender")
    assert 'data-testid="fair-row"' not in gender and "没有可比较的组" in gender


def test_a_department_without_candidates_has_nothing_to_compare(client, company) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    html = client.get(URL, {"dept": company.west.pk}).content.decode()
    assert 'data-testid="fair-row"' not in html and "没有低于五分之四的组" in html


def test_a_bad_cycle_is_a_field_error(client, company) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    res = client.get(URL, {"cycle": "1999"})
    assert res.status_code == 400 and 'id="id_cycle_error"' in res.content.decode()


def test_the_download_lists_every_shown_group(client, company) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    res = client.get("/insight/fairness/data.csv")
    assert res.status_code == 200
    rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))
    women = next(r for r in rows if r[0].startswith("评选入选率") and r[1] == "性别" and r[3] == "女"
                 and r[2] != "全部路径")
    assert women[4:] == ["10", "2", "0.2", "0.25", "是", "0.023"]
    assert not any(r[3] == "45岁及以上" for r in rows)


def test_it_renders_under_the_query_budget(client, company, django_assert_max_num_queries) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    with django_assert_max_num_queries(29):
        assert client.get(URL).status_code == 200


def test_the_english_page_has_no_chinese_left_but_the_data(client, company) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    html = client.get(URL, {"lang": "en"}).content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    for data in ("东区夜班", "东区", "西区"):
        main = main.replace(data, "")
    assert not CJK.findall(main), sorted(set(CJK.findall(main)))
    assert "Below 80%" in main and "p = 0.023" in main


def test_without_a_cycle_it_says_so(client, db, settings) -> None:  # noqa: ANN001
    from tests.apiclient import make_user

    settings.CAREERPATH_TODAY = "2026-12-15"
    client.force_login(make_user("hr", "hr"))
    res = client.get(URL)
    assert res.status_code == 200 and "还没有年度评选" in res.content.decode()
