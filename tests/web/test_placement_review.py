"""The department's review of initial placement (/placement/<run>/review/, …/proposals/<p>/): agree, adjust
with a reason (field error, nothing changed), scope (403), one's own proposal, the deadline (409), the
navigation's count."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.placement.models import PlacementProposal
from tests.web.placement_world import AFTER, World, build_world, login, proposal, start_run

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    return build_world(settings)


@pytest.fixture
def run(world):  # noqa: ANN001, ANN201
    return start_run(world)


def _url(run, no: str) -> str:  # noqa: ANN001
    return reverse("web:placement_proposal", args=[run.pk, proposal(run, no).pk])


def test_the_review_page_shows_what_waits_and_the_working_days_left(client, world, run):
    login(client, world, "mgr1")
    html = client.get(reverse("web:placement_review", args=[run.pk])).content.decode()
    assert "还剩 7 个工作日" in html and "2026年11月10日" in html
    assert 'data-testid="agree-P1"' in html and 'data-testid="agree-P2"' in html
    assert "Zhao Liu" not in html  # another department
    assert 'data-testid="agree-M1"' not in html  # their own proposal, and a kept management post
    world.settings.CAREERPATH_TODAY = "2026-11-09"
    html = client.get(reverse("web:placement_review", args=[run.pk])).content.decode()
    assert "还剩 2 个工作日" in html


def test_the_proposal_page_explains_the_standards(client, world, run):
    login(client, world, "mgr1")
    html = client.get(_url(run, "P1")).content.decode()
    assert 'data-testid="standard-expert"' in html and 'data-testid="standard-senior"' in html
    assert "未达到" in html and "达到" in html and "高级客服专员" in html
    html = client.get(_url(run, "P1"), {"lang": "en"}).content.decode()
    body = html.split("<main", 1)[1].replace("中文", "")
    assert not CJK.findall(body), "".join(CJK.findall(body))[:100]
    assert "Senior" in html and "Not met" in html


def test_a_manager_agrees_in_one_click(client, world, run):
    login(client, world, "mgr1")
    review = reverse("web:placement_review", args=[run.pk])
    res = client.post(_url(run, "P1"), {"decision": "agree", "next": review + "?show=to_review"})
    assert res.status_code == 302 and res["Location"] == review + "?show=to_review"
    p = proposal(run, "P1")
    assert p.reviewed_by == world.users["mgr1"] and p.final_level == "senior" and not p.adjusted_level
    assert "已同意 Zhang San 的建议职级" in client.get(res["Location"]).content.decode()


def test_an_adjustment_needs_a_reason_and_nothing_changes_without_one(client, world, run):
    login(client, world, "mgr1")
    res = client.post(_url(run, "P2"), {"decision": "adjust", "level": "junior", "reason": "  "})
    assert res.status_code == 400
    html = res.content.decode()
    assert 'id="id_reason_error"' in html and "调整建议职级须写明理由" in html
    p = proposal(run, "P2")
    assert p.reviewed_at is None and p.adjusted_level == ""
    assert not AuditEvent.objects.filter(action="placement.review").exists()


def test_a_level_placement_cannot_give_is_a_field_error(client, world, run):
    login(client, world, "mgr1")
    res = client.post(_url(run, "P2"), {"decision": "adjust", "level": "supervisor", "reason": "x"})
    assert res.status_code == 400 and 'id="id_level_error"' in res.content.decode()
    assert proposal(run, "P2").reviewed_at is None


def test_a_manager_adjusts_with_a_reason(client, world, run):
    login(client, world, "mgr1")
    res = client.post(_url(run, "P2"), {"decision": "adjust", "level": "junior", "reason": "常规异常处理尚需带教"})
    assert res.status_code == 302
    p = proposal(run, "P2")
    assert (p.adjusted_level, p.adjust_reason, p.final_level) == ("junior", "常规异常处理尚需带教", "junior")
    event = AuditEvent.objects.get(action="placement.review")
    assert event.actor == world.users["mgr1"] and event.reason == "常规异常处理尚需带教"
    html = client.get(res["Location"] + "?show=adjusted").content.decode()
    assert "调整为 初级客服专员" in html and "常规异常处理尚需带教" in html


def test_a_manager_cannot_review_another_department_or_themself(client, world, run):
    login(client, world, "mgr1")
    assert client.get(_url(run, "P3")).status_code == 403
    res = client.post(_url(run, "P3"), {"decision": "agree"})
    assert res.status_code == 403 and proposal(run, "P3").reviewed_at is None
    html = client.get(_url(run, "M1")).content.decode()
    assert 'data-testid="own"' in html and 'data-testid="do-agree"' not in html
    res = client.post(_url(run, "M1"), {"decision": "adjust", "level": "senior", "reason": "x"})
    assert res.status_code == 403 and proposal(run, "M1").reviewed_at is None


def test_after_the_deadline_the_review_is_closed(client, world, run):
    world.settings.CAREERPATH_TODAY = AFTER
    login(client, world, "mgr1")
    html = client.get(reverse("web:placement_review", args=[run.pk])).content.decode()
    assert 'data-testid="review-closed"' in html and 'data-testid="agree-P1"' not in html
    res = client.post(_url(run, "P1"), {"decision": "agree"})
    assert res.status_code == 409 and "部门复核期已结束" in res.content.decode()
    assert proposal(run, "P1").reviewed_at is None


def test_the_navigation_counts_runs_awaiting_the_managers_review(client, world, run):
    login(client, world, "mgr1")
    html = client.get(reverse("web:placement_runs")).content.decode()
    assert 'data-testid="nav-count-placement">1<' in html
    for no in ("P1", "P2"):
        client.post(_url(run, no), {"decision": "agree"})
    html = client.get(reverse("web:placement_runs")).content.decode()
    assert 'data-testid="nav-count-placement"' not in html
    assert PlacementProposal.objects.filter(run=run, reviewed_at__isnull=False).count() == 2


def test_the_manager_pages_read_in_english_under_the_budget(client, world, run, django_assert_max_num_queries):
    login(client, world, "mgr1")
    for url in (reverse("web:placement_runs"), reverse("web:placement_review", args=[run.pk]),
                reverse("web:placement_run", args=[run.pk]), _url(run, "P2")):
        with django_assert_max_num_queries(29):
            html = client.get(url, {"lang": "en"}).content.decode()
        body = html.split("<main", 1)[1].replace("中文", "")
        assert not CJK.findall(body), (url, "".join(CJK.findall(body))[:100])
