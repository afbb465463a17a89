"""Incidents and their consequences (/discipline/incidents/): type, date, the deduction in its allowance month or
the case it opened, in the viewer's data scope."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from careerpath.discipline import services as ds
from careerpath.evidence.models import Incident
from tests.web.discipline_world import World, build_world, login

pytestmark = pytest.mark.django_db
URL = reverse("web:discipline_incidents")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def world(db, settings, tmp_path) -> World:  # noqa: ANN001
    return build_world(settings, tmp_path)


def test_each_incident_shows_its_type_date_and_consequence(client, world):
    login(client, world, "hr")
    html = client.get(URL).content.decode()
    deduction = world.deduction.incident
    row = html[html.index(f'data-testid="incident-{deduction.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "2026年11月20日" in row and "张三" in row and "重大投诉" in row
    assert "扣减 2026年11月 津贴（高级客服专员）" in row and "¥500.00" in row
    red = world.case.incidents.get()
    row = html[html.index(f'data-testid="incident-{red.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "触犯高压线" in row and f"降级案件 #{world.case.pk}" in row and "已提出，待直接上级审核" in row
    assert reverse("web:discipline_case", args=[world.case.pk]) in row
    # the month's total in scope
    assert 'data-testid="total-amount">¥500.00<' in html


def test_an_incident_that_deducts_nothing_says_why_and_offers_a_case(client, world):
    # 孙八 is intermediate: no senior/expert allowance to withhold
    i = ds.incident_record(actor=world.users["hr"], employee=world["E3"], date=date(2026, 11, 5), type="重大事故",
                           note="错发订单").incident
    login(client, world, "hr")
    html = client.get(URL).content.decode()
    row = html[html.index(f'data-testid="incident-{i.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "未扣减：事故当日不享受高级/资深津贴" in row
    link = re.search(rf'href="([^"]+)" data-testid="open-case-{i.pk}"', row)
    assert link is not None
    query = parse_qs(urlparse(link[1].replace("&amp;", "&")).query)
    assert query == {"employee": ["E3"], "incident": [str(i.pk)]}


@pytest.mark.parametrize(("who", "seen", "unseen"), [
    ("hr", {"张三", "孙八", "赵六"}, set()),
    ("manager", {"张三", "孙八"}, {"赵六"}),
    ("supervisor", {"张三", "孙八"}, {"赵六"}),
    ("south", {"赵六"}, {"张三", "孙八"}),
])
def test_each_person_sees_the_incidents_of_their_scope(client, world, who, seen, unseen):
    ds.incident_record(actor=world.users["hr"], employee=world["E9"], date=date(2026, 11, 2), type="重大投诉")
    login(client, world, who)
    html = client.get(URL).content.decode()
    table = html[html.index("<main"):]
    assert all(n in table for n in seen) and not any(n in table for n in unseen)


@pytest.mark.parametrize("who", ["senior", "vp"])
def test_employees_and_the_vp_may_not_open_it(client, world, who):
    login(client, world, who)
    assert client.get(URL).status_code == 403
    assert "nav-discipline_incidents" not in client.get("/notifications/").content.decode()


def test_it_filters_by_month_type_department_and_person(client, world):
    Incident.objects.create(employee=world["E1"], date=date(2026, 10, 3), type="重大投诉", note="十月的投诉")
    login(client, world, "hr")
    html = client.get(URL, {"month": "2026-10"}).content.decode()
    assert "十月的投诉" in html and "违规泄露客户信息" not in html
    assert "2026年10月 津贴扣减" in html and 'data-testid="total-amount">¥0.00<' in html
    html = client.get(URL, {"type": "触犯高压线"}).content.decode()
    assert "孙八" in html and "十月的投诉" not in html
    html = client.get(URL, {"dept": str(world.south.pk)}).content.decode()
    assert 'data-testid="empty"' in html
    html = client.get(URL, {"q": "E1"}).content.decode()
    assert "张三" in html and "孙八" not in html


@pytest.mark.parametrize(("field", "value"), [("month", "2026-13"), ("month", "next month"), ("type", "打架"),
                                              ("dept", "abc")])
def test_a_bad_filter_is_named_beside_its_field(client, world, field, value):
    login(client, world, "hr")
    res = client.get(URL, {field: value})
    assert res.status_code == 400
    assert f'id="id_{field}_error"' in res.content.decode()


def test_it_reads_in_english(client, world):
    login(client, world, "hr")
    html = client.get(URL, {"lang": "en"}).content.decode()
    assert "Incidents and deductions" in html and "Major complaint" in html and "Red-line violation" in html
    assert "Nov 2026 allowance withheld (Senior CS Specialist)" in html
    main = html[html.index("<main"):]
    data = ("张三", "孙八", "华东客服一部", "华南客服部", "客户重大投诉：多次未按时回电", "违规泄露客户信息")
    texts = [t.strip() for t in re.findall(r">([^<>]+)<", main)]
    assert [t for t in texts if CJK.search(t) and not any(d in t for d in data)] == []


def test_it_stays_under_the_query_budget(client, world, django_assert_max_num_queries):
    for n in range(12):
        ds.incident_record(actor=world.users["hr"], employee=world[["E1", "E2", "E3"][n % 3]],
                           date=date(2026, 11, 1 + n), type=["重大投诉", "重大事故", "红头文件通报"][n % 3])
    for who in ("hr", "manager"):
        client.logout()
        login(client, world, who)
        with django_assert_max_num_queries(29):
            assert client.get(URL).status_code == 200
