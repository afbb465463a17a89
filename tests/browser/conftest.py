"""The browser tests' shared fixture: one Debian Chromium per test module, driven by Playwright.

A module that defines its own ``browser`` fixture (or imports the one in test_home) still gets that one.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    # Playwright runs an event loop in this thread; the ORM calls of the test itself are still
    # synchronous and safe (see STACK-NOTES), so Django's async guard is lifted for the module.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield b
            b.close()
