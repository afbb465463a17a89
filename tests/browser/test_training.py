"""Training in a real browser, from enrolment to the evidence it produces: an employee enrols from the gap
their checklist shows, the trainer records attendance and the result, the employee's checklist then shows
the 储备干部参训 criterion met, and the certificate link serves a PDF.

Debian Chromium driven by Playwright against ``live_server``; axe-core on every page of this part;
screenshots in Chinese and English under test-artifacts/training/.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerpath.evidence.models import Training
from careerpath.training import services as ts
from careerpath.training.models import Enrolment
from tests.browser.helpers import CHROMIUM, login, look, new_page
from tests.training.world import AFTER, PASSWORD, TODAY, build_training

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "training"


@pytest.fixture
def world(live_server, settings):  # noqa: ANN001
    return build_training(settings)



def _reserve_row(page):  # noqa: ANN001, ANN202
    return page.locator("#move-intermediate_to_senior table.criteria tr", has_text="储备干部培训").first


def test_from_enrolment_to_the_evidence_it_produces(browser, live_server, world):
    base = live_server.url
    sid = world.session.pk
    # 1. The employee's checklist lacks the training; the open session that closes it is listed: enrol
    me = new_page(browser, width=390)
    login(me, base, "e1", PASSWORD)
    me.wait_for_selector("[data-testid=training-gaps]")
    assert "fail" in (_reserve_row(me).get_attribute("class") or "")
    assert me.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    look(me, PART, "home-gap-zh")
    me.click(f"[data-testid=gap-enrol-{sid}]")
    me.wait_for_selector("[data-testid=messages]")
    assert "已报名" in me.inner_text("[data-testid=training-gaps]")
    me.goto(f"{base}{reverse('web:training_my')}")
    me.wait_for_selector("[data-testid=my-upcoming]")
    assert "储备干部培训" in me.inner_text("[data-testid=my-upcoming]")
    look(me, PART, "my-training-zh")
    # The supervisor enrols a team member from the session page
    sup = new_page(browser)
    login(sup, base, "supervisor", PASSWORD)
    sup.goto(f"{base}{reverse('web:training_session', args=[sid])}")
    sup.wait_for_selector("[data-testid=enrol-team]")
    sup.select_option("#id_employee", "E2")
    look(sup, PART, "session-supervisor-zh")
    sup.click("[data-testid=enrol-other]")
    sup.wait_for_selector("[data-testid=roster-E2]")
    assert Enrolment.objects.filter(session_id=sid).count() == 2
    sup.close()

    # 2. After the session the trainer records attendance and results for the whole roster
    world.today(AFTER)
    tr = new_page(browser)
    login(tr, base, "trainer", PASSWORD)
    tr.goto(f"{base}{reverse('web:training_my')}")
    tr.wait_for_selector("[data-testid=teaching]")
    tr.click("[data-testid=teaching] a")
    tr.wait_for_selector("[data-testid=roster]")
    look(tr, PART, "session-trainer-zh")
    tr.click("[data-testid=record-results]")
    tr.wait_for_selector("[data-testid=results-form]")
    tr.select_option("[data-testid=att-E1]", "attended")
    tr.select_option("[data-testid=result-E1]", "passed")
    tr.fill("[data-testid=score-E1]", "92")
    tr.select_option("[data-testid=att-E2]", "absent")
    look(tr, PART, "results-zh")
    tr.click("[data-testid=results-save]")
    tr.wait_for_selector("[data-testid=roster]")
    assert "新增培训记录 1 条" in tr.inner_text("[data-testid=messages]")
    look(tr, PART, "session-recorded-zh")
    rec = Training.objects.get(employee=world.e1)
    assert (rec.program, rec.result) == ("储备干部培训", "passed")
    tr.close()

    # 3. The employee's checklist now counts it: 储备干部参训 met, and the gap is gone
    me.goto(f"{base}/")
    me.wait_for_selector("#move-intermediate_to_senior")
    assert "pass" in (_reserve_row(me).get_attribute("class") or "")
    assert me.locator("[data-testid=training-gaps]").count() == 0
    look(me, PART, "home-met-zh")

    # 4. The certificate link serves the PDF
    me.goto(f"{base}{reverse('web:training_my')}")
    me.wait_for_selector("[data-testid=my-past]")
    look(me, PART, "my-training-done-zh")
    href = me.get_attribute("[data-testid=my-past] a[data-testid^=certificate-]", "href")
    pdf = me.request.get(f"{base}{href}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"
    me.close()


def test_the_pages_read_in_english(browser, live_server, world):
    sid = world.session.pk
    ts.enrolment_create(actor=world.users["e1"], session=world.session, employee=world.e1, today=TODAY)
    base = live_server.url
    hr = new_page(browser, locale="en-US")
    login(hr, base, "hr", PASSWORD, lang="en")
    for name, url in [("sessions-en", reverse("web:training_sessions")),
                      ("session-hr-en", reverse("web:training_session", args=[sid])),
                      ("programs-en", reverse("web:training_programs")),
                      ("program-edit-en", reverse("web:training_program_edit", args=[world.reserve.pk])),
                      ("session-new-en", reverse("web:training_session_new"))]:
        hr.goto(f"{base}{url}")
        hr.wait_for_selector("main")
        look(hr, PART, name)
    world.today(AFTER)
    hr.goto(f"{base}{reverse('web:training_results', args=[sid])}")
    hr.wait_for_selector("[data-testid=results-form]")
    look(hr, PART, "results-en")
    hr.close()
    me = new_page(browser, width=390, locale="en-US")
    login(me, base, "e2", PASSWORD, lang="en")
    me.wait_for_selector("[data-testid=training-gaps]")
    assert "Trainings that would meet a criterion" in me.inner_text("[data-testid=training-gaps]")
    look(me, PART, "home-gap-en")
    me.goto(f"{base}{reverse('web:training_my')}")
    me.wait_for_selector("[data-testid=open-sessions]")
    look(me, PART, "my-training-en")
    me.close()
