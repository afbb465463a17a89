"""The vendored axe-core runs under the site's strict CSP and finds no serious violation on the login page."""

from __future__ import annotations

import pytest

from tests.browser.helpers import CHROMIUM, accessible, axe_violations, shot

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed")


def test_axe_runs_and_the_login_page_passes(browser, live_server):  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        # axe ran: it reports its rules' outcome as a list (possibly of minor findings)
        assert isinstance(axe_violations(page), list)
        accessible(page)
        shot(page, "foundations", "login-390")
    finally:
        page.close()


def test_axe_would_catch_a_serious_violation(browser, live_server):  # noqa: F811
    # given a page where an input has no label (a serious violation of "label")
    page = browser.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.evaluate("document.querySelector('label[for=id_username]').remove()")
        with pytest.raises(AssertionError, match="label"):
            accessible(page)
    finally:
        page.close()
