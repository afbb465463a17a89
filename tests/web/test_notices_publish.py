"""HR publishes a notice: choose the applications ready for it, see the period in working days, confirm."""
# ruff: noqa: F811 - the fixtures imported from tests.web.notices_fixtures are pytest arguments here

from __future__ import annotations

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.promotions.models import Application, DocumentCounter, Notice
from tests.web.notices_fixtures import (
    company,  # noqa: F401 - the procedures' small company
    install_policy,
    page,
    ready_application,
    second_agent,
)

pytestmark = pytest.mark.django_db

NEW = reverse("web:notice_new")
PREVIEW = reverse("web:notice_preview")


def _form(app_ids, *, published_on="2026-09-28", effective_on="2026-11-01", title="", step="review"):  # noqa: ANN001, ANN202
    return {"applications": [str(i) for i in app_ids], "published_on": published_on, "effective_on": effective_on,
            "title": title, "step": step}


def _nothing_published() -> bool:
    return (not Notice.objects.exists() and not DocumentCounter.objects.filter(kind="notice").exists()
            and not AuditEvent.objects.filter(action="notice.publish").exists())


@pytest.mark.parametrize(("who", "status"), [
    ("agent", 403), ("supervisor", 403), ("manager", 403), ("committee", 403), ("vp", 403),
    ("hr", 200), ("admin", 200),
])
def test_only_hr_may_publish_a_notice(client, company, who, status):  # noqa: ANN001
    ready_application(company.agent)
    assert page(client, company.users[who], NEW).status_code == status
    assert page(client, company.users[who], PREVIEW, published_on="2026-09-28").status_code == status
    client.force_login(company.users[who])
    if status == 403:
        assert client.post(NEW, _form([1], step="publish")).status_code == 403
        assert _nothing_published()


@pytest.mark.parametrize(("state", "route", "listed"), [
    ("submitted", "individual", False),
    ("supervisor_reviewed", "individual", False),
    ("manager_reviewed", "individual", True),  # the default chain (supervisor, manager) ends here
    ("in_notice", "individual", False),
    ("rejected", "individual", False),
    ("manager_reviewed", "cycle", False),  # the annual cycle publishes its own notice
])
def test_it_offers_the_applications_whose_review_chain_is_done(client, company, state, route, listed):  # noqa: ANN001
    app = ready_application(company.agent, state=state)
    Application.objects.filter(pk=app.pk).update(route=route)
    html = page(client, company.users["hr"], NEW).text
    assert (f'value="{app.pk}"' in html) is listed
    assert ("没有等待公示的申请" in html) is not listed


def test_a_policy_with_a_shorter_chain_offers_them_sooner(client, company):  # noqa: ANN001
    # given a policy whose chain is the supervisor alone (then HR after the notice)
    install_policy(chain="supervisor, hr")
    app = ready_application(company.agent, state="supervisor_reviewed")
    # then the supervisor's review is enough for the notice
    assert f'value="{app.pk}"' in page(client, company.users["hr"], NEW).text


def test_the_form_suggests_today_a_title_and_shows_the_period(client, company):  # noqa: ANN001
    ready_application(company.agent)
    html = page(client, company.users["hr"], NEW).text
    assert 'value="2026-09-28"' in html and "关于2026年客服人员晋升的公示" in html
    assert "公示期 5 个工作日：2026年9月28日至2026年10月9日（当日下班截止）" in html


@pytest.mark.parametrize(("published_on", "text"), [
    ("2026-09-30", "公示期 5 个工作日：2026年9月30日至2026年10月12日（当日下班截止）"),  # SPEC §5's example
    ("2026-10-03", "公示期 5 个工作日：2026年10月8日至2026年10月13日（当日下班截止）"),  # starts after the holiday
    ("2026-09-25", "公示日期不能早于今天（2026年9月28日）"),  # back-dated
    ("2026-12-28", "2027 年的工作日历尚未录入"),  # the test calendar holds 2026 only
    ("", "请填写公示日期。"),
])
def test_the_preview_recomputes_the_period_for_the_chosen_date(client, company, published_on, text):  # noqa: ANN001
    res = page(client, company.users["hr"], PREVIEW, published_on=published_on)
    assert res.status_code == 200
    assert text in res.text
    assert "<html" not in res.text  # a fragment for HTMX


def test_the_preview_counts_in_the_chosen_applications_policy(client, company):  # noqa: ANN001
    install_policy(notice_days=3)
    app = ready_application(company.agent)
    res = page(client, company.users["hr"], PREVIEW, published_on="2026-09-28", applications=[app.pk])
    assert "公示期 3 个工作日：2026年9月28日至2026年9月30日（当日下班截止）" in res.text and "已选 1 人" in res.text


def test_review_shows_the_period_before_anything_is_written_then_publish_redirects_to_the_notice(client, company):  # noqa: ANN001
    a, b = ready_application(company.agent), ready_application(second_agent(company))
    client.force_login(company.users["hr"])
    # when HR asks to review the choice
    res = client.post(NEW, _form([a.pk, b.pk], published_on="2026-09-30"))
    # then the confirm step shows the period's first and last working day, and nothing is published yet
    assert res.status_code == 200
    assert "确认发布公示" in res.text
    assert "公示期 5 个工作日：2026年9月30日至2026年10月12日（当日下班截止）" in res.text
    assert "张三" in res.text and "李四" in res.text and "2 人" in res.text
    assert _nothing_published()
    # when HR confirms
    res = client.post(NEW, _form([a.pk, b.pk], published_on="2026-09-30", title="关于部分客服人员晋升的公示",
                                 step="publish"))
    # then the notice exists and HR lands on it
    notice = Notice.objects.get()
    assert res.status_code == 302 and res["Location"] == reverse("web:notice_detail", args=[notice.pk])
    assert (notice.first_day.isoformat(), notice.last_day.isoformat()) == ("2026-09-30", "2026-10-12")
    assert notice.title == "关于部分客服人员晋升的公示" and notice.entries.count() == 2
    assert set(Application.objects.values_list("state", flat=True)) == {"in_notice"}
    assert "已发布" in client.get(res["Location"]).text


def test_going_back_from_the_confirm_step_keeps_the_choice(client, company):  # noqa: ANN001
    a = ready_application(company.agent)
    client.force_login(company.users["hr"])
    res = client.post(NEW, _form([a.pk], published_on="2026-09-30", step="edit"))
    assert res.status_code == 200 and 'value="2026-09-30"' in res.text
    assert f'value="{a.pk}" id="app-{a.pk}" checked' in res.text and "invalid-feedback" not in res.text


@pytest.mark.parametrize("step", ["review", "publish"])
@pytest.mark.parametrize(("change", "field", "message"), [
    ({"published_on": "2026-09-25"}, "published_on", "公示日期不能早于今天（2026年9月28日）"),
    ({"published_on": "2026-12-28", "effective_on": "2027-01-01"}, "published_on", "2027 年的工作日历尚未录入"),
    ({"effective_on": "2026-09-01"}, "effective_on", "生效日期不能早于公示日期。"),
    ({"published_on": "9/28"}, "published_on", ""),
])
def test_a_bad_date_is_refused_beside_its_field_and_nothing_is_published(client, company, step, change, field,
                                                                        message):  # noqa: ANN001
    a = ready_application(company.agent)
    client.force_login(company.users["hr"])
    res = client.post(NEW, {**_form([a.pk], step=step), **change})
    assert res.status_code == 400
    html = res.text
    error_at = html.index(f'id="id_{field}_error"')
    assert html.index(f'id="id_{field}"') < error_at  # the message sits under its field
    if message:
        assert message in html[error_at:error_at + 400]
    assert _nothing_published() and Application.objects.get(pk=a.pk).state == "manager_reviewed"


def test_choosing_nobody_is_refused_beside_the_list(client, company):  # noqa: ANN001
    ready_application(company.agent)
    client.force_login(company.users["hr"])
    res = client.post(NEW, _form([]))
    assert res.status_code == 400 and 'data-testid="error-applications"' in res.text
    assert "请至少选择一份申请。" in res.text and _nothing_published()


def test_an_application_published_meanwhile_is_refused_without_a_500(client, company):  # noqa: ANN001
    a = ready_application(company.agent)
    client.force_login(company.users["hr"])
    Application.objects.filter(pk=a.pk).update(state="in_notice")  # another HR tab published it
    res = client.post(NEW, _form([a.pk], step="publish"))
    assert res.status_code == 400 and "所选申请已不在待公示之列" in res.text


def test_hr_cannot_put_themself_on_a_notice(client, company):  # noqa: ANN001
    # given an HR person whose own application waits for the notice
    hr = company.users["hr"]
    company.agent.user = hr
    company.agent.save(update_fields=["user"])
    a = ready_application(company.agent)
    client.force_login(hr)
    res = client.post(NEW, _form([a.pk], step="publish"))
    assert res.status_code == 403 and "不能处理与本人有关的事项" in res.text and _nothing_published()


def test_the_publish_page_renders_under_the_query_budget(client, company, django_assert_max_num_queries):  # noqa: ANN001
    apps = [ready_application(second_agent(company, no=f"X{i}", name=f"同事{i}")) for i in range(12)]
    client.force_login(company.users["hr"])
    with django_assert_max_num_queries(29):
        assert client.get(NEW).status_code == 200
    with django_assert_max_num_queries(29):
        assert client.post(NEW, _form([a.pk for a in apps])).status_code == 200
    with django_assert_max_num_queries(29):
        assert client.get(PREVIEW, {"published_on": "2026-09-28", "applications": [apps[0].pk]}).status_code == 200
