"""HR edits the policy in a real browser: a threshold changed in CodeMirror, a broken edit shown at its line
(lint gutter and list), fixed, simulated (the known winner and loser, with the progress polled by HTMX), the
diff read, and the draft published with the consultation record. axe on every page; screenshots in Chinese
and English under test-artifacts/policy/.
"""

from __future__ import annotations

import pytest

from careerpath.policy_versions.models import PolicyDraft, PolicyVersion, Simulation
from tests.browser.helpers import BLOCKING, CHROMIUM, axe_violations, login, shot
from tests.web.policy_company import AS_OF, PASSWORD, build_policy_company

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "policy"
_LAYOUT_KNOWN = {("label-content-name-mismatch", ".d-flex")}  # the shared user menu, as in test_approvals



def accessible(page) -> None:  # noqa: ANN001
    bad = []
    for v in axe_violations(page):
        if v.get("impact") not in BLOCKING:
            continue
        nodes = [n for n in v["nodes"] if not isinstance(n["target"][0], str)  # inside the editor's shadow root
                 or (v["id"], n["target"][0]) not in _LAYOUT_KNOWN
                 or not page.locator(f".user-menu {n['target'][0]}").count()]
        if nodes:
            bad.append(f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(str(n["target"]) for n in nodes[:5]))
    assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(bad)


def _page(browser, locale: str = "zh-CN", width: int = 1280):  # noqa: ANN001, ANN202
    page = browser.new_page(viewport={"width": width, "height": 900}, locale=locale)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


# Replace the first occurrence of ``old`` after ``anchor`` in the editor, as a keyboard edit would.
_EDIT = """([anchor, old, text]) => {
  const v = window.policyEditor, doc = v.state.doc.toString();
  const at = doc.indexOf(old, doc.indexOf(anchor));
  v.dispatch({changes: {from: at, to: at + old.length, insert: text}, selection: {anchor: at},
              scrollIntoView: true});
  return v.state.doc.lineAt(at).number;
}"""


def test_hr_edits_checks_simulates_compares_and_publishes(browser, live_server, settings):
    build_policy_company(settings)
    settings.CAREERPATH_SIMULATION_INLINE = False  # the real thing: a thread, the page polls its progress
    page = _page(browser)
    try:
        login(page, live_server.url, "hr", PASSWORD)
        assert page.locator("[data-testid=nav-policy_editor]").count() == 1
        page.goto(f"{live_server.url}/policies/editor/")
        accessible(page)
        page.click("[data-testid=draft-new]")
        page.wait_for_selector("[data-testid=policy-editor]")  # CodeMirror replaced the textarea
        draft = PolicyDraft.objects.get()

        # a broken edit: the months in level of junior → intermediate typed as a word
        line = page.evaluate(_EDIT, ["id: junior_to_intermediate", "months: 12}", "months: twelve}"])
        page.wait_for_selector(".cm-lint-marker-error")  # the live check marks the line in the gutter
        page.click("[data-testid=draft-save]")
        page.wait_for_selector("[data-testid=problem]")
        problem = page.locator("[data-testid=problem]")
        assert problem.count() == 1 and problem.get_attribute("data-line") == str(line)
        assert f"第 {line} 行" in problem.inner_text() and "moves[1].criteria[0].months" in problem.inner_text()
        page.click("a.problem-line")  # moves the editor's cursor to the line, marked in the gutter
        page.wait_for_selector(".cm-lint-marker-error")
        assert page.evaluate("window.policyEditor.state.doc.lineAt(window.policyEditor.state.selection.main.head)"
                             ".number") == line
        accessible(page)
        shot(page, PART, "editor-error-zh")

        # fixed: 9 months; and 2 internal praises; a new version number
        page.evaluate(_EDIT, ["id: junior_to_intermediate", "months: twelve}", "months: 9}"])
        page.evaluate(_EDIT, ["id: internal, kind: count", "min: 1}", "min: 2}"])
        page.evaluate(_EDIT, ["name: logistics-dual-track", '"2026.3"', '"2026.9"'])
        page.click("[data-testid=draft-save]")
        page.wait_for_selector("[data-testid=valid]")
        assert page.locator(".cm-lint-marker-error").count() == 0
        shot(page, PART, "editor-valid-zh")

        # the what-if: a thread runs it, the progress fragment polls until the result replaces the page
        page.click("[data-testid=simulate]")
        page.wait_for_selector("[data-testid=sim-summary]", timeout=30_000)
        assert page.inner_text("[data-testid=sum-gains]") == "+1"
        assert page.inner_text("[data-testid=sum-losses]") == "−1"
        p2 = page.locator("[data-testid=change-P2]")
        assert p2.get_attribute("data-direction") == "gain" and "本职级任职时间满 9 个月" in p2.inner_text()
        p3 = page.locator("[data-testid=change-P3]")
        assert p3.get_attribute("data-direction") == "loss" and "内部书面表扬不少于 2 次" in p3.inner_text()
        assert Simulation.objects.get().status == "done"
        accessible(page)
        shot(page, PART, "simulation-zh")

        # the diff against the active version
        page.goto(f"{live_server.url}/policies/drafts/{draft.pk}/diff/")
        summary = page.inner_text("[data-testid=diff-summary]")
        assert "junior_to_intermediate / level_tenure" in summary and "months: 12 → 9" in summary
        assert "junior_to_intermediate / praise" in summary
        accessible(page)
        shot(page, PART, "diff-zh")

        page.goto(f"{live_server.url}/policies/drafts/{draft.pk}/read/")
        assert "本职级任职时间满 9 个月" in page.inner_text("[data-testid=move-junior_to_intermediate]")
        accessible(page)
        shot(page, PART, "read-zh")

        # publish with the consultation note (劳动合同法 第4条)
        page.goto(f"{live_server.url}/policies/drafts/{draft.pk}/publish/")
        page.fill("#id_consulted_with", "第三届职工代表大会")
        page.fill("#id_consulted_on", "2026-09-10")
        page.fill("#id_consultation_note", "逐条讨论，采纳两条意见")
        page.fill("#id_announced_on", "2026-09-20")
        page.fill("#id_announcement_note", "公告栏及内网公示")
        page.fill("#id_effective_from", AS_OF.isoformat())
        accessible(page)
        shot(page, PART, "publish-zh")
        page.click("[data-testid=publish]")
        page.wait_for_selector("[data-testid=message]")
        assert "已发布并启用" in page.inner_text("[data-testid=message]")
        pv = PolicyVersion.objects.get(version="2026.9")
        assert pv.is_active and pv.consulted_with == "第三届职工代表大会"
        assert not [e for e in page.errors if "Content Security Policy" in e or "Error" in e], page.errors
    finally:
        page.close()


def test_the_pages_in_english_and_without_javascript(browser, live_server, settings):
    from careerpath.policy_versions.drafts import policy_draft_create
    from careerpath.policy_versions.simulation import simulation_start
    from tests.web.policy_company import draft_internal_praise, draft_tenure

    c = build_policy_company(settings)
    draft = policy_draft_create(actor=c.users["hr"], title="Draft 2027",
                                yaml_text=draft_internal_praise(2, draft_tenure(9)))
    sim = simulation_start(actor=c.users["hr"], draft=draft)
    page = _page(browser, locale="en-GB")
    try:
        login(page, live_server.url, "hr", PASSWORD, lang="en")
        for name, path in (("editor", f"drafts/{draft.pk}/"), ("read", f"drafts/{draft.pk}/read/"),
                           ("diff", f"drafts/{draft.pk}/diff/"), ("simulation", f"simulations/{sim.pk}/"),
                           ("publish", f"drafts/{draft.pk}/publish/"), ("simulations", "simulations/")):
            page.goto(f"{live_server.url}/policies/{path}")
            page.wait_for_load_state("networkidle")
            accessible(page)
            shot(page, PART, f"{name}-en")
        assert "Gain eligibility" in page.content()
        # on a phone the tables become cards, without a horizontal scroll
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server.url}/policies/simulations/{sim.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, PART, "simulation-phone-en")
    finally:
        page.close()
    # without JavaScript the editor is the plain textarea, with the problems listed
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        login(page, live_server.url, "hr", PASSWORD)
        page.goto(f"{live_server.url}/policies/drafts/{draft.pk}/")
        assert page.locator("textarea#id_yaml_text").is_visible()
        page.fill("#id_yaml_text", draft_tenure("twelve"))
        page.click("[data-testid=draft-save]")
        page.wait_for_selector("[data-testid=problem]")
        assert "moves[1].criteria[0].months" in page.inner_text("[data-testid=problem]")
        shot(page, PART, "editor-nojs-zh")
    finally:
        ctx.close()
