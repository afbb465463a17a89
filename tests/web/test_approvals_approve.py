"""HR's final approval after the notice (/applications/<pk>/approve/): the file, approve, reject."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.core.workflow import State
from careerpath.promotions import services as ps
from careerpath.promotions.models import Application
from tests.web.approvals_world import World, advance, build_world, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    return build_world(settings)


def _url(app: Application) -> str:
    return reverse("web:application_approve", args=[app.pk])


@pytest.fixture
def closed(world) -> Application:  # noqa: ANN001
    """An application whose notice closed after HR dismissed an objection."""
    return advance(world, world.agents[:1], State.NOTICE_CLOSED, objection=True)[0]


def test_it_shows_what_hr_weighs_snapshot_reviews_notice_and_objections(client, world, closed):
    login(client, world, "hr")
    html = client.get(_url(closed)).content.decode()
    # the application and its eligibility snapshot at submission, criterion by criterion
    assert "张三" in html and "初级客服专员" in html and "中级客服专员" in html
    assert "符合晋升条件" in html and "2026年9月28日" in html
    assert html.count('class="pass depth-0"') >= 5 and "本职级任职" in html
    # the reviews' notes
    assert "面谈：业务熟练，能独立处理常规异常" in html and "该同志表现稳定，同意晋升" in html and "部门同意" in html
    assert "李主管" in html  # who reviewed, by name
    # the notice: number, period in working days, and the objection's outcome
    assert "客服公示〔2026〕1号" in html and "5 个工作日" in html and "2026年10月9日" in html
    assert "异议不成立" in html and "经核实表扬真实有效" in html
    # the documents
    assert reverse("web:application_form_pdf", args=[closed.pk]) in html
    assert reverse("web:application_report_pdf", args=[closed.pk]) in html


def test_approving_with_a_note_moves_on_to_the_letter_and_is_audited(client, world, closed):
    login(client, world, "hr")
    res = client.post(_url(closed), {"decision": "approve", "approve-note": "同意晋升，按期生效"})
    assert res.status_code == 302 and res["Location"] == reverse("web:application_letter", args=[closed.pk])
    app = Application.objects.get(pk=closed.pk)
    assert app.state == State.HR_APPROVED and app.hr_note == "同意晋升，按期生效"
    event = AuditEvent.objects.filter(action="application.hr_approve", target_id=str(app.pk)).get()
    assert event.actor == world.users["hr"] and event.reason == "同意晋升，按期生效"
    # the letter page says so
    assert "已审批通过" in client.get(res["Location"]).content.decode()


def test_a_note_is_optional_for_approving(client, world, closed):
    login(client, world, "hr")
    assert client.post(_url(closed), {"decision": "approve", "approve-note": ""}).status_code == 302
    assert Application.objects.get(pk=closed.pk).state == State.HR_APPROVED


def test_rejecting_needs_a_reason_shown_beside_the_field(client, world, closed):
    login(client, world, "hr")
    res = client.post(_url(closed), {"decision": "reject", "reject-reason": "  "})
    assert res.status_code == 400
    html = res.content.decode()
    assert 'id="id_reject-reason_error"' in html and "此项必填" in html
    assert Application.objects.get(pk=closed.pk).state == State.NOTICE_CLOSED


def test_rejecting_with_a_reason_ends_the_application(client, world, closed):
    login(client, world, "hr")
    res = client.post(_url(closed), {"decision": "reject", "reject-reason": "经核查，带教记录不实"})
    assert res.status_code == 302 and res["Location"] == reverse("web:hr_queue")
    app = Application.objects.get(pk=closed.pk)
    assert app.state == State.REJECTED and app.closed_reason == "经核查，带教记录不实"
    assert AuditEvent.objects.filter(action="application.reject", target_id=str(app.pk),
                                     reason="经核查，带教记录不实").exists()


def test_an_application_not_awaiting_approval_gets_a_clear_409(client, world):
    running = advance(world, world.agents[:1], State.IN_NOTICE)[0]
    login(client, world, "hr")
    res = client.get(_url(running))
    assert res.status_code == 409
    html = res.content.decode()
    assert "公示中" in html and "无法在此页面办理" in html and "Traceback" not in html


def test_a_second_hr_person_approving_the_same_application_gets_409(client, world, closed):
    # given another HR person approved while this page was open
    ps.application_hr_approve(actor=world.users["hr2"], application=closed, note="同意")
    login(client, world, "hr")
    res = client.post(_url(closed), {"decision": "approve", "approve-note": "同意"})
    assert res.status_code == 409
    html = res.content.decode()
    assert "人力资源部已审批，待发通知书" in html
    # and points to where the application is handled now
    assert reverse("web:application_letter", args=[closed.pk]) in html


@pytest.mark.parametrize("who", ["agent", "supervisor", "manager", "far"])
def test_only_hr_may_open_it(client, world, closed, who):
    login(client, world, who)
    assert client.get(_url(closed)).status_code == 403
    assert client.post(_url(closed), {"decision": "approve"}).status_code == 403
    assert Application.objects.get(pk=closed.pk).state == State.NOTICE_CLOSED


def test_hr_may_not_approve_their_own_promotion(client, world):
    me = world.agents[4]
    me.user = world.users["hr2"]
    me.save(update_fields=["user"])
    app = advance(world, [me], State.NOTICE_CLOSED)[0]
    login(client, world, "hr2")
    res = client.post(_url(app), {"decision": "approve"})
    assert res.status_code == 403 and "不能就本人的事项" in res.content.decode()
    assert Application.objects.get(pk=app.pk).state == State.NOTICE_CLOSED


def test_an_unknown_application_is_404(client, world):
    login(client, world, "hr")
    assert client.get(reverse("web:application_approve", args=[9999])).status_code == 404


def test_it_reads_in_english(client, world, closed):
    login(client, world, "hr")
    html = client.get(_url(closed), {"lang": "en"}).content.decode()
    assert "Eligibility at submission" in html and "Approve" in html and "Reject the application" in html
    assert "Dismissed" in html and "Individual application" in html
    assert "异议不成立" not in html and "个人申请" not in html


def test_it_renders_under_the_query_budget(client, world, closed, django_assert_max_num_queries):
    login(client, world, "hr")
    with django_assert_max_num_queries(29):
        assert client.get(_url(closed)).status_code == 200
