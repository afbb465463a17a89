"""An award from proposal to certificate in a real browser: HR proposes last month's 月度服务明星, the
department's manager adds a nominee with a reason, HR submits, HR (the monthly award's approver) approves,
the certificate PDF downloads, and the winner finds the award and its internal praise on their page.

Debian Chromium driven by Playwright against ``live_server``; axe-core on every page of this part;
screenshots in Chinese and English (one at 390 px) under test-artifacts/recognition/.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from careerpath.evidence import models as ev
from careerpath.recognition.models import Award, AwardRound, RoundState
from tests.browser.helpers import CHROMIUM, login, look, new_page
from tests.recognition.world import TODAY, build_world

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "recognition"
PASSWORD = "pw-12345"


@pytest.fixture
def world(live_server, settings):  # noqa: ANN001
    return build_world(settings)



def test_an_award_goes_from_proposal_to_certificate(browser, live_server, world):
    base = live_server.url
    # 1. HR proposes October's 月度服务明星 by the rule
    hr = new_page(browser)
    login(hr, base, "hr", PASSWORD)
    hr.goto(f"{base}{reverse('web:recognition_rounds')}")
    hr.wait_for_selector("[data-testid=award-rules]")
    look(hr, PART, "rounds-zh")
    hr.select_option("#id_award", "monthly_star")
    hr.fill("#id_period", "2026-10")
    hr.click("[data-testid=propose-submit]")
    hr.wait_for_selector("[data-testid=nominated]")
    rnd = AwardRound.objects.get()
    assert "98.5%" in hr.inner_text("[data-testid=nominee-E1]")
    look(hr, PART, "round-proposed-zh")

    # 2. The manager of 华东客服一部 adds 刘洋 with a reason (on a phone)
    mgr = new_page(browser, width=390)
    login(mgr, base, "manager", PASSWORD)
    mgr.goto(f"{base}{reverse('web:recognition_round', args=[rnd.pk])}")
    mgr.wait_for_selector("[data-testid=other-E2]")
    assert "赵敏" not in mgr.inner_text("main")  # another department's nominee is not theirs to see
    mgr.locator("[data-testid=other-E2] summary").click()
    mgr.locator("[data-testid=other-E2] textarea").fill("本月主动承担大客户专线，客户点名表扬")
    look(mgr, PART, "round-manager-390-zh")
    assert mgr.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    mgr.click("[data-testid=include-E2]")
    mgr.wait_for_selector("[data-testid=nominee-E2]")

    # 3. HR submits the nomination, then approves it (the policy names HR for the monthly award)
    hr.reload()
    hr.wait_for_selector("[data-testid=nominee-E2]")
    hr.click("[data-testid=nominate-submit]")
    hr.wait_for_selector("[data-testid=approve-form]")
    assert "待审批" in hr.inner_text("[data-testid=round-state]")
    look(hr, PART, "round-nominated-zh")
    hr.fill("#id_note", "同意，予以表彰")
    hr.click("[data-testid=approve-submit]")
    hr.wait_for_selector("[data-testid=round-awards]")
    rnd.refresh_from_db()
    assert rnd.state == RoundState.APPROVED and Award.objects.count() == 3
    look(hr, PART, "round-approved-zh")

    # 4. The certificate downloads as a Chinese PDF naming the winner and the award
    href = hr.get_attribute("[data-testid=certificate-E1]", "href")
    pdf = hr.context.request.get(base + href)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "c.pdf"
        p.write_bytes(pdf.body())
        text = subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(p),
                        str(Path("test-artifacts") / PART / "certificate")], check=True)
    assert "荣誉证书" in text.replace(" ", "") and "陈晓红" in text and "月度服务明星" in text
    assert Award.objects.get(employee__employee_no="E1").certificate_no in text

    # 5. The winner sees the award, and the internal praise is on their record
    me = new_page(browser)
    login(me, base, "best", PASSWORD)
    me.goto(f"{base}{reverse('web:recognition_mine')}")
    me.wait_for_selector("[data-testid=my-awards]")
    assert "已计为内部书面表扬" in me.inner_text("[data-testid=my-awards]")
    look(me, PART, "mine-zh")
    praise = ev.Praise.objects.get(employee__employee_no="E1")
    assert praise.source == "internal" and "月度服务明星" in praise.note

    # 6. English: the same pages, complete
    en = new_page(browser, locale="en-US")
    login(en, base, "hr", PASSWORD, lang="en")
    en.goto(f"{base}{reverse('web:recognition_round', args=[rnd.pk])}?lang=en")
    en.wait_for_selector("[data-testid=round-awards]")
    assert "Service Star of the Month" in en.inner_text("h1") and "Winners and certificates" in en.inner_text("main")
    look(en, PART, "round-approved-en")
    en.goto(f"{base}{reverse('web:recognition_rounds')}?lang=en")
    en.wait_for_selector("[data-testid=rounds]")
    look(en, PART, "rounds-en")
    en.goto(f"{base}{reverse('web:recognition_awards')}?lang=en")
    en.wait_for_selector("[data-testid=awards]")
    look(en, PART, "awards-en")
    # 7. A 辅助晋级项 waiting for the VP, in both languages
    from careerpath.attachments import CheckedFile
    from careerpath.recognition import services as rs
    rs.contribution_propose(actor=world.users["manager"], employee=world.people["best"], kind="revenue",
                            customer="顺丰华东仓", year=2026, amount="1250000", description="拓展冷链专线，客户收入同比增长",
                            attachment=CheckedFile("财务确认.pdf", pdf.body(), "application/pdf", ".pdf"),
                            today=TODAY)
    en.goto(f"{base}{reverse('web:recognition_contributions')}?lang=en")
    en.wait_for_selector("[data-testid=contributions]")
    look(en, PART, "contributions-en")
    vp = new_page(browser)
    login(vp, base, "vp", PASSWORD)
    vp.goto(f"{base}{reverse('web:recognition_contributions')}")
    vp.wait_for_selector("[data-testid=contributions]")
    look(vp, PART, "contributions-vp-zh")
    vp.locator("[data-testid^=approve-]").click()
    vp.wait_for_selector("[data-testid=messages]")
    assert "已审核通过" in vp.inner_text("[data-testid=contributions]")
