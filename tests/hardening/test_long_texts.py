"""Finding 7: long notes fit the natural keys of evidence on every database; longer than the model allows
is a located error, never a traceback or a 500."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from careerpath.discipline.services import incident_record
from careerpath.errors import InvalidInput
from careerpath.evidence import models as m
from careerpath.evidence.services import workbook_import
from careerpath.workbook.reader import WorkbookInvalid
from careerpath.workbook.schema import NOTE_MAX_LENGTH
from tests.apiclient import Api
from tests.procedures.conftest import company  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

# About 900 CJK characters broke PostgreSQL's btree limit (2704 bytes); the model allows 2000. Varied
# characters, as a real note has: PostgreSQL compresses a repetitive key below the limit.
LONG = "".join(chr(0x4E00 + n) for n in random.Random(7).sample(range(20_000), NOTE_MAX_LENGTH))


def _book(path: Path, *, praise_note: str, incident_note: str, incident_type: str = "重大事故") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "员工"
    ws.append(["工号", "姓名", "学历", "入司日期"])
    ws.append(["E1", "张三", "本科", date(2020, 1, 1)])
    ws = wb.create_sheet("书面表扬")
    ws.append(["工号", "日期", "来源", "客户名称", "说明"])
    ws.append(["E1", date(2026, 3, 1), "内部", None, praise_note])
    ws.append(["E1", date(2026, 3, 1), "内部", None, praise_note + "。"])  # differs only at the end
    ws = wb.create_sheet("事故")
    ws.append(["工号", "日期", "类型", "说明"])
    ws.append(["E1", date(2026, 4, 1), incident_type, incident_note])
    wb.save(path)
    return path


def test_it_imports_notes_of_the_longest_length_the_model_allows_and_again_changes_nothing(tmp_path, policy):
    # given
    book = _book(tmp_path / "长说明.xlsx", praise_note=LONG[:-1], incident_note=LONG)

    # when
    first = workbook_import(path=book, policy=policy)
    again = workbook_import(path=book, policy=policy)

    # then
    assert first.counts["praises"].created == 2 and first.counts["incidents"].created == 1
    assert again.counts["praises"].unchanged == 2 and again.counts["praises"].created == 0
    assert again.counts["incidents"].unchanged == 1
    stored = m.Praise.objects.order_by("note").first()
    assert stored is not None and stored.note == LONG[:-1]
    assert m.Incident.objects.get().note == LONG


def test_a_note_longer_than_the_model_allows_is_located(tmp_path, policy):
    path = _book(tmp_path / "太长.xlsx", praise_note=LONG + "多", incident_note="")

    with pytest.raises(WorkbookInvalid) as exc:
        workbook_import(path=path, policy=policy)

    error = exc.value.errors[0]
    assert [(e.sheet, e.row, e.column) for e in exc.value.errors] == [("书面表扬", 2, "说明"), ("书面表扬", 3, "说明")]
    assert f"{NOTE_MAX_LENGTH + 1} 个字符" in error.message and str(NOTE_MAX_LENGTH) in error.message
    assert not m.Praise.objects.exists()


def test_the_import_command_reports_a_too_long_note_and_exits_2(tmp_path, capsys):
    path = _book(tmp_path / "太长.xlsx", praise_note="长" * (NOTE_MAX_LENGTH + 5), incident_note="")

    with pytest.raises(CommandError) as exc:
        call_command("import", str(path))

    assert exc.value.returncode == 2


def test_hand_entered_evidence_with_a_long_note_saves_and_a_duplicate_is_a_conflict(policy):
    from careerpath.errors import Conflict, InvalidInput
    from careerpath.evidence.services import evidence_add
    from careerpath.people.models import Employee

    emp = Employee.objects.create(employee_no="E9", name="李四", hired_on=date(2020, 1, 1))
    evidence_add(actor=None, kind="praise", employee=emp, date=date(2026, 3, 1), source="internal", note=LONG,
                 policy=policy)
    with pytest.raises(Conflict):
        evidence_add(actor=None, kind="praise", employee=emp, date=date(2026, 3, 1), source="internal", note=LONG,
                     policy=policy)
    with pytest.raises(InvalidInput) as exc:
        evidence_add(actor=None, kind="praise", employee=emp, date=date(2026, 3, 2), source="internal",
                     note=LONG + "多", policy=policy)
    assert exc.value.field == "note"


def test_an_incident_note_has_the_workbook_s_bound_through_the_api_and_the_service(company) -> None:  # noqa: ANN001, F811
    # given: HR and a person (the procedures' small company)
    hr = Api(company.users["hr"])
    too_long = "事" * (NOTE_MAX_LENGTH + 1)
    # when / then: the API refuses it before the service, the service refuses it for any other door
    res = hr.post("/discipline/incidents", {"employee_no": "E1", "date": "2026-05-20", "type": "重大投诉",
                                            "note": too_long})
    assert res.status_code == 400 and res.json()["code"] == "validation_error"
    with pytest.raises(InvalidInput) as exc:
        incident_record(actor=company.users["hr"], employee=company.agent, date=date(2026, 5, 20), type="重大投诉",
                        note=too_long)
    assert exc.value.field == "note" and exc.value.code == "too_long"
    assert not m.Incident.objects.exists()
