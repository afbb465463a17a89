"""Mentoring in a real browser: the mentor opens the pair from 我的徒弟, adds a check-in and confirms the
mentee's independent operation; the 带教 record then carries the date, the engine counts it for the mentor,
and HR's mentors' record shows it. Then HR reads a probation plan on the probation screen.

Debian Chromium driven by Playwright against ``live_server``; axe-core on every page of this part;
screenshots in Chinese and English under test-artifacts/mentoring/, one at 390 px.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.core.workflow import State
from careerpath.evaluation.selectors import evaluation_run
from careerpath.evidence import models as ev
from careerpath.mentoring import services as s
from careerpath.mentoring.models import PairState
from careerpath.policy_versions.selectors import active_policy
from tests.browser.helpers import CHROMIUM, login, look, new_page
from tests.web.approvals_world import advance, build_world
from tests.web.evidence_company import AS_OF, company_fixture  # noqa: F401

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "mentoring"
PASSWORD = "pw-12345"  # tests.apiclient.make_user's



def _mentoring_passes() -> bool:
    result = next(r for r in evaluation_run(policy=active_policy(), as_of=AS_OF, employee_no="E1").results
                  if r.move_id == "junior_to_intermediate")
    return next(c for c in result.criteria if c.id == "mentoring").passed


def test_the_mentor_adds_a_check_in_and_confirms_independence(browser, live_server, company):
    base = live_server.url
    pair = s.pair_create(actor=company.user("far"), mentor=company.agent, mentee=company.mentee,
                         started_on=date(2026, 8, 3), planned_on=date(2026, 9, 30),
                         goals=[("熟悉订单系统", date(2026, 8, 20)), ("独立处理A级订单", date(2026, 9, 20))])
    assert not _mentoring_passes()
    # 1. The mentor opens the pair from 我的徒弟 (on a phone)
    me = new_page(browser, width=390)
    login(me, base, "agent", PASSWORD)
    me.goto(f"{base}{reverse('web:mentees')}")
    me.wait_for_selector("[data-testid=my-pairs]")
    assert me.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    look(me, PART, "mentees-390-zh")
    me.click("[data-testid=pair-link]")
    me.wait_for_selector("[data-testid=checkin-form]")
    # 2. marks a goal reached, adds a check-in
    me.locator("[data-testid=goal-toggle]").first.click()
    me.wait_for_selector("[data-testid=checkin-form]")
    me.fill("#id_checkin-on", "2026-09-10")
    me.fill("#id_checkin-note", "已能独立处理退换货，投诉处理在旁听下完成。")
    me.click("[data-testid=checkin-add]")
    me.wait_for_selector("[data-testid=checkin]")
    assert "已记录带教反馈" in me.inner_text("main")
    assert me.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    look(me, PART, "pair-390-zh")
    # 3. a confirmation without its note is refused beside the field; then confirmed
    me.set_viewport_size({"width": 1280, "height": 900})
    me.fill("#id_confirm-on", "2026-09-15")
    me.click("[data-testid=confirm]")
    me.wait_for_selector("#id_confirm-note_error")
    look(me, PART, "pair-confirm-error-zh")
    me.fill("#id_confirm-note", "已能独立处理A级客户订单与常规异常")
    me.click("[data-testid=confirm]")
    me.wait_for_selector("[data-testid=independent-on]")
    assert "2026年9月15日" in me.inner_text("[data-testid=independent-on]")
    look(me, PART, "pair-completed-zh")
    me.goto(f"{base}{reverse('web:mentoring_pair', args=[pair.pk])}?lang=en")
    assert "15 Sep 2026" in me.inner_text("[data-testid=independent-on]")
    look(me, PART, "pair-completed-en")
    # the 带教 record carries the date: the engine counts it for the mentor
    company.mentorship.refresh_from_db()
    assert company.mentorship.independent_on == date(2026, 9, 15)
    assert company.mentorship.pair.state == PairState.COMPLETED
    assert _mentoring_passes()

    # 4. HR's mentors' record shows it
    hr = new_page(browser)
    login(hr, base, "hr", PASSWORD)
    hr.goto(f"{base}{reverse('web:mentoring_mentors')}")
    row = hr.locator("[data-testid=mentor-record][data-mentor=E1]")
    assert row.locator("[data-testid=independent]").inner_text() == "1"
    look(hr, PART, "mentors-zh")
    hr.goto(f"{base}{reverse('web:mentoring_mentors')}?lang=en&sort=median")
    hr.wait_for_selector("[data-testid=mentor-records]")
    look(hr, PART, "mentors-en")
    hr.goto(f"{base}{reverse('web:mentoring_pairs')}")
    hr.wait_for_selector("[data-testid=pairs]")
    look(hr, PART, "pairs-zh")
    hr.goto(f"{base}{reverse('web:mentoring_pair_new')}?lang=en")
    hr.wait_for_selector("[data-testid=pair-form]")
    look(hr, PART, "pair-new-en")
    # 5. the mentee's supervisor is told and sees the correction form
    sup = new_page(browser)
    login(sup, base, "far", PASSWORD)
    sup.goto(f"{base}{reverse('web:mentoring_pair', args=[pair.pk])}")
    sup.wait_for_selector("[data-testid=undo-form]")
    look(sup, PART, "pair-supervisor-zh")
    assert ev.Mentorship.objects.get(pk=company.mentorship.pk).independent_on == date(2026, 9, 15)


@pytest.mark.django_db(transaction=True)
def test_hr_reads_the_probation_plan(browser, live_server, settings):
    world = build_world(settings)
    app = advance(world, world.agents[:1], State.IN_PROBATION)[0]
    base = live_server.url
    sup = new_page(browser)
    login(sup, base, "supervisor", "pw-12345")
    sup.goto(f"{base}{reverse('web:mentoring_plan', args=[app.pk])}")
    sup.wait_for_selector("[data-testid=mentor-form]")
    sup.select_option("#id_mentor-mentor", "E3")
    sup.click("[data-testid=mentor-assign]")
    sup.wait_for_selector("[data-testid=plan-mentor] a")
    look(sup, PART, "plan-zh")
    hr = new_page(browser)
    login(hr, base, "hr", "pw-12345")
    hr.goto(f"{base}{reverse('web:application_probation', args=[app.pk])}")
    hr.wait_for_selector("[data-testid=plan-open-warning]")
    look(hr, PART, "probation-hr-zh")
    hr.goto(f"{base}{reverse('web:application_probation', args=[app.pk])}?lang=en")
    assert "Probation performance assessment" in hr.inner_text("[data-testid=probation-plan]")
    look(hr, PART, "probation-hr-en")
