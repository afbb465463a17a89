"""Initial placement for HR (/placement/…): the runs, starting one (field errors, once per person), a run's
proposals with their explanation, closing the review after its period and confirming."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from careerpath.people.models import Position
from careerpath.placement import services as pls
from careerpath.placement.models import PlacementRun, RunState
from tests.web.placement_world import AFTER, World, build_world, login, proposal, start_run

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    return build_world(settings)


def _cjk_left(html: str) -> list[str]:
    """Chinese left on an English page, less the language switch's own name ("中文")."""
    body = html.split("<main", 1)[1]
    return [m for m in CJK.findall(body.replace("中文", ""))]


# ---------------------------------------------------------------------------------------------------
# The runs list and who may open it


def test_hr_sees_the_runs_and_the_way_to_start_one(client, world):
    login(client, world, "hr")
    html = client.get(reverse("web:placement_runs")).content.decode()
    assert "还没有初评" in html and reverse("web:placement_run_new") in html
    run = start_run(world)
    html = client.get(reverse("web:placement_runs")).content.decode()
    assert f"初评 #{run.pk}" in html and "部门复核中" in html and "还剩 7 个工作日" in html


@pytest.mark.parametrize("who", ["agent", "vp", "committee"])
def test_the_placement_pages_refuse_other_roles(client, world, who):
    run = start_run(world)
    p = proposal(run, "P1")
    login(client, world, who)
    for url in (reverse("web:placement_runs"), reverse("web:placement_run_new"),
                reverse("web:placement_run", args=[run.pk]), reverse("web:placement_review", args=[run.pk]),
                reverse("web:placement_proposal", args=[run.pk, p.pk]), reverse("web:placement_confirm", args=[run.pk])):
        assert client.get(url).status_code == 403, url


def test_a_manager_may_not_start_or_confirm(client, world):
    run = start_run(world)
    login(client, world, "mgr1")
    assert client.get(reverse("web:placement_run_new")).status_code == 403
    assert client.post(reverse("web:placement_run_new"), {"as_of": "2026-11-02"}).status_code == 403
    assert client.get(reverse("web:placement_confirm", args=[run.pk])).status_code == 403
    assert client.post(reverse("web:placement_confirm", args=[run.pk]), {"action": "close"}).status_code == 403
    assert PlacementRun.objects.get().state == RunState.OPEN


def test_a_missing_run_is_404(client, world):
    login(client, world, "hr")
    assert client.get(reverse("web:placement_run", args=[999])).status_code == 404
    run = start_run(world)
    assert client.get(reverse("web:placement_proposal", args=[run.pk, 99999])).status_code == 404


def test_login_first(client, world):
    res = client.get(reverse("web:placement_runs"))
    assert res.status_code == 302 and "/accounts/login/" in res["Location"]


# ---------------------------------------------------------------------------------------------------
# Starting a run


def test_hr_starts_a_run_from_the_form(client, world):
    login(client, world, "hr")
    res = client.post(reverse("web:placement_run_new"), {"as_of": "2026-11-02", "effective_on": "2026-12-01"})
    run = PlacementRun.objects.get()
    assert res.status_code == 302 and res["Location"] == reverse("web:placement_run", args=[run.pk])
    assert run.review_deadline.isoformat() == "2026-11-10" and run.proposals.count() == 5
    html = client.get(res["Location"]).content.decode()
    assert "初评已发起" in html and "2026年11月10日" in html
    # each person's proposed level and why
    assert "Zhang San" in html and "高级客服专员" in html and "达到高级客服专员的初评标准" in html
    assert "资深客服专员：" in html  # the standard just above, with how many criteria failed
    assert "担任管理岗位，保留原岗位" in html  # M1, M2


@pytest.mark.parametrize("data, field, text", [
    ({"as_of": ""}, "as_of", "此项必填"),
    ({"as_of": "2026-13-40"}, "as_of", "请按 年-月-日 填写日期"),
    ({"as_of": "2026-11-02", "effective_on": "2026-10-01"}, "effective_on", "生效日期不能早于评定日期"),
    ({"as_of": "2026-11-02", "employee_nos": "P1\nNOPE"}, "employee_nos", "以下工号不存在或不在职：NOPE"),
])
def test_bad_input_is_shown_beside_the_field_and_nothing_starts(client, world, data, field, text):
    login(client, world, "hr")
    res = client.post(reverse("web:placement_run_new"), data)
    assert res.status_code == 400
    html = res.content.decode()
    assert f'id="id_{field}_error"' in html and text in html
    assert not PlacementRun.objects.exists()


def test_placement_happens_once_per_person_and_the_page_says_so(client, world):
    run = start_run(world)
    world.settings.CAREERPATH_TODAY = AFTER
    pls.placement_review_close(actor=world.users["hr"], run=run)
    pls.placement_run_confirm(actor=world.users["hr"], run=run)
    login(client, world, "hr")
    res = client.post(reverse("web:placement_run_new"), {"as_of": AFTER, "employee_nos": "P1, P2"})
    assert res.status_code == 409
    assert "以下人员已初评，初评每人只进行一次：P1、P2" in res.content.decode()
    res = client.post(reverse("web:placement_run_new"), {"as_of": AFTER})
    assert res.status_code == 409 and "所有在职员工均已初评" in res.content.decode()
    assert PlacementRun.objects.count() == 1


def test_a_second_run_waits_for_the_first(client, world):
    start_run(world)
    login(client, world, "hr")
    res = client.post(reverse("web:placement_run_new"), {"as_of": "2026-11-02"})
    assert res.status_code == 409 and "已有进行中的初评" in res.content.decode()
    assert PlacementRun.objects.count() == 1


# ---------------------------------------------------------------------------------------------------
# The run's page


def test_the_run_filters_by_department_and_state(client, world):
    run = start_run(world)
    login(client, world, "hr")
    url = reverse("web:placement_run", args=[run.pk])
    html = client.get(url, {"dept": "South Service"}).content.decode()
    assert "Zhao Liu" in html and "Zhang San" not in html
    html = client.get(url, {"show": "kept"}).content.decode()
    assert "Wang Manager" in html and "Zhang San" not in html
    html = client.get(url, {"q": "Si"}).content.decode()
    assert "Li Si" in html and "Zhao Liu" not in html
    # a bad filter value is ignored, never a 500
    assert client.get(url, {"show": "nonsense", "page": "x"}).status_code == 200


def test_a_manager_sees_only_their_department(client, world):
    run = start_run(world)
    login(client, world, "mgr1")
    html = client.get(reverse("web:placement_run", args=[run.pk])).content.decode()
    assert "Zhang San" in html and "Li Si" in html and "Zhao Liu" not in html
    html = client.get(reverse("web:placement_runs")).content.decode()
    assert f'data-testid="to-review-{run.pk}">2<' in html


# ---------------------------------------------------------------------------------------------------
# Closing the review and confirming


def test_hr_closes_the_review_only_after_its_period_and_confirms(client, world):
    run = start_run(world)
    login(client, world, "hr")
    url = reverse("web:placement_confirm", args=[run.pk])
    html = client.get(url).content.decode()
    assert "各部门享有完整的复核期" in html and 'data-testid="do-close"' not in html
    res = client.post(url, {"action": "close"})
    assert res.status_code == 409 and "部门复核期尚未结束" in res.content.decode()
    assert PlacementRun.objects.get().state == RunState.OPEN

    pls.placement_proposal_review(actor=world.users["mgr1"], proposal=proposal(run, "P2"), level="junior",
                                  reason="needs more coaching")
    world.settings.CAREERPATH_TODAY = AFTER
    html = client.get(url).content.decode()
    assert 'data-testid="adjusted-P2"' in html and "needs more coaching" in html
    res = client.post(url, {"action": "close"})
    assert res.status_code == 302 and PlacementRun.objects.get().state == RunState.REVIEWED
    res = client.post(url, {"action": "confirm"})
    assert res.status_code == 302 and PlacementRun.objects.get().state == RunState.CONFIRMED
    levels = dict(Position.objects.filter(reason="初评").values_list("employee__employee_no", "level"))
    assert levels == {"P1": "senior", "P2": "junior", "P3": "assistant"}
    html = client.get(res["Location"]).content.decode()
    assert "初评已确认" in html and "已确认，职级已生效" in html
    # confirming twice is refused, not repeated
    res = client.post(url, {"action": "confirm"})
    assert res.status_code == 409 and Position.objects.filter(reason="初评").count() == 3


# ---------------------------------------------------------------------------------------------------
# English and the query budget


def test_the_hr_pages_read_in_english(client, world):
    run = start_run(world)
    pls.placement_proposal_review(actor=world.users["mgr1"], proposal=proposal(run, "P2"), level="junior",
                                  reason="needs more coaching")
    login(client, world, "hr")
    for url in (reverse("web:placement_runs"), reverse("web:placement_run_new"),
                reverse("web:placement_run", args=[run.pk]), reverse("web:placement_confirm", args=[run.pk]),
                reverse("web:placement_review", args=[run.pk]) + "?show=",
                reverse("web:placement_proposal", args=[run.pk, proposal(run, "P1").pk])):
        res = client.get(url, {"lang": "en"})
        html = res.content.decode()
        assert res.status_code == 200, url
        assert not _cjk_left(html), (url, "".join(_cjk_left(html))[:200])
        for code in (">senior<", ">open<", "placement_state", ">junior<"):
            assert code not in html, (url, code)
    html = client.get(reverse("web:placement_run", args=[run.pk]), {"lang": "en"}).content.decode()
    assert "Meets the standard for" in html and "Placement #" in html


@pytest.mark.parametrize("name", ["placement_runs", "placement_run_new", "placement_run", "placement_review",
                                  "placement_confirm", "placement_proposal"])
def test_each_page_stays_under_the_query_budget(client, world, name, django_assert_max_num_queries):
    run = start_run(world)
    args = {"placement_runs": [], "placement_run_new": []}.get(name, [run.pk])
    if name == "placement_proposal":
        args = [run.pk, proposal(run, "P1").pk]
    login(client, world, "hr")
    client.get(reverse("web:placement_runs"))  # warm the policy parse
    with django_assert_max_num_queries(29):
        assert client.get(reverse(f"web:{name}", args=args)).status_code == 200
    with django_assert_max_num_queries(29):
        assert client.get(reverse(f"web:{name}", args=args), {"lang": "en"}).status_code == 200


def test_hrs_count_is_the_runs_waiting_for_hr(client, world):
    run = start_run(world)
    login(client, world, "hr")
    assert 'data-testid="nav-count-placement"' not in client.get(reverse("web:placement_runs")).content.decode()
    world.settings.CAREERPATH_TODAY = AFTER  # the period is over: HR closes it
    assert 'data-testid="nav-count-placement">1<' in client.get(reverse("web:placement_runs")).content.decode()
    pls.placement_review_close(actor=world.users["hr"], run=run)  # closed: HR confirms it
    assert 'data-testid="nav-count-placement">1<' in client.get(reverse("web:placement_runs")).content.decode()
    pls.placement_run_confirm(actor=world.users["hr"], run=run)
    assert 'data-testid="nav-count-placement"' not in client.get(reverse("web:placement_runs")).content.decode()
