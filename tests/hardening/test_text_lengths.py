"""Every text column of the workbook declares the length of the model column it fills."""

from __future__ import annotations

import pytest

from careerpath.evidence import models as m
from careerpath.people.models import Department, Employee
from careerpath.workbook.schema import ColumnType, standard_sheets

# (sheet kind, column field) -> the model field it is stored in
STORED_IN = {
    ("employees", "employee_no"): Employee._meta.get_field("employee_no"),
    ("employees", "name"): Employee._meta.get_field("name"),
    ("employees", "department"): Department._meta.get_field("name"),
    ("employees", "supervisor_no"): Employee._meta.get_field("employee_no"),
    ("employees", "system_account"): Employee._meta.get_field("system_account"),
    ("praises", "customer"): m.Praise._meta.get_field("customer"),
    ("praises", "note"): m.Praise._meta.get_field("note"),
    ("trainings", "program"): m.Training._meta.get_field("program"),
    ("appraisals", "grade"): m.Appraisal._meta.get_field("grade"),
    ("attestations", "attested_by"): m.Attestation._meta.get_field("attested_by_no"),
    ("attestations", "note"): m.Attestation._meta.get_field("note"),
    ("incidents", "note"): m.Incident._meta.get_field("note"),
}


def _text_columns(policy):  # noqa: ANN001, ANN202
    for sheet in standard_sheets(policy):
        for col in sheet.columns:
            if col.type is ColumnType.STR:
                yield sheet.kind, col


def test_every_text_column_declares_the_length_of_its_model_field(policy) -> None:
    for kind, col in _text_columns(policy):
        key = (kind, col.field)
        if col.field.endswith("_no") and key not in STORED_IN:
            key = ("employees", "employee_no")  # every other 工号 column names an employee
        assert key in STORED_IN, f"{kind}.{col.field}: which model field stores it?"
        assert col.max_length == STORED_IN[key].max_length, key


@pytest.mark.parametrize("model", [m.Praise, m.Incident])
def test_a_note_keyed_record_keeps_its_digest_in_step_with_its_note(model, db) -> None:  # noqa: ANN001
    from datetime import date

    emp = Employee.objects.create(employee_no="E1", name="张三", hired_on=date(2020, 1, 1))
    extra = {"source": "internal"} if model is m.Praise else {"type": "重大事故"}
    obj = model.objects.create(employee=emp, date=date(2026, 1, 1), note="第一版", **extra)
    assert obj.note_sha256 == m.note_digest("第一版")

    obj.note = "第二版"
    obj.save(update_fields=["note"])

    obj.refresh_from_db()
    assert obj.note_sha256 == m.note_digest("第二版")
