"""My applications: the list, one application (its step, who holds it now, what I may do, the history),
withdrawing with a reason, and editing a returned draft to submit it again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.labels import code_label
from careerpath.promotions import services as ps
from careerpath.promotions.models import Application
from careerpath.promotions.selectors import application_actions_for, application_holders
from careerpath.web.links import url_or_none
from tests.web.journey_company import STATEMENT, Company, company_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db, settings) -> Company:  # noqa: ANN001
    return company_build(settings)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _detail(pk: int) -> str:
    return reverse("web:application_detail", args=[pk])


def _returned(company: Company, reason: str = "请补充带教新人达到独立操作的情况") -> Application:
    """A submitted application a reviewer sent back to the applicant (part reviews' return_to_applicant)."""
    app = company.apply()
    Application.objects.filter(pk=app.pk).update(state="draft")
    AuditEvent.objects.create(actor=company.users["supervisor"], actor_label="supervisor",
                              action="application.return_to_applicant", target_type="application",
                              target_id=str(app.pk), from_state="submitted", to_state="draft", reason=reason)
    return Application.objects.get(pk=app.pk)


# --- the list ---------------------------------------------------------------------------------------


def test_an_employee_lists_their_own_applications_only(client, company: Company):
    mine = company.apply()
    client.force_login(company.users["agent"])
    html = client.get(reverse("web:application_list")).content.decode()
    assert _detail(mine.pk) in html and "待上级评审" in html and "张三（E1）" not in html  # no employee column
    client.force_login(company.users["teammate"])
    html = client.get(reverse("web:application_list")).content.decode()
    assert _detail(mine.pk) not in html and 'data-testid="empty"' in html and "还没有晋升申请" in html


def test_staff_list_the_applications_in_their_scope_filtered_by_state(client, company: Company):
    app = company.apply()
    client.force_login(company.users["supervisor"])
    url = reverse("web:application_list")
    assert "张三（E1）" in client.get(url).content.decode()
    assert _detail(app.pk) in client.get(url, {"state": "open"}).content.decode()
    assert _detail(app.pk) in client.get(url, {"state": "submitted"}).content.decode()
    assert _detail(app.pk) not in client.get(url, {"state": "closed"}).content.decode()
    # someone else's supervisor does not see it
    client.force_login(company.users["far"])
    assert _detail(app.pk) not in client.get(url).content.decode()


def test_an_unknown_state_in_the_filter_is_refused_beside_it(client, company: Company):
    client.force_login(company.users["supervisor"])
    response = client.get(reverse("web:application_list"), {"state": "no_such_state"})
    assert response.status_code == 400 and 'id="id_state_error"' in response.content.decode()


def test_the_nav_counts_my_applications_waiting_for_me(client, company: Company):
    _returned(company)
    client.force_login(company.users["agent"])
    html = client.get(reverse("web:application_list")).content.decode()
    assert re.search(r'data-testid="nav-count-applications"[^>]*>1<', html)
    assert "待您处理" in html


# --- one application --------------------------------------------------------------------------------


@pytest.mark.parametrize(("steps", "holder"), [
    ([], "直接上级：李主管"),
    (["supervisor_review"], "部门经理：王经理"),
    (["supervisor_review", "manager_review"], "人力资源部"),
])
def test_it_says_who_holds_the_application_now(client, company: Company, steps, holder):
    app = company.apply()
    if "supervisor_review" in steps:
        app = ps.application_supervisor_review(actor=company.users["supervisor"], application=app,
                                               interview_note="面谈记录", review_report="同意晋升")
    if "manager_review" in steps:
        app = ps.application_manager_review(actor=company.users["manager"], application=app, note="同意")
    client.force_login(company.users["agent"])
    html = client.get(_detail(app.pk)).content.decode()
    holders = _text(html[html.index('data-testid="holders"'):html.index("</ul>", html.index('data-testid="holders"'))])
    assert holder in holders.replace(" ：", "：").replace("： ", "：")


def test_a_returned_draft_is_held_by_the_applicant_and_shows_why(client, company: Company):
    app = _returned(company)
    assert [(h.capacity, [p.name for p in h.people]) for h in application_holders(application=app)] == [
        ("self", ["张三"])]
    client.force_login(company.users["agent"])
    html = client.get(_detail(app.pk)).content.decode()
    assert "就是您" in html and "请补充带教新人达到独立操作的情况" in html
    assert reverse("web:application_edit", args=[app.pk]) in html


def test_a_closed_application_is_held_by_nobody(client, company: Company):
    app = company.apply()
    ps.application_withdraw(actor=company.users["agent"], application=app, reason="个人原因，明年再申请")
    client.force_login(company.users["agent"])
    html = client.get(_detail(app.pk)).content.decode()
    assert 'data-testid="holders-none"' in html and "个人原因，明年再申请" in html and 'data-testid="actions"' not in html


@pytest.mark.parametrize(("who", "actions"), [
    ("agent", {"withdraw"}),  # the applicant: withdraw only, never a decision about themself
    ("supervisor", {"supervisor_review", "return_to_applicant", "reject"}),  # the step holder may also return it
    ("manager", {"reject"}),  # not their step yet, but a reviewer may reject
    ("hr", {"withdraw", "reject"}),
    ("teammate", set()),
])
def test_the_actions_offered_are_the_viewers_own(company: Company, who, actions):
    app = company.apply()
    assert {t.action for t in application_actions_for(application=app, user=company.users[who])} == actions


def test_each_action_links_to_the_page_that_performs_it(client, company: Company):
    app = company.apply()
    client.force_login(company.users["agent"])
    html = client.get(_detail(app.pk)).content.decode()
    assert f'href="{reverse("web:application_withdraw", args=[app.pk])}"' in html
    # the supervisor's review page is part reviews': linked as soon as it exists, never a dead link
    client.force_login(company.users["supervisor"])
    html = client.get(_detail(app.pk)).content.decode()
    review = url_or_none("web:application_review", [app.pk])
    assert (review is not None) == ('data-testid="action-supervisor_review"' in html)
    assert reverse("web:application_withdraw", args=[app.pk]) not in html


def test_the_history_names_who_did_what_when_and_why(client, company: Company):
    app = company.apply()
    ps.application_withdraw(actor=company.users["agent"], application=app, reason="调岗，暂不申请")
    client.force_login(company.users["supervisor"])
    html = _text(client.get(_detail(app.pk)).content.decode())
    assert "创建申请" in html and "提交申请" in html and "撤回" in html and "调岗，暂不申请" in html
    assert "张三" in html and "2026年" in html and "application.submit" not in html
    english = _text(client.get(_detail(app.pk), {"lang": "en"}).content.decode())
    assert "Submitted" in english and "Withdrawn" in english and "Who has it now" in english


def test_the_snapshot_summary_and_the_statement_are_shown(client, company: Company):
    app = company.apply()
    client.force_login(company.users["agent"])
    html = _text(client.get(_detail(app.pk)).content.decode())
    assert STATEMENT in html and "符合条件" in html and "2026年9月28日" in html and "2026.3" in html


@pytest.mark.parametrize(("who", "status"), [
    ("agent", 200), ("supervisor", 200), ("manager", 200), ("hr", 200), ("committee", 200),
    ("teammate", 403), ("far", 403),
])
def test_only_people_who_may_see_the_applicant_open_the_application(client, company: Company, who, status):
    app = company.apply()
    client.force_login(company.users[who])
    assert client.get(_detail(app.pk)).status_code == status


def test_a_missing_application_is_a_404_for_staff_and_a_403_for_others(client, company: Company):
    client.force_login(company.users["hr"])
    assert client.get(_detail(999)).status_code == 404
    client.force_login(company.users["agent"])
    assert client.get(_detail(999)).status_code == 403


def test_every_state_and_audit_action_has_a_label_in_both_languages():
    from careerpath.core.workflow import PROMOTION

    for transition in PROMOTION.transitions:
        for lang in ("zh", "en"):
            action = f"application.{transition.action}"
            assert code_label("audit_action", action, lang=lang) != action
            assert code_label("workflow_action", transition.action, lang=lang) != transition.action


# --- withdraw ---------------------------------------------------------------------------------------


def test_withdrawing_asks_for_a_reason_beside_the_field(client, company: Company):
    app = company.apply()
    client.force_login(company.users["agent"])
    url = reverse("web:application_withdraw", args=[app.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400 and 'id="id_reason_error"' in response.content.decode()
    response = client.post(url, {"reason": "x" * 1001})
    assert response.status_code == 400
    assert Application.objects.get(pk=app.pk).state == "submitted"


def test_withdrawing_ends_the_application_with_the_reason(client, company: Company):
    app = company.apply()
    client.force_login(company.users["agent"])
    url = reverse("web:application_withdraw", args=[app.pk])
    response = client.post(url, {"reason": "家庭原因，暂缓申请"})
    app.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == _detail(app.pk)
    assert (app.state, app.closed_reason) == ("withdrawn", "家庭原因，暂缓申请")
    event = AuditEvent.objects.filter(target_id=str(app.pk), action="application.withdraw").get()
    assert event.reason == "家庭原因，暂缓申请" and event.actor == company.users["agent"]
    # once ended it cannot be withdrawn again
    response = client.get(url)
    assert response.status_code == 409 and "不能撤回" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("supervisor", 403), ("teammate", 403), ("hr", 200)])
def test_only_the_applicant_or_hr_may_withdraw(client, company: Company, who, status):
    app = company.apply()
    client.force_login(company.users[who])
    assert client.get(reverse("web:application_withdraw", args=[app.pk])).status_code == status


# --- edit a draft -----------------------------------------------------------------------------------


def test_the_applicant_edits_a_returned_draft_and_submits_it_again(client, company: Company):
    app = _returned(company)
    client.force_login(company.users["agent"])
    url = reverse("web:application_edit", args=[app.pk])
    html = client.get(url).content.decode()
    assert "请补充带教新人达到独立操作的情况" in html and STATEMENT in html
    new = STATEMENT + "已补充：带教新人王五于 2026年4月1日 达到独立操作。"
    response = client.post(url, {"statement": new, "submit": "1"})
    app.refresh_from_db()
    assert response.status_code == 302 and (app.state, app.statement) == ("submitted", new)
    actions = list(AuditEvent.objects.filter(target_id=str(app.pk), target_type="application")
                   .order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["application.update", "application.submit"]


def test_saving_a_draft_keeps_it_a_draft(client, company: Company):
    app = _returned(company)
    client.force_login(company.users["agent"])
    response = client.post(reverse("web:application_edit", args=[app.pk]),
                           {"statement": STATEMENT + "（修改中）", "save": "1"})
    app.refresh_from_db()
    assert response.status_code == 302 and app.state == "draft" and app.statement.endswith("（修改中）")


def test_a_draft_that_is_no_longer_eligible_cannot_be_submitted(client, company: Company):
    # given a draft of the teammate (not eligible), opened by HR as a draft
    app = ps.application_create(actor=company.users["teammate"], employee=company.teammate, to_level="intermediate",
                                statement=STATEMENT)
    client.force_login(company.users["teammate"])
    url = reverse("web:application_edit", args=[app.pk])
    response = client.post(url, {"statement": STATEMENT + "补充说明。", "submit": "1"})
    html = response.content.decode()
    app.refresh_from_db()
    assert response.status_code == 400 and 'data-testid="form-error"' in html and "还不符合" in html
    assert (app.state, app.statement) == ("draft", STATEMENT)  # the edit was rolled back with the refusal


def test_a_bad_statement_is_refused_beside_the_field(client, company: Company):
    app = _returned(company)
    client.force_login(company.users["agent"])
    response = client.post(reverse("web:application_edit", args=[app.pk]), {"statement": "", "submit": "1"})
    assert response.status_code == 400 and 'id="id_statement_error"' in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("supervisor", 403), ("hr", 403), ("teammate", 403)])
def test_nobody_else_edits_the_applicants_words(client, company: Company, who, status):
    app = _returned(company)
    client.force_login(company.users[who])
    assert client.get(reverse("web:application_edit", args=[app.pk])).status_code == status


def test_a_submitted_application_is_not_edited(client, company: Company):
    app = company.apply()
    client.force_login(company.users["agent"])
    response = client.get(reverse("web:application_edit", args=[app.pk]))
    assert response.status_code == 409 and "不是草稿" in response.content.decode()


# --- budgets ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "detail", "withdraw", "edit"])
@pytest.mark.parametrize("who", ["agent", "supervisor", "hr"])
def test_the_pages_stay_within_the_query_budget(client, company: Company, django_assert_max_num_queries, page, who):
    app = _returned(company) if page == "edit" else company.apply()
    ps.application_create(actor=company.users["teammate"], employee=company.teammate, to_level="intermediate")
    url = {"list": reverse("web:application_list"), "detail": _detail(app.pk),
           "withdraw": reverse("web:application_withdraw", args=[app.pk]),
           "edit": reverse("web:application_edit", args=[app.pk])}[page]
    client.force_login(company.users[who])
    with django_assert_max_num_queries(29):
        assert client.get(url).status_code in (200, 403)
