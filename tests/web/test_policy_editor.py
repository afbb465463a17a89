"""The policy editor's pages (HR): the draft, its check with lines, the policy in words, the diff, publishing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.policy_versions.drafts import policy_draft_create
from careerpath.policy_versions.models import PolicyDraft, PolicyStatus, PolicyVersion
from tests.web.policy_company import (
    AS_OF,
    PASSWORD,
    PolicyCompany,
    build_policy_company,
    bump,
    draft_tenure,
    preset_text,
)

pytestmark = pytest.mark.django_db
BUDGET = 29
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def company(db, settings) -> PolicyCompany:  # noqa: ANN001
    return build_policy_company(settings)


@pytest.fixture
def hr(client, company):  # noqa: ANN001, ANN201
    assert client.login(username="hr", password=PASSWORD)
    return client


@pytest.fixture
def draft(company) -> PolicyDraft:  # noqa: ANN001
    return policy_draft_create(actor=company.users["hr"])


def _visible(html: str) -> str:
    """The page's text outside the editor's own content (the YAML is the policy's, in its words)."""
    html = re.sub(r"<textarea.*?</textarea>", "", html, flags=re.S)
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    html = re.sub(r"<code>.*?</code>", "", html, flags=re.S)  # YAML lines and paths, quoted as written
    # the criteria's sentences are the engine's, which names some evidence by its Chinese code in English too
    html = re.sub(r'<li data-criterion="[^"]*">[^<]*', "", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_urls_are_named_as_the_issue_says():
    assert reverse("web:policy_editor") == "/policies/editor/"
    assert reverse("web:policy_simulations") == "/policies/simulations/"


def test_the_entry_offers_a_new_draft_then_opens_the_latest(hr, company):
    res = hr.get("/policies/editor/")
    assert res.status_code == 200 and 'data-testid="draft-new"' in res.content.decode()
    res = hr.post("/policies/editor/")
    d = PolicyDraft.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/policies/drafts/{d.pk}/"
    assert d.yaml_text == company.active.yaml_text and d.base_version == company.active
    assert hr.get("/policies/editor/")["Location"] == f"/policies/drafts/{d.pk}/"


@pytest.mark.parametrize("who", ["manager", "employee"])
def test_other_roles_are_refused(client, company, draft, who):
    assert client.login(username=who, password=PASSWORD)
    for url in ("/policies/editor/", f"/policies/drafts/{draft.pk}/", f"/policies/drafts/{draft.pk}/read/",
                f"/policies/drafts/{draft.pk}/diff/", f"/policies/drafts/{draft.pk}/publish/",
                "/policies/simulations/"):
        assert client.get(url).status_code == 403, url
    assert client.post("/policies/lint/", {"yaml_text": "x"}).status_code == 403


def test_a_missing_draft_is_404(hr, company):
    assert hr.get("/policies/drafts/999/").status_code == 404


def test_saving_a_broken_edit_keeps_it_and_lists_the_problem_at_its_line(hr, draft):
    broken = draft_tenure("twelve", draft.yaml_text)
    line = next(i + 1 for i, ln in enumerate(broken.splitlines()) if "months: twelve" in ln)
    res = hr.post(f"/policies/drafts/{draft.pk}/", {"title": "2027 修订", "yaml_text": broken})
    assert res.status_code == 302
    draft.refresh_from_db()
    assert draft.yaml_text == broken and draft.title == "2027 修订"
    assert draft.problems == [["moves[1].criteria[0].months", line,
                               "应为非负整数 must be a non-negative integer, got 'twelve'"]]
    html = hr.get(f"/policies/drafts/{draft.pk}/").content.decode()
    assert f'data-line="{line}"' in html and f"第 {line} 行" in html and "moves[1].criteria[0].months" in html
    assert 'id="policy-problems"' in html  # the same problems for the editor's gutter


def test_a_fixed_edit_is_valid(hr, draft):
    hr.post(f"/policies/drafts/{draft.pk}/", {"title": "t", "yaml_text": bump(draft_tenure(9, draft.yaml_text))})
    draft.refresh_from_db()
    assert draft.problems == []
    assert 'data-testid="valid"' in hr.get(f"/policies/drafts/{draft.pk}/").content.decode()


def test_an_empty_text_is_a_field_error_and_changes_nothing(hr, draft):
    before = draft.yaml_text
    res = hr.post(f"/policies/drafts/{draft.pk}/", {"title": "t", "yaml_text": ""})
    assert res.status_code == 400 and "策略文本不能为空" in res.content.decode()
    draft.refresh_from_db()
    assert draft.yaml_text == before


def test_the_live_check_answers_lines_without_saving(hr, draft):
    broken = draft_tenure("twelve", draft.yaml_text)
    data = hr.post("/policies/lint/", {"yaml_text": broken}).json()
    assert [(p["path"], p["line"]) for p in data["problems"]] == [
        ("moves[1].criteria[0].months", next(i + 1 for i, ln in enumerate(broken.splitlines()) if "twelve" in ln))]
    assert hr.post("/policies/lint/", {"yaml_text": draft.yaml_text}).json() == {"problems": []}
    assert hr.post("/policies/lint/", {"yaml_text": "a: [1"}).json()["problems"][0]["line"] == 1
    draft.refresh_from_db()
    assert "twelve" not in draft.yaml_text


def test_the_readable_page_lists_every_level_and_criterion(hr, draft):
    html = hr.get(f"/policies/drafts/{draft.pk}/read/").content.decode()
    assert "初级客服专员 → 中级客服专员" in html and "本职级任职时间满 12 个月" in html
    assert "满足以下任一项" in html and "近12个月内内部书面表扬不少于 1 次" in html
    assert html.count('data-testid="level-') == 11


def test_the_diff_summarises_the_changed_threshold(hr, draft):
    hr.post(f"/policies/drafts/{draft.pk}/", {"title": "t", "yaml_text": bump(draft_tenure(9, draft.yaml_text))})
    html = hr.get(f"/policies/drafts/{draft.pk}/diff/").content.decode()
    summary = html[html.index('data-testid="diff-summary"'):html.index('data-testid="diff-table"')]
    assert "junior_to_intermediate / level_tenure" in summary and "months: 12 → 9" in summary
    assert "version: &#x27;2026.3&#x27; → &#x27;2026.9&#x27;" in summary
    assert summary.count('data-testid="change"') == 2
    assert 'class="changed"' in html


def _publish_form(**over: str) -> dict[str, str]:
    return {"consulted_with": "第三届职工代表大会", "consulted_on": "2026-09-10",
            "consultation_note": "逐条讨论，采纳两条意见", "announced_on": "2026-09-20",
            "announcement_note": "公告栏及内网公示", "effective_from": AS_OF.isoformat(), **over}


def test_publishing_records_the_consultation_and_activates_the_version(hr, company, draft):
    hr.post(f"/policies/drafts/{draft.pk}/", {"title": "t", "yaml_text": bump(draft_tenure(9, draft.yaml_text))})
    res = hr.post(f"/policies/drafts/{draft.pk}/publish/", _publish_form())
    assert res.status_code == 302
    pv = PolicyVersion.objects.get(version="2026.9")
    assert pv.status == PolicyStatus.PUBLISHED and pv.is_active
    assert (pv.consulted_with, str(pv.consulted_on), str(pv.announced_on), pv.effective_from) == (
        "第三届职工代表大会", "2026-09-10", "2026-09-20", AS_OF)
    assert pv.consultation_note == "逐条讨论，采纳两条意见" and pv.approved_by == company.users["hr"]
    draft.refresh_from_db()
    assert draft.published_version == pv
    assert AuditEvent.objects.filter(action="policy.publish").exists()
    # the published draft can no longer change
    res = hr.post(f"/policies/drafts/{draft.pk}/", {"title": "t", "yaml_text": preset_text()})
    assert res.status_code == 409


def test_a_future_effective_date_publishes_without_activating(hr, company, draft):
    hr.post(f"/policies/drafts/{draft.pk}/", {"title": "t", "yaml_text": bump(draft.yaml_text)})
    hr.post(f"/policies/drafts/{draft.pk}/publish/", _publish_form(effective_from="2027-01-01"))
    pv = PolicyVersion.objects.get(version="2026.9")
    assert pv.status == PolicyStatus.PUBLISHED and not pv.is_active
    company.active.refresh_from_db()
    assert company.active.is_active


@pytest.mark.parametrize(("over", "field", "message"), [
    ({"consulted_with": ""}, "consulted_with", "此项必填"),
    ({"consultation_note": ""}, "consultation_note", "此项必填"),
    ({"announced_on": "2026-09-01"}, "announced_on", "公示日期不能早于协商日期"),
    ({"effective_from": "2026-09-15"}, "effective_from", "生效日期不能早于公示日期"),
    ({"consulted_on": "2026-10-01", "announced_on": "2026-10-02", "effective_from": "2026-10-03"},
     "consulted_on", "协商日期不能晚于今天"),
    ({"consulted_on": "soon"}, "consulted_on", "请按 年-月-日 填写日期"),
])
def test_bad_publishing_input_names_the_field_and_publishes_nothing(hr, draft, over, field, message):
    hr.post(f"/policies/drafts/{draft.pk}/", {"title": "t", "yaml_text": bump(draft.yaml_text)})
    res = hr.post(f"/policies/drafts/{draft.pk}/publish/", _publish_form(**over))
    html = res.content.decode()
    assert res.status_code == 400 and message in html and f'id="id_{field}_error"' in html
    assert not PolicyVersion.objects.filter(version="2026.9").exists()


def test_an_unchanged_version_number_is_refused_with_a_message(hr, draft):
    res = hr.post(f"/policies/drafts/{draft.pk}/publish/", _publish_form())
    assert res.status_code == 400 and "已存在" in res.content.decode()
    draft.refresh_from_db()
    assert draft.is_open


@pytest.mark.parametrize("page", ["", "read/", "diff/", "publish/"])
def test_each_page_keeps_its_query_budget(hr, draft, page, django_assert_max_num_queries):
    with django_assert_max_num_queries(BUDGET):
        assert hr.get(f"/policies/drafts/{draft.pk}/{page}").status_code == 200


@pytest.mark.parametrize("page", ["", "read/", "diff/", "publish/"])
def test_the_english_pages_have_no_chinese_left(hr, draft, page):
    hr.post(f"/policies/drafts/{draft.pk}/", {"title": "Draft 2027", "yaml_text": bump(draft_tenure(9, draft.yaml_text))})
    hr.get(f"/policies/drafts/{draft.pk}/")  # the save's message, worded in Chinese, is read there
    text = _visible(hr.get(f"/policies/drafts/{draft.pk}/{page}?lang=en").content.decode())
    text = text.replace("中文", "")  # the language switch names Chinese in Chinese
    left = HAN.findall(text)
    assert not left, "".join(left)[:200]


def test_the_entry_page_keeps_its_query_budget(hr, django_assert_max_num_queries):
    with django_assert_max_num_queries(BUDGET):
        assert hr.get("/policies/editor/").status_code == 200


def test_the_navigation_offers_the_editor_to_hr_only(hr, client, company):
    html = hr.get("/policies/editor/").content.decode()
    assert 'data-testid="nav-policy_editor"' in html and 'data-testid="nav-policy_simulations"' in html
    hr.logout()
    assert client.login(username="manager", password=PASSWORD)
    assert 'data-testid="nav-policy_editor"' not in client.get("/").content.decode()
