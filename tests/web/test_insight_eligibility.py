"""The analysis pages' eligibility figures, read from the eligibility store (careerpath.evaluation): the
counts per move (eligible now, within three months) and the eligibility rates by gender and age band.

The store's rows are written here directly, with known verdicts, for the company of insight_company.py:
for junior → intermediate, 3 of the 10 women and 9 of the 10 men are eligible now (ratio 0.33, flagged;
Fisher's exact p = 0.0198); 2 more women are projected to qualify on 2027-02-01 (within three months of
2026-12-15), one more man on 2027-06-01 (not within).
"""

from __future__ import annotations

import re

import pytest

from careerpath.evaluation.models import MoveEligibility, PersonEligibility
from careerpath.insight import eligibility as elig
from careerpath.insight import selectors as sel
from tests.web.insight_company import AS_OF, MOVE, build_insight_company, store_rows

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def company(db, settings):  # noqa: ANN001, ANN201
    c = build_insight_company(settings)
    store_rows(c)
    return c


def test_the_counts_per_move_come_from_the_store(company) -> None:  # noqa: ANN001
    counts = {c.move_id: c for c in elig.eligible_counts(department_ids=None, as_of=AS_OF)}
    c = counts[MOVE]
    assert (c.people, c.eligible, c.soon) == (23, 12, 2)
    assert elig.eligible_counts(department_ids=[company.west.pk], as_of=AS_OF) == []


def test_the_eligibility_rates_flag_the_rules_gap_with_its_p_value(company) -> None:  # noqa: ANN001
    tables = {t.attribute: t for t in elig.eligibility_fairness(department_ids=None, as_of=AS_OF, moves=[MOVE])}
    women, men = tables["gender"].comparisons[MOVE].groups
    assert (women.total, women.hits, women.flagged) == (10, 3, True) and men.reference
    assert women.ratio == pytest.approx(1 / 3) and women.p_value == pytest.approx(0.01977, abs=1e-5)
    assert tables["age"].comparisons[sel.ALL_MOVES].hidden_people == 3  # the three aged 45+


def test_the_selection_dashboard_draws_the_counts_and_says_how_current_they_are(client, company) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    html = client.get("/insight/selection/").content.decode()
    assert 'data-testid="chart-eligible"' in html
    table = html.split('id="table-eligible"', 1)[1].split("</table>", 1)[0]
    assert "初级客服专员 → 中级客服专员" in table and "<td>12</td><td>2</td><td>14</td>" in table
    assert "资格数字取自资格快照：评估日期 2026年12月15日" in html
    # 27 active people, 27 rows: nothing missing, nothing stale
    assert "尚无快照" not in html and "待下次刷新" not in html


def test_stale_and_missing_rows_are_said(client, company) -> None:  # noqa: ANN001
    PersonEligibility.objects.filter(employee=company.people["F00"]).update(stale=True)
    PersonEligibility.objects.filter(employee=company.people["S1"]).delete()
    client.force_login(company.users["hr"])
    html = client.get("/insight/selection/").content.decode()
    assert "其中 1 人的材料已有变化，待下次刷新。" in html and "1 名在职员工尚无快照。" in html


def test_an_empty_store_says_how_to_fill_it(client, company) -> None:  # noqa: ANN001
    PersonEligibility.objects.all().delete()
    MoveEligibility.objects.all().delete()
    client.force_login(company.users["hr"])
    html = client.get("/insight/selection/").content.decode()
    assert "尚未生成资格快照" in html and "careerpath refresh-eligibility" in html


def test_the_fairness_panel_shows_the_eligibility_gap(client, company) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    html = client.get("/insight/fairness/").content.decode()
    section = html.split('data-testid="fair-eligibility-gender"', 1)[1].split("</section>", 1)[0]
    assert "⚠ 低于80%" in section and "p = 0.020" in section and "30.0%" in section and "33.3%" in section
    assert "按办法规则的符合条件率" in html


def test_a_manager_counts_their_departments_only(client, company) -> None:  # noqa: ANN001
    MoveEligibility.objects.filter(employee=company.people["M00"]).update(department=company.west)
    client.force_login(company.users["manager"])
    html = client.get("/insight/selection/").content.decode()
    table = html.split('id="table-eligible"', 1)[1].split("</table>", 1)[0]
    assert "<td>22</td><td>11</td><td>2</td><td>13</td>" in table


def test_the_pages_stay_under_the_query_budget(client, company, django_assert_max_num_queries) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    for url in ("/insight/selection/", "/insight/fairness/"):
        with django_assert_max_num_queries(29):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/insight/selection/", "/insight/fairness/"])
def test_the_english_pages_have_no_chinese_left_but_the_data(client, company, url) -> None:  # noqa: ANN001
    client.force_login(company.users["hr"])
    html = client.get(url, {"lang": "en"}).content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    for data in ("东区夜班", "东区", "西区"):
        main = main.replace(data, "")
    assert not CJK.findall(main), sorted(set(CJK.findall(main)))
    assert "eligibility snapshot" in main
