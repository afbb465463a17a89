"""Training pages: each renders for the right roles (403/404 for others), is complete in English, stays within
its query budget, and the forms drive the same services (enrol, results, upload, certificate)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from careerpath.evidence.models import Training
from careerpath.training import services as ts
from careerpath.training.models import Enrolment, EnrolmentState, SessionState
from tests.training.world import AFTER, TODAY, TrainingWorld, build_training, login

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
# Data stays as entered: names, places, programs and the policy's program keys typed in Chinese.
DATA = ["陈晓红", "刘洋", "赵敏", "孙培训", "李主管", "华东客服一部", "华南客服部", "客服中心", "总部三楼培训室",
        "储备干部培训", "沟通技巧", "培训结果",  # the sheet name is part of the file format
        "面向高级客服专员及以上晋升的管理基础课程", "新员工入职培训", "二楼",
        # The engine's English criteria name education and exams by their policy codes (core, not this page).
        "重大事故", "重大投诉", "红头文件通报", "触犯高压线", "大专", "本科", "技术评定考试", "管理能力测评", "资质考试"]


@pytest.fixture
def w(db, settings) -> TrainingWorld:  # noqa: ANN001
    return build_training(settings)


def _english_leftovers(html: str) -> list[str]:
    body = html[html.index("<main"):html.index("</main>")] if "<main" in html else html
    for d in DATA:
        body = body.replace(d, "")
    return sorted(set(CJK.findall(re.sub(r"<[^>]+>", " ", body))))


def _enrol(w: TrainingWorld) -> None:
    ts.enrolment_create(actor=w.users["e1"], session=w.session, employee=w.e1, today=TODAY)
    ts.enrolment_create(actor=w.users["supervisor"], session=w.session, employee=w.e2, today=TODAY)


def _pages(w: TrainingWorld) -> dict[str, str]:
    pk = w.session.pk
    return {
        "my": reverse("web:training_my"),
        "sessions": reverse("web:training_sessions"),
        "session": reverse("web:training_session", args=[pk]),
        "session_new": reverse("web:training_session_new"),
        "results": reverse("web:training_results", args=[pk]),
        "programs": reverse("web:training_programs"),
        "program_new": reverse("web:training_program_new"),
        "program_edit": reverse("web:training_program_edit", args=[w.reserve.pk]),
        "home": reverse("web:home"),
    }


# who -> the pages they may open (the rest answer 403)
ACCESS = {
    "hr": {"my", "sessions", "session", "session_new", "results", "programs", "program_new", "program_edit"},
    "trainer": {"my", "session", "results", "sessions", "home"},
    "supervisor": {"my", "sessions", "session", "home"},
    "e1": {"my", "session", "home"},
}


@pytest.mark.parametrize("who", list(ACCESS))
def test_who_opens_which_page_within_the_query_budget(client, w, who, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _enrol(w)
    w.today(AFTER)
    login(client, w, who)
    for name, url in _pages(w).items():
        if name == "home" and who == "hr":
            continue
        with django_assert_max_num_queries(29):
            res = client.get(url)
        expected = 200 if name in ACCESS[who] else 403
        assert res.status_code == expected, (who, name, res.status_code)


@pytest.mark.parametrize(("who", "name"), [
    ("hr", "sessions"), ("hr", "session"), ("hr", "results"), ("hr", "programs"), ("hr", "program_edit"),
    ("hr", "session_new"), ("e1", "my"), ("e1", "home"), ("trainer", "my"), ("supervisor", "session"),
])
def test_english_is_complete(client, w, who, name) -> None:  # noqa: ANN001
    _enrol(w)
    w.today(AFTER)
    ts.session_results_record(actor=w.users["hr"], session=w.session, today=AFTER,
                              lines=[ts.ResultInput("E1", "attended", "passed", 90)])
    login(client, w, who)
    res = client.get(_pages(w)[name] + "?lang=en")
    assert res.status_code == 200
    assert _english_leftovers(res.content.decode()) == []


def test_unknown_objects_are_404(client, w) -> None:  # noqa: ANN001
    login(client, w, "hr")
    for url in ("/training/sessions/999999/", "/training/sessions/999999/results/", "/training/programs/999999/edit/",
                "/training/enrolments/999999/certificate.pdf"):
        assert client.get(url).status_code == 404, url


def test_home_lists_the_session_that_closes_the_gap_and_enrols(client, w, django_assert_max_num_queries) -> None:  # noqa: ANN001
    login(client, w, "e1")
    with django_assert_max_num_queries(29):
        html = client.get("/").content.decode()
    assert 'data-testid="training-gaps"' in html and f'gap-enrol-{w.session.pk}' in html
    res = client.post(reverse("web:training_enrol", args=[w.session.pk]), {"next": "/"})
    assert res.status_code == 302 and res["Location"] == "/"
    assert Enrolment.objects.get(employee=w.e1).state == EnrolmentState.ENROLLED
    assert "已报名" in client.get("/").content.decode()


def test_supervisor_enrols_a_team_member_from_the_person_page(client, w, django_assert_max_num_queries) -> None:  # noqa: ANN001
    login(client, w, "supervisor")
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:employee_detail", args=["E2"])).content.decode()
    assert f'gap-enrol-{w.session.pk}' in html
    client.post(reverse("web:training_enrol", args=[w.session.pk]), {"employee": "E2"})
    assert Enrolment.objects.get(employee=w.e2).enrolled_by == w.users["supervisor"]
    # Another team: refused with a message, nothing saved.
    res = client.post(reverse("web:training_enrol", args=[w.session.pk]), {"employee": "E3"}, follow=True)
    assert "不在您的数据范围内" in res.content.decode()
    assert not Enrolment.objects.filter(employee=w.far).exists()


def test_results_form_writes_evidence_and_certificate(client, w) -> None:  # noqa: ANN001
    _enrol(w)
    w.today(AFTER)
    login(client, w, "trainer")
    e1, e2 = (Enrolment.objects.get(employee=x) for x in (w.e1, w.e2))
    url = reverse("web:training_results", args=[w.session.pk])
    bad = client.post(url, {f"att_{e1.pk}": "attended", f"result_{e1.pk}": "", f"att_{e2.pk}": "absent"})
    assert bad.status_code == 400 and "出席者须填写结果" in bad.content.decode()
    assert not Training.objects.exists()
    res = client.post(url, {f"att_{e1.pk}": "attended", f"result_{e1.pk}": "passed", f"score_{e1.pk}": "91",
                            f"att_{e2.pk}": "absent"})
    assert res.status_code == 302
    assert Training.objects.get().employee == w.e1
    client.logout()
    login(client, w, "e1")
    pdf = client.get(reverse("web:training_certificate", args=[e1.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    login(client, w, "far")
    assert client.get(reverse("web:training_certificate", args=[e1.pk])).status_code == 404


def test_template_download_and_upload(client, w) -> None:  # noqa: ANN001
    _enrol(w)
    w.today(AFTER)
    login(client, w, "trainer")
    res = client.get(reverse("web:training_results_template", args=[w.session.pk]))
    assert res.status_code == 200
    wb = load_workbook(io.BytesIO(res.content))
    ws = wb["培训结果"]
    assert [ws.cell(r, 1).value for r in (3, 4)] == ["E1", "E2"]
    ws["C3"], ws["D3"], ws["C4"], ws["D4"] = "出席", "好", "缺席", None
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "results.xlsx"
    buf.seek(0)
    up = reverse("web:training_results_upload", args=[w.session.pk])
    res = client.post(up, {"file": buf})
    assert res.status_code == 400 and 'data-testid="upload-errors"' in res.content.decode()
    assert not Training.objects.exists()
    ws["D3"] = "通过"
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "results.xlsx"
    buf.seek(0)
    assert client.post(up, {"file": buf}).status_code == 302
    assert Training.objects.get().result == "passed"


def test_hr_creates_a_program_and_a_session_and_cancels_it(client, w) -> None:  # noqa: ANN001
    login(client, w, "hr")
    res = client.post(reverse("web:training_program_new"), {"name": "产品知识", "prepares_for": "junior", "active": "on"})
    assert res.status_code == 302
    bad = client.post(reverse("web:training_program_new"), {"name": "产品知识"})
    assert bad.status_code == 400 and "已有同名培训项目" in bad.content.decode()
    from careerpath.training.models import Program, Session

    p = Program.objects.get(name="产品知识")
    res = client.post(reverse("web:training_session_new"), {"program": p.pk, "starts_on": "2026-10-20", "place": "二楼",
                                                            "capacity": "0"})
    assert res.status_code == 400
    res = client.post(reverse("web:training_session_new"), {"program": p.pk, "starts_on": "2026-10-20", "place": "二楼",
                                                            "capacity": "12", "trainer": w.users["trainer"].pk})
    assert res.status_code == 302
    s = Session.objects.get(program=p)
    assert s.trainer == w.users["trainer"]
    assert client.post(reverse("web:training_session_cancel", args=[s.pk]), {"reason": ""}).status_code == 400
    client.post(reverse("web:training_session_cancel", args=[s.pk]), {"reason": "讲师出差"})
    s.refresh_from_db()
    assert s.state == SessionState.CANCELLED
