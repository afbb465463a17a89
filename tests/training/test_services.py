"""Training services: enrolment (who, seats, states), attendance and results as the evidence the engine
counts (one row, corrected in place, removed with the attendance), the workbook upload, the certificate."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evidence.models import Training
from careerpath.evidence.services.records import evidence_add
from careerpath.i18n import engine_lang
from careerpath.policy_versions.selectors import active_policy
from careerpath.promotions.models import Notification
from careerpath.training import services as ts
from careerpath.training.documents import certificate_pdf
from careerpath.training.models import Enrolment, EnrolmentState, SessionState
from careerpath.training.selectors import gap_sessions, open_sessions, training_gaps
from careerpath.training.sheet import results_template
from careerpath.web.pages.journey_career import career_view
from tests.training.world import AFTER, SESSION_DAY, TODAY, build_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):  # noqa: ANN001, ANN201
    return build_training(settings)


def _reserve_row(employee):  # noqa: ANN001, ANN202
    view = career_view(employee=employee, policy=active_policy(), as_of=AFTER, lang="zh")
    move = next(m for m in view.moves if m.move_id == "intermediate_to_senior")
    return next(r for r in move.rows if r.result.id == "reserve_training")


# ---------------------------------------------------------------------------------------------------
# Enrolment


@pytest.mark.parametrize(("actor", "subject", "code"), [
    ("e1", "e1", None),              # themself
    ("supervisor", "e2", None),      # their supervisor
    ("hr", "far", None),             # HR, anyone
    ("e1", "e2", "forbidden_role"),  # a colleague may not
    ("supervisor", "far", "out_of_scope"),  # another team
    ("trainer", "e1", "forbidden_role"),
])
def test_who_may_enrol(w, actor, subject, code) -> None:  # noqa: ANN001
    employee = {"e1": w.e1, "e2": w.e2, "far": w.far}[subject]
    if code is None:
        e = ts.enrolment_create(actor=w.users[actor], session=w.session, employee=employee, today=TODAY)
        assert e.state == EnrolmentState.ENROLLED and e.enrolled_by == w.users[actor]
    else:
        with pytest.raises(Forbidden) as exc:
            ts.enrolment_create(actor=w.users[actor], session=w.session, employee=employee, today=TODAY)
        assert exc.value.code == code


def test_capacity_duplicates_and_re_enrolment(w, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    with django_capture_on_commit_callbacks(execute=True):
        ts.enrolment_create(actor=w.users["e1"], session=w.session, employee=w.e1, today=TODAY)
        first = ts.enrolment_create(actor=w.users["supervisor"], session=w.session, employee=w.e2, today=TODAY)
    # The supervisor's enrolment tells the employee; one's own does not.
    assert list(Notification.objects.filter(user=w.users["e2"]).values_list("text", flat=True)) == [
        "已为您报名培训「储备干部培训」：2026年10月12日，总部三楼培训室"]
    assert not Notification.objects.filter(user=w.users["e1"]).exists()
    with pytest.raises(Conflict) as exc:
        ts.enrolment_create(actor=w.users["e1"], session=w.session, employee=w.e1, today=TODAY)
    assert exc.value.code == "already_enrolled"
    with pytest.raises(Conflict) as exc:
        ts.enrolment_create(actor=w.users["hr"], session=w.session, employee=w.far, today=TODAY)
    assert exc.value.code == "full"
    ts.enrolment_cancel(actor=w.users["e2"], enrolment=first, today=TODAY)
    again = ts.enrolment_create(actor=w.users["hr"], session=w.session, employee=w.far, today=TODAY)
    assert again.state == EnrolmentState.ENROLLED
    # Re-enrolling after a cancellation reuses the row (one enrolment per session and person).
    with pytest.raises(Conflict):
        ts.enrolment_create(actor=w.users["e2"], session=w.session, employee=w.e2, today=TODAY)
    assert Enrolment.objects.filter(session=w.session).count() == 3


def test_no_enrolment_once_started_closed_or_cancelled(w, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    with pytest.raises(Conflict) as exc:
        ts.enrolment_create(actor=w.users["e1"], session=w.session, employee=w.e1, today=AFTER)
    assert exc.value.code == "session_started"
    ts.enrolment_create(actor=w.users["e1"], session=w.session, employee=w.e1, today=TODAY)
    with pytest.raises(InvalidInput):
        ts.session_cancel(actor=w.users["hr"], session=w.session, reason="  ")
    with pytest.raises(Forbidden):
        ts.session_cancel(actor=w.users["trainer"], session=w.session, reason="讲师出差")
    with django_capture_on_commit_callbacks(execute=True):
        s = ts.session_cancel(actor=w.users["hr"], session=w.session, reason="讲师出差，改期另行通知")
    assert s.state == SessionState.CANCELLED
    assert Notification.objects.filter(user=w.users["e1"], text__contains="已取消").exists()
    assert Notification.objects.filter(user=w.users["trainer"], text__contains="已取消").exists()
    with pytest.raises(Conflict) as exc:
        ts.enrolment_create(actor=w.users["e2"], session=w.session, employee=w.e2, today=TODAY)
    assert exc.value.code == "session_not_open"


def test_session_rules(w) -> None:  # noqa: ANN001
    with pytest.raises(Forbidden):
        ts.session_create(actor=w.users["supervisor"], program=w.reserve, starts_on=SESSION_DAY, place="x", capacity=3)
    for bad in (0, -1, 501, True, "3"):
        with pytest.raises(InvalidInput) as exc:
            ts.session_create(actor=w.users["hr"], program=w.reserve, starts_on=SESSION_DAY, place="x", capacity=bad)
        assert exc.value.code == "invalid_capacity"
    with pytest.raises(InvalidInput) as exc:
        ts.session_create(actor=w.users["hr"], program=w.reserve, starts_on=SESSION_DAY, place="x", capacity=3,
                          ends_on=date(2026, 10, 1))
    assert exc.value.code == "invalid_dates"
    ts.enrolment_create(actor=w.users["e1"], session=w.session, employee=w.e1, today=TODAY)
    ts.enrolment_create(actor=w.users["e2"], session=w.session, employee=w.e2, today=TODAY)
    with pytest.raises(Conflict) as exc:
        ts.session_update(actor=w.users["hr"], session=w.session, starts_on=SESSION_DAY, place="x", capacity=1)
    assert exc.value.code == "capacity_below_enrolled"
    with pytest.raises(Conflict) as exc:
        ts.program_create(actor=w.users["hr"], name="储备干部培训")
    assert exc.value.code == "duplicate_program"
    with pytest.raises(InvalidInput) as exc:
        ts.program_create(actor=w.users["hr"], name="产品知识", prepares_for="nope")
    assert exc.value.code == "unknown_level"


# ---------------------------------------------------------------------------------------------------
# Results are the evidence


def _enrol_both(w) -> None:  # noqa: ANN001
    ts.enrolment_create(actor=w.users["e1"], session=w.session, employee=w.e1, today=TODAY)
    ts.enrolment_create(actor=w.users["supervisor"], session=w.session, employee=w.e2, today=TODAY)


def test_results_write_one_evidence_row_and_the_checklist_counts_it(w, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    _enrol_both(w)
    assert not _reserve_row(w.e1).result.passed
    with pytest.raises(Conflict) as exc:  # not before the session
        ts.session_results_record(actor=w.users["trainer"], session=w.session, today=TODAY,
                                  lines=[ts.ResultInput("E1", "attended", "passed")])
    assert exc.value.code == "not_started"
    w.today(AFTER)
    with django_capture_on_commit_callbacks(execute=True):
        summary = ts.session_results_record(actor=w.users["trainer"], session=w.session, today=AFTER, lines=[
            ts.ResultInput("E1", "attended", "passed", 92), ts.ResultInput("E2", "absent")])
    assert (summary.recorded, summary.changed, summary.removed) == (1, 0, 0)
    rec = Training.objects.get(employee=w.e1)
    assert (rec.program, rec.date, rec.result) == ("储备干部培训", SESSION_DAY, "passed")
    assert rec.source_file == f"培训场次 #{w.session.pk} 储备干部培训" and rec.created_by == w.users["trainer"]
    assert not Training.objects.filter(employee=w.e2).exists()
    e1 = Enrolment.objects.get(employee=w.e1)
    assert e1.training_id == rec.pk and e1.certificate_no == f"PX2026-{w.session.pk:04d}-{e1.pk:04d}"
    assert Notification.objects.filter(user=w.users["e1"], text="培训「储备干部培训」的结果已记录：通过").exists()
    row = _reserve_row(w.e1)
    assert row.result.passed and row.evidence  # the checklist names the record it counted

    # Correcting a result changes the same row; re-saving the same is a no-op.
    summary = ts.session_results_record(actor=w.users["hr"], session=w.session, today=AFTER, lines=[
        ts.ResultInput("E1", "attended", "failed", 50)])
    assert (summary.recorded, summary.changed) == (0, 1)
    assert Training.objects.get(employee=w.e1).pk == rec.pk and Training.objects.get(pk=rec.pk).result == "failed"
    summary = ts.session_results_record(actor=w.users["hr"], session=w.session, today=AFTER, lines=[
        ts.ResultInput("E1", "attended", "failed", 50)])
    assert summary.unchanged == 1 and Training.objects.filter(employee=w.e1).count() == 1
    # Removing the attendance removes the evidence.
    summary = ts.session_results_record(actor=w.users["hr"], session=w.session, today=AFTER, lines=[
        ts.ResultInput("E1", "")])
    assert summary.removed == 1 and not Training.objects.filter(employee=w.e1).exists()
    assert Enrolment.objects.get(employee=w.e1).state == EnrolmentState.ENROLLED
    assert not _reserve_row(w.e1).result.passed


def test_an_imported_row_of_the_same_key_is_adopted_not_doubled(w) -> None:  # noqa: ANN001
    _enrol_both(w)
    imported = evidence_add(actor=w.users["hr"], kind="training", employee=w.e1, program="储备干部培训",
                            date=SESSION_DAY, result="attended", source_file="培训.xlsx", source_row=3)
    ts.session_results_record(actor=w.users["trainer"], session=w.session, today=AFTER,
                              lines=[ts.ResultInput("E1", "attended", "passed")])
    assert list(Training.objects.filter(employee=w.e1).values_list("pk", "result")) == [(imported.pk, "passed")]
    assert Enrolment.objects.get(employee=w.e1).training_id == imported.pk


@pytest.mark.parametrize(("line", "code"), [
    (ts.ResultInput("E1", "maybe"), "invalid_attendance"),
    (ts.ResultInput("E1", "attended", ""), "result_required"),
    (ts.ResultInput("E1", "absent", "passed"), "result_without_attendance"),
    (ts.ResultInput("E1", "attended", "passed", 101), "invalid_score"),
    (ts.ResultInput("E3", "attended", "passed"), "not_enrolled"),
])
def test_a_bad_line_saves_nothing(w, line, code) -> None:  # noqa: ANN001
    _enrol_both(w)
    with pytest.raises(InvalidInput) as exc:
        ts.session_results_record(actor=w.users["hr"], session=w.session, today=AFTER,
                                  lines=[ts.ResultInput("E2", "attended", "passed"), line])
    assert exc.value.code == code
    assert not Training.objects.exists()
    assert not Enrolment.objects.filter(state=EnrolmentState.ATTENDED).exists()


def test_who_records_results(w) -> None:  # noqa: ANN001
    _enrol_both(w)
    for who in ("e1", "supervisor"):
        with pytest.raises(Forbidden):
            ts.session_results_record(actor=w.users[who], session=w.session, today=AFTER,
                                      lines=[ts.ResultInput("E2", "attended", "passed")])
    # A trainer enrolled in their own session does not record their own result.
    # (made the trainer after enrolling: a trainer cannot enrol in their own session)
    s2 = ts.session_create(actor=w.users["hr"], program=w.reserve, starts_on=SESSION_DAY, place="二楼", capacity=5)
    ts.enrolment_create(actor=w.users["e1"], session=s2, employee=w.e1, today=TODAY)
    ts.session_update(actor=w.users["hr"], session=s2, starts_on=SESSION_DAY, place="二楼", capacity=5,
                      trainer=w.users["e1"])
    with pytest.raises(Forbidden) as exc:
        ts.session_results_record(actor=w.users["e1"], session=s2, today=AFTER,
                                  lines=[ts.ResultInput("E1", "attended", "passed")])
    assert exc.value.code == "self_decision"
    assert not Training.objects.exists()


# ---------------------------------------------------------------------------------------------------
# The workbook


def _upload(tmp_path, rows):  # noqa: ANN001, ANN202
    wb = Workbook()
    ws = wb.active
    ws.title = "培训结果"
    ws.append(["工号", "姓名", "出勤", "结果", "成绩", "证书编号"])
    for r in rows:
        ws.append(r)
    p = tmp_path / "results.xlsx"
    wb.save(p)
    return p


def test_workbook_upload_lists_every_error_and_saves_nothing(w, tmp_path) -> None:  # noqa: ANN001
    _enrol_both(w)
    path = _upload(tmp_path, [["E1", "陈晓红", "出席", "好", 90, ""], ["E9", "某某", "出席", "通过", None, ""],
                              ["E2", "刘洋", "缺席", "通过", None, ""]])
    with pytest.raises(InvalidInput) as exc:
        ts.session_results_import(actor=w.users["trainer"], session=w.session, path=path, file_name="r.xlsx",
                                  today=AFTER)
    errors = exc.value.details["errors"]
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [
        ("培训结果", 2, "结果"), ("培训结果", 3, "工号"), ("培训结果", 4, "结果")]
    assert not Training.objects.exists()
    path = _upload(tmp_path, [["E1", "陈晓红", "出席", "通过", 88, ""], ["E2", "刘洋", "缺席", None, None, None]])
    summary = ts.session_results_import(actor=w.users["trainer"], session=w.session, path=path, file_name="r.xlsx",
                                        today=AFTER)
    assert summary.recorded == 1 and Training.objects.get().employee == w.e1


def test_template_lists_the_roster_as_text(w) -> None:  # noqa: ANN001
    _enrol_both(w)
    from careerpath.training.selectors import session_roster

    data = results_template(roster=session_roster(session=w.session), title="储备干部培训 2026-10-12")
    ws = load_workbook(io.BytesIO(data))["培训结果"]
    assert [c.value for c in ws[2]] == ["工号", "姓名", "出勤", "结果", "成绩", "证书编号"]
    assert [ws.cell(r, 1).value for r in (3, 4)] == ["E1", "E2"]


# ---------------------------------------------------------------------------------------------------
# Gaps and the certificate


def test_gap_sessions_come_from_the_engine(w) -> None:  # noqa: ANN001
    view = career_view(employee=w.e1, policy=active_policy(), as_of=TODAY, lang=engine_lang())
    failing = [(m.move_id, r.result.id, r.result.label) for m in view.moves for r in m.missing]
    gaps = training_gaps(policy=active_policy(), failing=failing)
    assert {(g.move_id, g.criterion_id, g.programs) for g in gaps} >= {
        ("intermediate_to_senior", "reserve_training", ("储备干部培训",))}
    found, mine = gap_sessions(employee=w.e1, gaps=gaps, today=TODAY)
    assert all(w.session in f.sessions for f in found) and mine == set()
    ts.enrolment_create(actor=w.users["e1"], session=w.session, employee=w.e1, today=TODAY)
    assert gap_sessions(employee=w.e1, gaps=gaps, today=TODAY)[1] == {w.session.pk}
    assert open_sessions(today=AFTER) == []


def test_certificate_pdf_names_the_person_and_program(w, tmp_path) -> None:  # noqa: ANN001
    _enrol_both(w)
    ts.session_results_record(actor=w.users["trainer"], session=w.session, today=AFTER,
                              lines=[ts.ResultInput("E1", "attended", "passed", 92), ts.ResultInput("E2", "absent")])
    e1 = Enrolment.objects.select_related("session__program", "session__trainer", "employee__department").get(
        employee=w.e1)
    pdf = certificate_pdf(e1)
    assert pdf.startswith(b"%PDF")
    (tmp_path / "c.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "")
    for words in ("培训证书", "陈晓红", "储备干部培训", "E1", e1.certificate_no, "92", "2026年10月12日"):
        assert words in text
    with pytest.raises(Conflict):
        certificate_pdf(Enrolment.objects.get(employee=w.e2))


def test_a_trainer_does_not_enrol_in_their_own_session(w) -> None:  # noqa: ANN001
    with pytest.raises(Conflict) as exc:
        ts.enrolment_create(actor=w.users["hr"], session=w.session, employee=w.trainer_emp, today=TODAY)
    assert exc.value.code == "own_session"


def test_the_workbook_import_updates_a_session_made_row_in_place(w) -> None:  # noqa: ANN001
    import dataclasses

    from careerpath.evidence.selectors import workbook_data_from_db
    from careerpath.evidence.services.imports import records_import

    _enrol_both(w)
    ts.session_results_record(actor=w.users["trainer"], session=w.session, today=AFTER,
                              lines=[ts.ResultInput("E1", "attended", "passed")])
    made = Training.objects.get(employee=w.e1)
    data = workbook_data_from_db(source="培训.xlsx")
    result = records_import(data=data, source_file="培训.xlsx", policy=active_policy())
    assert result.counts["trainings"].created == 0  # the same key: nothing new
    data.trainings[:] = [dataclasses.replace(t, result="failed") if t.employee_no == "E1" else t
                         for t in data.trainings]
    records_import(data=data, source_file="培训.xlsx", policy=active_policy())
    assert list(Training.objects.filter(employee=w.e1).values_list("pk", "result")) == [(made.pk, "failed")]
    assert Enrolment.objects.get(employee=w.e1).training_id == made.pk
    e1 = Enrolment.objects.select_related("training").get(employee=w.e1)
    assert (e1.recorded_result, e1.has_certificate) == ("failed", False)  # the page and the API show what counts
