"""HR mediates objections (uphold → back to review or reject; dismiss) and closes the notice when it may."""
# ruff: noqa: F811 - the fixtures imported from tests.web.notices_fixtures are pytest arguments here

from __future__ import annotations

import pytest
from django.urls import reverse

from careerpath.promotions.models import Application, Notice, Objection
from tests.web.notices_fixtures import (
    company,  # noqa: F401 - the procedures' small company
    object_to,
    page,
    publish,
    ready_application,
    second_agent,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(company):  # noqa: ANN001, ANN201
    return publish(company, ready_application(company.agent), ready_application(second_agent(company)))


@pytest.fixture
def objection(company, notice):  # noqa: ANN001, ANN201
    return object_to(company, notice)  # by 赵六 (far), against 张三 (the agent)


def _resolve(client, company, obj, **form):  # noqa: ANN001, ANN003, ANN202
    client.force_login(company.users["hr"])
    return client.post(reverse("web:objection_detail", args=[obj.pk]), form)


@pytest.mark.parametrize(("decision", "objection_state", "outcome", "app_state", "withdrawn"), [
    ("dismiss", "dismissed", "", "in_notice", False),
    ("return_to_review", "upheld", "return_to_review", "submitted", True),
    ("reject", "upheld", "reject", "rejected", True),
])
def test_hr_records_the_outcome_with_a_note(client, company, notice, objection, decision, objection_state,
                                            outcome, app_state, withdrawn):  # noqa: ANN001
    res = _resolve(client, company, objection, decision=decision, note="经核实，带教记录齐全")
    assert res.status_code == 302 and res["Location"] == reverse("web:objection_detail", args=[objection.pk])
    obj = Objection.objects.get(pk=objection.pk)
    assert (obj.state, obj.outcome, obj.resolution_note) == (objection_state, outcome, "经核实，带教记录齐全")
    assert obj.resolved_by == company.users["hr"]
    assert Application.objects.get(pk=obj.entry.application_id).state == app_state
    assert obj.entry.withdrawn is withdrawn
    # the page now shows the outcome instead of the form
    html = client.get(res["Location"]).text
    assert "已记录" in html and 'data-testid="resolution"' in html and 'data-testid="resolve-form"' not in html
    assert "经核实，带教记录齐全" in html


@pytest.mark.parametrize(("form", "field"), [
    ({"decision": "dismiss", "note": ""}, "note"),
    ({"decision": "dismiss", "note": "   "}, "note"),
    ({"note": "属实"}, "decision"),
    ({"decision": "approve", "note": "属实"}, "decision"),
])
def test_a_decision_and_a_note_are_required(client, company, objection, form, field):  # noqa: ANN001
    res = _resolve(client, company, objection, **form)
    assert res.status_code == 400
    assert ('id="id_note_error"' if field == "note" else 'data-testid="error-decision"') in res.text
    assert Objection.objects.get(pk=objection.pk).state == "open"


def test_an_objection_already_decided_is_not_decided_twice(client, company, objection):  # noqa: ANN001
    _resolve(client, company, objection, decision="dismiss", note="不成立")
    res = _resolve(client, company, objection, decision="reject", note="改判")
    assert res.status_code == 409 and "已被处理" in res.text
    obj = Objection.objects.get(pk=objection.pk)
    assert (obj.state, obj.resolution_note) == ("dismissed", "不成立")


def test_hr_cannot_mediate_an_objection_about_themself(client, company, objection):  # noqa: ANN001
    # an HR colleague who is on the notice and was objected to cannot even open it (see confidentiality);
    # the admin, who can, is refused when the entry is their own
    admin = company.users["admin"]
    company.agent.user = admin
    company.agent.save(update_fields=["user"])
    client.force_login(admin)
    assert client.get(reverse("web:objection_detail", args=[objection.pk])).status_code == 404


@pytest.mark.parametrize(("today", "open_objection", "status", "message"), [
    ("2026-10-09", False, 409, "公示期至 2026年10月9日 下班截止"),  # its last working day
    ("2026-10-10", True, 409, "尚有异议未调解"),
    ("2026-10-10", False, 302, ""),
])
def test_hr_closes_the_notice_only_after_its_last_working_day_and_with_no_open_objection(
        client, company, notice, settings, today, open_objection, status, message):  # noqa: ANN001
    if open_objection:
        object_to(company, notice)
    settings.CAREERPATH_TODAY = today
    client.force_login(company.users["hr"])
    detail = client.get(reverse("web:notice_detail", args=[notice.pk])).text
    res = client.post(reverse("web:notice_close", args=[notice.pk]))
    assert res.status_code == status
    if status == 409:
        # the button was shown disabled, with the reason; the refusal is an alert, never a 500
        assert 'disabled aria-describedby="close-why"' in detail
        assert message in res.text and 'data-testid="error"' in res.text
        assert Notice.objects.get(pk=notice.pk).state == "open"
    else:
        assert 'data-testid="close-why"' not in detail
        assert Notice.objects.get(pk=notice.pk).state == "closed"
        assert set(Application.objects.values_list("state", flat=True)) == {"notice_closed"}
        html = client.get(res["Location"]).text
        assert "已结束" in html and "名单上的申请已转入人力资源部审批" in html


def test_after_dismissing_the_last_objection_the_notice_can_be_closed(client, company, notice, objection, settings):  # noqa: ANN001
    settings.CAREERPATH_TODAY = "2026-10-12"
    _resolve(client, company, objection, decision="dismiss", note="不成立")
    assert client.post(reverse("web:notice_close", args=[notice.pk])).status_code == 302


@pytest.mark.parametrize("who", ["agent", "supervisor", "manager", "far"])
def test_only_hr_may_close_a_notice(client, company, notice, settings, who):  # noqa: ANN001
    settings.CAREERPATH_TODAY = "2026-10-12"
    client.force_login(company.users[who])
    assert client.post(reverse("web:notice_close", args=[notice.pk])).status_code == 403
    assert Notice.objects.get(pk=notice.pk).state == "open"


def _count(html: str, key: str) -> str | None:
    marker = f'data-testid="nav-count-{key}"'
    if marker not in html:
        return None
    start = html.index(">", html.index(marker)) + 1
    return html[start:html.index("<", start)]


def test_the_navigation_counts_what_waits_for_hr_and_nothing_for_employees(client, company, notice, settings):  # noqa: ANN001
    # given two open objections on a notice still running, and a second notice whose period is over
    object_to(company, notice)
    object_to(company, notice, who="supervisor")
    settings.CAREERPATH_TODAY = "2026-10-12"  # the first notice's period is over too, but it has objections
    hr = page(client, company.users["hr"], reverse("web:notice_list")).text
    assert (_count(hr, "notices"), _count(hr, "objections")) == ("2", "2")
    # and once both are dismissed, the notice is ready to close: one item under 公示, none under 异议处理
    for obj in Objection.objects.all():
        _resolve(client, company, obj, decision="dismiss", note="不成立")
    hr = page(client, company.users["hr"], reverse("web:notice_list")).text
    assert (_count(hr, "notices"), _count(hr, "objections")) == ("1", None)
    assert 'data-testid="nav-objections"' in hr
    # an employee reads the board (no count) and has no objections entry
    emp = page(client, company.users["far"], reverse("web:notice_list")).text
    assert 'data-testid="nav-notices"' in emp and _count(emp, "notices") is None
    assert 'data-testid="nav-objections"' not in emp


@pytest.mark.parametrize("state", ["open", "done", "all"])
def test_hr_pages_render_under_the_query_budget(client, company, notice, state, django_assert_max_num_queries):  # noqa: ANN001
    objections = [object_to(company, notice, text=f"异议 {i}") for i in range(15)]
    _resolve(client, company, objections[0], decision="dismiss", note="不成立")
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:objection_list"), {"state": state}).status_code == 200
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:objection_detail", args=[objections[1].pk])).status_code == 200
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:notice_detail", args=[notice.pk])).status_code == 200
