"""The talent pages: 人才储备库, 内部竞聘 (list, new posting, a posting, a candidate's scoring) and the home block."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from careerpath.talent import services as ts
from careerpath.talent.models import Candidate, CandidateState, Posting, PostingState
from tests.web.talent_world import AFTER_CLOSING, TODAY, TalentWorld, build_talent, login
from tests.web.test_talent_services import STATEMENT, scored

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
# Data stays as entered: people's and departments' names, the statements and reports typed in Chinese.
DATA = ["陈晓红", "刘洋", "赵敏", "周杰", "王经理", "李主管", "华东客服一部", "华南客服部", "客服中心", "负责华东一部班组管理",
        STATEMENT, "中文",
        # The engine's English criterion names the incident types by their policy codes (core, not this page).
        "重大事故", "重大投诉", "红头文件通报", "触犯高压线"]


@pytest.fixture
def w(db, settings) -> TalentWorld:  # noqa: ANN001
    return build_talent(settings)


def _english_leftovers(html: str) -> list[str]:
    body = html[html.index("<main"):html.index("</main>")] if "<main" in html else html
    for d in DATA:
        body = body.replace(d, "")
    body = re.sub(r"<textarea[^>]*>.*?</textarea>", "", body, flags=re.S)
    return sorted(set(CJK.findall(re.sub(r"<[^>]+>", " ", body))))


def _posting_with_candidate(w: TalentWorld) -> tuple[Posting, Candidate]:
    p = w.post()
    c = ts.candidate_apply(actor=w.users["ready"], posting=p, statement=STATEMENT, today=TODAY)
    return p, c


# ---------------------------------------------------------------------------------------------------
# 人才储备库


def test_the_pool_lists_members_with_their_readiness(client, w, django_assert_max_num_queries):
    login(client, w, "hr")
    with django_assert_max_num_queries(29):
        r = client.get(reverse("web:talent_pool"))
    html = r.content.decode()
    assert r.status_code == 200 and html.count('data-testid="pool-member"') == 4
    assert "陈晓红" in html and "横向调整 → 客服主管" in html and "条件已满足" in html and "尚需补齐条件" in html


def test_a_manager_sees_their_department_only(client, w, django_assert_max_num_queries):
    login(client, w, "manager")
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:talent_pool")).content.decode()
    assert "陈晓红" in html and "赵敏" not in html


def test_the_pool_filters_by_level(client, w):
    login(client, w, "hr")
    html = client.get(reverse("web:talent_pool"), {"level": "expert"}).content.decode()
    assert html.count('data-testid="pool-member"') == 1 and "周杰" in html


@pytest.mark.parametrize("who", ["ready", "supervisor"])
def test_the_pool_is_refused_to_others(client, w, who):
    login(client, w, who)
    assert client.get(reverse("web:talent_pool")).status_code == 403


def test_the_pool_reads_in_english(client, w):
    login(client, w, "hr")
    html = client.get(reverse("web:talent_pool"), {"lang": "en"}).content.decode()
    assert "Talent reserve pool" in html and "Lateral move" in html
    assert _english_leftovers(html) == []


# ---------------------------------------------------------------------------------------------------
# 内部竞聘: HR's list and a new posting


def test_hr_sees_the_vacancies_and_postings_with_the_nav_count(client, w, django_assert_max_num_queries):
    _posting_with_candidate(w)
    login(client, w, "hr")
    with django_assert_max_num_queries(29):
        r = client.get(reverse("web:talent_postings"))
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="postings"' in html
    assert '<span data-testid="nav-count-talent_postings">1</span>' in html  # one posting with a candidate to score
    assert "没有可发布竞聘的空缺" in html  # the one vacancy is posted


@pytest.mark.parametrize("who", ["ready", "manager"])
def test_the_postings_are_hr_only(client, w, who):
    login(client, w, who)
    assert client.get(reverse("web:talent_postings")).status_code == 403
    assert client.get(reverse("web:talent_posting_new")).status_code == 403


def test_hr_posts_a_vacancy(client, w):
    login(client, w, "hr")
    r = client.get(reverse("web:talent_posting_new"))
    assert r.status_code == 200 and f"{w.dept.pk}:supervisor" in r.content.decode()
    r = client.post(reverse("web:talent_posting_new"), {"post": f"{w.dept.pk}:supervisor", "working_days": "5",
                                                        "description": "负责华东一部班组管理"})
    p = Posting.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("web:talent_posting", args=[p.pk])
    assert p.closes_on.isoformat() == "2026-10-09" and p.invitations.count() == 2


@pytest.mark.parametrize(("data", "field"), [({"working_days": "0"}, "working_days"),
                                             ({"working_days": "x"}, "working_days"),
                                             ({"post": "999:supervisor"}, "post")])
def test_a_bad_posting_shows_the_field_error_and_changes_nothing(client, w, data, field):
    login(client, w, "hr")
    r = client.post(reverse("web:talent_posting_new"), {"post": f"{w.dept.pk}:supervisor", "working_days": "5", **data})
    assert r.status_code == 400 and f'id="id_{field}_error"' in r.content.decode()
    assert not Posting.objects.exists()


def test_the_new_posting_page_reads_in_english(client, w):
    login(client, w, "hr")
    html = client.get(reverse("web:talent_posting_new"), {"lang": "en"}).content.decode()
    assert "Post an internal competition" in html and _english_leftovers(html) == []


# ---------------------------------------------------------------------------------------------------
# A posting: the employee applies; HR sees the candidates and selects


def test_an_eligible_employee_sees_the_posting_on_their_home_page_and_applies(client, w, django_assert_max_num_queries):
    p = w.post()
    login(client, w, "ready")
    home = client.get(reverse("web:home")).content.decode()
    assert 'data-testid="open-postings"' in home and reverse("web:talent_posting", args=[p.pk]) in home
    with django_assert_max_num_queries(29):
        page = client.get(reverse("web:talent_posting", args=[p.pk]))
    assert 'data-testid="apply-form"' in page.content.decode()
    r = client.post(reverse("web:talent_posting", args=[p.pk]), {"action": "apply", "statement": STATEMENT})
    assert r.status_code == 302 and Candidate.objects.get().employee == w.ready
    assert 'data-testid="my-candidacy"' in client.get(reverse("web:talent_posting", args=[p.pk])).content.decode()
    assert "已报名" in client.get(reverse("web:home")).content.decode()


def test_a_short_statement_is_a_field_error(client, w):
    p = w.post()
    login(client, w, "ready")
    r = client.post(reverse("web:talent_posting", args=[p.pk]), {"action": "apply", "statement": "想当"})
    assert r.status_code == 400 and 'id="id_statement_error"' in r.content.decode()
    assert not Candidate.objects.exists()


def test_someone_not_eligible_is_told_why_and_the_home_page_does_not_offer_it(client, w):
    p = w.post()
    login(client, w, "unready")
    assert 'data-testid="open-postings"' not in client.get(reverse("web:home")).content.decode()
    html = client.get(reverse("web:talent_posting", args=[p.pk])).content.decode()
    assert 'data-testid="why-not"' in html and 'data-testid="apply-form"' not in html and "✗" in html
    r = client.post(reverse("web:talent_posting", args=[p.pk]), {"action": "apply", "statement": STATEMENT})
    assert r.status_code == 400 and not Candidate.objects.exists()


def test_an_unknown_posting_or_candidate_is_404(client, w):
    login(client, w, "hr")
    assert client.get(reverse("web:talent_posting", args=[999])).status_code == 404
    p = w.post()
    assert client.get(reverse("web:talent_candidate", args=[p.pk, 999])).status_code == 404


def test_hr_scores_a_candidate_with_the_review_form(client, w, django_assert_max_num_queries):
    p, c = _posting_with_candidate(w)
    w.today(AFTER_CLOSING)
    login(client, w, "hr")
    url = reverse("web:talent_candidate", args=[p.pk, c.pk])
    with django_assert_max_num_queries(29):
        r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 200 and "面谈要点" in html and "工作业绩" in html and "面试评分" in html
    form = {"review-held_on": AFTER_CLOSING.isoformat(), "review-mode": "in_person", "review-place": "三楼会议室",
            "review-topics": "管理经验", "review-performance": "达标", "review-competence": "熟练",
            "review-qualities": "良好", "review-development": "培训", "review-recommendation": "recommend",
            "review-conclusion": "推荐", "review-score": "150"}
    bad = client.post(url, form)
    assert bad.status_code == 400 and 'id="id_review-score_error"' in bad.content.decode()
    assert Candidate.objects.get(pk=c.pk).state == CandidateState.APPLIED
    ok = client.post(url, {**form, "review-score": "91"})
    assert ok.status_code == 302 and str(Candidate.objects.get(pk=c.pk).score) == "91.00"


@pytest.mark.parametrize("who", ["manager", "supervisor", "unready"])
def test_only_hr_opens_the_scoring_page(client, w, who):
    p, c = _posting_with_candidate(w)
    login(client, w, who)
    assert client.get(reverse("web:talent_candidate", args=[p.pk, c.pk])).status_code == 403


def test_the_candidate_sees_no_candidates_list(client, w):
    p, _ = _posting_with_candidate(w)
    login(client, w, "ready")
    assert 'data-testid="candidates"' not in client.get(reverse("web:talent_posting", args=[p.pk])).content.decode()


def test_hr_selects_after_the_closing_day_and_the_application_follows(client, w, django_assert_max_num_queries):
    p, c = _posting_with_candidate(w)
    scored(w, c)
    login(client, w, "hr")
    url = reverse("web:talent_posting", args=[p.pk])
    with django_assert_max_num_queries(29):
        html = client.get(url).content.decode()
    assert 'data-testid="select-E1"' in html
    r = client.post(url, {"action": "select", "candidate": str(c.pk)})
    p.refresh_from_db()
    assert r.status_code == 302 and p.state == PostingState.SELECTED and p.application is not None
    html = client.get(url).content.decode()
    assert 'data-testid="posting-application"' in html and "待上级评审" in html
    # the supervisor finds it in their review queue, the usual workflow
    client.logout()
    login(client, w, "supervisor")
    assert "陈晓红" in client.get(reverse("web:review_queue")).content.decode()


def test_selecting_before_the_closing_day_changes_nothing(client, w):
    p, c = _posting_with_candidate(w)
    ts.candidate_score(actor=w.users["hr"], candidate=c, interview=__import__(
        "tests.web.test_talent_services", fromlist=["interview"]).interview(TODAY),
        report=__import__("tests.web.test_talent_services", fromlist=["report"]).report(), score=80, today=TODAY)
    login(client, w, "hr")
    r = client.post(reverse("web:talent_posting", args=[p.pk]), {"action": "select", "candidate": str(c.pk)})
    assert r.status_code == 302 and Posting.objects.get(pk=p.pk).state == PostingState.OPEN
    assert "报名期尚未结束" in client.get(reverse("web:talent_posting", args=[p.pk])).content.decode()


def test_the_posting_pages_read_in_english(client, w):
    p, c = _posting_with_candidate(w)
    login(client, w, "hr")
    for url in (reverse("web:talent_postings"), reverse("web:talent_posting", args=[p.pk]),
                reverse("web:talent_candidate", args=[p.pk, c.pk])):
        html = client.get(url, {"lang": "en"}).content.decode()
        assert _english_leftovers(html) == [], url
    client.logout()
    login(client, w, "unready")
    html = client.get(reverse("web:talent_posting", args=[p.pk]), {"lang": "en"}).content.decode()
    assert _english_leftovers(html) == []


def test_hr_reopens_a_posting_whose_selected_application_was_rejected(client, w, django_assert_max_num_queries):
    # given a selection whose promotion was then rejected
    from careerpath.promotions import services as ps
    from careerpath.promotions.models import Application

    p, c = _posting_with_candidate(w)
    scored(w, c)
    p = ts.posting_select(actor=w.users["hr"], posting=p, candidate=c, today=AFTER_CLOSING)
    url = reverse("web:talent_posting", args=[p.pk])
    login(client, w, "hr")
    assert 'data-testid="reopen"' not in client.get(url).content.decode()  # still running: nothing to reopen
    ps.application_reject(actor=w.users["supervisor"], application=Application.objects.get(pk=p.application_id),
                          reason="暂不具备带班能力")
    with django_assert_max_num_queries(29):
        html = client.get(url).content.decode()
    assert 'data-testid="reopen"' in html
    english = client.get(url, {"lang": "en"}).content.decode()
    assert "Reopen" in english and _english_leftovers(english) == []
    # when a reason is missing, nothing changes; with one, the posting is open for a new selection
    assert client.post(url, {"action": "reopen", "reason": ""}).status_code == 400
    assert Posting.objects.get(pk=p.pk).state == PostingState.SELECTED
    r = client.post(url, {"action": "reopen", "reason": "原入选人晋升未获批准"})
    assert r.status_code == 302 and Posting.objects.get(pk=p.pk).state == PostingState.OPEN
    assert Candidate.objects.get(pk=c.pk).state == CandidateState.NOT_SELECTED
