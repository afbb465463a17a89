"""The workbook import: complete, all-or-nothing, idempotent, and its command's exit codes."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from careerpath.evidence import models as m
from careerpath.evidence.services import workbook_import
from careerpath.people.models import Department, Employee
from careerpath.workbook.reader import WorkbookInvalid, read_workbook

from .helpers import RECORD_MODELS, copy_with_cell, row_counts

pytestmark = pytest.mark.django_db


def test_it_imports_every_record_of_the_workbook(make_workbook, policy):
    # given
    path = make_workbook(60)
    data = read_workbook(path, policy)

    # when
    result = workbook_import(path=path, policy=policy)

    # then
    counts = row_counts()
    for kind, n in data.counts().items():
        assert counts[kind] == n, kind
        assert result.counts[kind].created == n, kind
    assert counts["departments"] == len({e.department for e in data.employees if e.department})
    assert counts["import_batches"] == 1
    assert Employee.objects.exclude(supervisor=None).count() == sum(
        1 for e in data.employees if e.supervisor_no
    )


def test_it_keeps_the_source_file_and_row_of_every_evidence_record(make_workbook, policy):
    path = make_workbook(30)
    data = read_workbook(path, policy)
    workbook_import(path=path, policy=policy)

    first = data.praises[0]
    row = int(first.id.rsplit(":", 1)[1])
    stored = m.Praise.objects.get(source_row=row)
    assert stored.source_file == path.name
    assert stored.employee.employee_no == first.employee_no
    assert stored.date == first.date
    assert not m.Praise.objects.filter(source_row=None).exists()
    batch = m.ImportBatch.objects.get()
    assert batch.file_name == path.name and len(batch.sha256) == 64


def test_importing_the_same_file_twice_changes_nothing(make_workbook, policy):
    path = make_workbook(60)
    workbook_import(path=path, policy=policy)
    before = row_counts()
    stamps = dict(m.MetricMonth.objects.values_list("pk", "updated_at"))

    again = workbook_import(path=path, policy=policy)

    after = row_counts()
    assert {k: v for k, v in after.items() if k != "import_batches"} == {
        k: v for k, v in before.items() if k != "import_batches"
    }
    assert after["import_batches"] == before["import_batches"] + 1
    assert all(c.created == 0 and c.updated == 0 for c in again.counts.values()), again.counts
    assert dict(m.MetricMonth.objects.values_list("pk", "updated_at")) == stamps


def test_a_changed_cell_updates_that_record_only(make_workbook, policy, tmp_path):
    path = make_workbook(30)
    workbook_import(path=path, policy=policy)
    data = read_workbook(path, policy)
    appraisal = data.appraisals[0]
    row = int(appraisal.id.rsplit(":", 1)[1])
    edited = copy_with_cell(
        path, tmp_path / "edited.xlsx", sheet="年度考评", row=row, header="分数", value=12.5
    )

    result = workbook_import(path=edited, policy=policy)

    assert result.counts["appraisals"].updated == 1
    assert result.counts["appraisals"].created == 0
    assert sum(c.updated for c in result.counts.values()) == 1
    stored = m.Appraisal.objects.get(employee__employee_no=appraisal.employee_no, year=appraisal.year)
    assert stored.score == 12.5
    assert stored.source_file == "edited.xlsx" and stored.source_row == row


def test_a_changed_supervisor_is_relinked(make_workbook, policy, tmp_path):
    path = make_workbook(30)
    workbook_import(path=path, policy=policy)
    data = read_workbook(path, policy)
    target = next(e for e in data.employees if e.supervisor_no)
    other = next(
        e.employee_no
        for e in data.employees
        if e.employee_no not in (target.supervisor_no, target.employee_no)
    )
    row = 2 + data.employees.index(target)  # the synthetic sheet has no blank rows
    edited = copy_with_cell(
        path, tmp_path / "boss.xlsx", sheet="员工", row=row, header="直接上级工号", value=other
    )

    result = workbook_import(path=edited, policy=policy)

    assert result.counts["employees"].updated == 1
    assert Employee.objects.get(employee_no=target.employee_no).supervisor.employee_no == other


def test_a_workbook_with_one_bad_row_writes_nothing(make_workbook, policy, tmp_path):
    # given a valid workbook with one impossible date
    bad = copy_with_cell(
        make_workbook(60), tmp_path / "bad.xlsx", sheet="书面表扬", row=3, header="日期", value="2026-02-30"
    )

    # when
    with pytest.raises(WorkbookInvalid) as info:
        workbook_import(path=bad, policy=policy)

    # then every table is still empty and the error names sheet, row and column
    assert [(e.sheet, e.row, e.column) for e in info.value.errors] == [("书面表扬", 3, "日期")]
    assert row_counts() == dict.fromkeys(RECORD_MODELS, 0)


def test_an_unknown_supervisor_is_rejected_and_nothing_is_written(make_workbook, policy, tmp_path):
    # given a supervisor 工号 that is neither on the sheet nor in the database: only the import can
    # tell, because the reader does not know the database
    path = copy_with_cell(
        make_workbook(30), tmp_path / "boss.xlsx", sheet="员工", row=5, header="直接上级工号", value="NOBODY"
    )

    with pytest.raises(WorkbookInvalid) as info:
        workbook_import(path=path, policy=policy)

    assert [(e.sheet, e.column) for e in info.value.errors] == [("员工", "直接上级工号")]
    assert "NOBODY" in info.value.errors[0].message
    assert row_counts() == dict.fromkeys(RECORD_MODELS, 0)


def test_a_failure_at_the_last_write_rolls_back_every_earlier_write(make_workbook, policy, monkeypatch):
    # given the batch record (written last, after every sheet) cannot be stored
    def refuse(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(m.ImportBatch.objects, "create", refuse)

    with pytest.raises(RuntimeError):
        workbook_import(path=make_workbook(30), policy=policy)

    assert row_counts() == dict.fromkeys(RECORD_MODELS, 0)
    assert not Department.objects.exists()


class TestImportCommand:
    def test_it_prints_counts(self, make_workbook, capsys):
        call_command("import", str(make_workbook(30)))
        out = capsys.readouterr().out
        assert "员工：共 30 条（新增 30，" in out

    def test_it_exits_2_for_a_missing_file(self, tmp_path):
        with pytest.raises(CommandError) as info:
            call_command("import", str(tmp_path / "missing.xlsx"))
        assert info.value.returncode == 2
        assert "文件不存在" in str(info.value)

    def test_it_exits_2_and_lists_every_error(self, make_workbook, tmp_path, capsys):
        path = copy_with_cell(
            make_workbook(30), tmp_path / "bad1.xlsx", sheet="书面表扬", row=2, header="日期", value="明天"
        )
        path = copy_with_cell(
            path, tmp_path / "bad2.xlsx", sheet="员工", row=4, header="入司日期", value=None
        )

        with pytest.raises(CommandError) as info:
            call_command("import", str(path))

        assert info.value.returncode == 2
        err = capsys.readouterr().err
        assert "工作表「书面表扬」第2行「日期」列" in err
        assert "工作表「员工」第4行「入司日期」列" in err
        assert row_counts() == dict.fromkeys(RECORD_MODELS, 0)

    def test_it_exits_2_for_an_unknown_policy(self, make_workbook):
        with pytest.raises(CommandError) as info:
            call_command("import", str(make_workbook(30)), "--policy", "no-such-policy")
        assert info.value.returncode == 2
