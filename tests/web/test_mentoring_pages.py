"""The mentoring pages: 导师带教 (pairs, a new pair, one pair's plan), the mentors' record, the probation plan
and its summary on HR's probation screen, and the pairs on the mentor's 我的徒弟 page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from careerpath.core.workflow import State
from careerpath.evidence import models as ev
from careerpath.mentoring import services as s
from careerpath.mentoring.models import Pair, PairState, ProbationPlan
from tests.web.approvals_world import advance, build_world
from tests.web.approvals_world import login as world_login
from tests.web.evidence_company import company_fixture, login  # noqa: F401

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
DATA = ["新人小王", "张三", "钱七", "李主管", "周主管", "王经理", "华东客服一部", "华南客服部", "熟悉订单系统", "练习了退换货流程",
        "陈晓红", "刘洋", "赵敏", "周杰", "吴芳", "赵六", "业务指标达标"]


def _leftovers(html: str) -> list[str]:
    body = html[html.index("<main"):html.index("</main>")] if "<main" in html else html
    for d in DATA:
        body = body.replace(d, "")
    body = re.sub(r"<textarea[^>]*>.*?</textarea>", "", body, flags=re.S)
    body = re.sub(r"<option[^>]*>.*?</option>", "", body, flags=re.S)
    return sorted(set(CJK.findall(re.sub(r"<[^>]+>", " ", body))))


@pytest.fixture
def pair(company) -> Pair:  # noqa: ANN001
    p = s.pair_create(actor=company.user("far"), mentor=company.agent, mentee=company.mentee,
                      started_on=date(2026, 8, 3), planned_on=date(2026, 9, 30),
                      goals=[("熟悉订单系统", date(2026, 8, 20))])
    s.checkin_add(actor=company.user("agent"), pair=p, on=date(2026, 9, 1), note="练习了退换货流程")
    return p


def test_the_mentor_sees_the_pair_on_my_mentees_and_confirms_on_its_page(client, company, pair,
                                                                          django_assert_max_num_queries):
    login(client, company.user("agent"))
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:mentees")).content.decode()
    # one place: the pair with its plan, not a second report form for the same 带教 record
    assert 'data-testid="my-pair"' in html and 'data-testid="report-form"' not in html
    url = reverse("web:mentoring_pair", args=[pair.pk])
    assert url in html
    with django_assert_max_num_queries(29):
        html = client.get(url).content.decode()
    assert "熟悉订单系统" in html and "练习了退换货流程" in html and 'data-testid="confirm-form"' in html
    r = client.post(url, {"action": "confirm", "confirm-on": "", "confirm-note": ""})
    assert r.status_code == 400 and 'id="id_confirm-on_error"' in r.content.decode()
    r = client.post(url, {"action": "confirm", "confirm-on": "2026-09-15", "confirm-note": "能独立处理订单"})
    assert r.status_code == 302
    company.mentorship.refresh_from_db()
    assert company.mentorship.independent_on == date(2026, 9, 15)
    html = client.get(url).content.decode()
    assert 'data-testid="confirm-form"' not in html and 'data-testid="undo-form"' not in html


def test_the_mentee_s_supervisor_corrects_the_confirmation_with_a_reason(client, company, pair):
    s.pair_confirm_independence(actor=company.user("agent"), pair=pair, on=date(2026, 9, 15), note="好")
    login(client, company.user("far"))
    url = reverse("web:mentoring_pair", args=[pair.pk])
    assert client.post(url, {"action": "undo", "undo-reason": ""}).status_code == 400
    assert client.post(url, {"action": "undo", "undo-reason": "投诉处理尚需练习"}).status_code == 302
    assert Pair.objects.get(pk=pair.pk).state == PairState.ACTIVE


def test_the_supervisor_pairs_from_the_new_page(client, company, django_assert_max_num_queries):
    company.mentorship.delete()
    login(client, company.user("far"))
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:mentoring_pair_new")).content.decode()
    assert "新人小王" in html
    data = {"mentee": "N1", "mentor": "E2", "purpose": "new_hire", "started_on": "2026-09-01",
            "planned_on": "2026-08-01"}
    r = client.post(reverse("web:mentoring_pair_new"), data)
    assert r.status_code == 400 and 'id="id_planned_on_error"' in r.content.decode()
    r = client.post(reverse("web:mentoring_pair_new"), {**data, "planned_on": "2026-11-30"})
    assert r.status_code == 302
    assert ev.Mentorship.objects.get(mentee=company.mentee).mentor == company.colleague


@pytest.mark.parametrize(("who", "status"), [("agent", 403), ("mentee", 403)])
def test_pairing_is_refused_to_mentors_and_employees(client, company, who, status):
    login(client, company.user(who))
    assert client.get(reverse("web:mentoring_pair_new")).status_code == status


@pytest.mark.parametrize("who", ["colleague", "supervisor"])
def test_someone_else_s_pair_is_not_found(client, company, pair, who):
    login(client, company.user(who))
    assert client.get(reverse("web:mentoring_pair", args=[pair.pk])).status_code == 404


def test_hr_reads_the_pairs_and_the_mentors_record(client, company, pair, django_assert_max_num_queries):
    login(client, company.user("hr"))
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:mentoring_pairs")).content.decode()
    assert html.count('data-testid="pair-row"') == 1
    s.pair_confirm_independence(actor=company.user("agent"), pair=pair, on=date(2026, 9, 15), note="好")
    for sort in ("independent", "median", "name", "bogus"):
        with django_assert_max_num_queries(29):
            r = client.get(reverse("web:mentoring_mentors"), {"sort": sort})
        assert r.status_code == 200
    html = r.content.decode()
    assert re.search(r'data-mentor="E1".*?data-testid="independent">1<', html, re.S)
    assert "102" in html  # 5 June → 15 September


@pytest.mark.parametrize("who", ["agent", "far"])
def test_the_mentors_record_is_hr_s(client, company, who):
    login(client, company.user(who))
    assert client.get(reverse("web:mentoring_mentors")).status_code == 403


@pytest.mark.parametrize(("who", "name"), [("hr", "web:mentoring_mentors"), ("hr", "web:mentoring_pairs"),
                                           ("agent", "web:mentoring_pair"), ("agent", "web:mentees")])
def test_the_pages_read_in_english(client, company, pair, who, name):
    login(client, company.user(who))
    url = reverse(name, args=[pair.pk]) if name == "web:mentoring_pair" else reverse(name)
    html = client.get(url, {"lang": "en"}).content.decode()
    assert _leftovers(html) == [], url


# ---------------------------------------------------------------------------------------------------
# The probation plan


@pytest.fixture
def world(db, settings):  # noqa: ANN001, ANN201
    return build_world(settings)


def test_the_plan_page_and_hr_s_probation_screen(client, world, django_assert_max_num_queries):
    app = advance(world, world.agents[:1], State.IN_PROBATION)[0]
    plan = ProbationPlan.objects.get(application=app)
    world_login(client, world, "supervisor")
    url = reverse("web:mentoring_plan", args=[app.pk])
    with django_assert_max_num_queries(29):
        html = client.get(url).content.decode()
    assert "考察期业务考核" in html and 'data-testid="mentor-form"' in html and "1 项未完成" in html
    assert client.post(url, {"action": "mentor", "mentor-mentor": "E3"}).status_code == 302
    task = plan.tasks.get()
    r = client.post(url, {"action": "task", "task": task.pk, f"t{task.pk}-result": "", f"t{task.pk}-note": ""})
    assert r.status_code == 400
    world_login(client, world, "hr")
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:application_probation", args=[app.pk])).content.decode()
    assert 'data-testid="probation-plan"' in html and 'data-testid="plan-open-warning"' in html and "刘洋" in html
    html = client.get(reverse("web:application_probation", args=[app.pk]), {"lang": "en"}).content.decode()
    assert "Probation performance assessment" in html
    world_login(client, world, "supervisor")
    assert client.post(url, {"action": "task", "task": task.pk, f"t{task.pk}-result": "passed",
                             f"t{task.pk}-note": "业务指标达标"}).status_code == 302
    world_login(client, world, "hr")
    html = client.get(reverse("web:application_probation", args=[app.pk])).content.decode()
    assert 'data-testid="plan-open-warning"' not in html
    # the employee reads their plan, in English too, and may not change it
    world_login(client, world, "agent")
    html = client.get(url, {"lang": "en"}).content.decode()
    assert 'data-testid="task-form"' not in html and _leftovers(html) == []
    assert client.post(url, {"action": "mentor", "mentor-mentor": "E4"}).status_code == 403
    world_login(client, world, "far")
    assert client.get(url).status_code == 404
