"""The console script's contract (SPEC §8): outputs, and exit status 2 with a message on bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from rich.cells import cell_len as display_width

EXE = [sys.executable, "-m", "careerpath"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*EXE, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "company.xlsx"
    res = run("synth", "--employees", "60", "--out", str(path), "--as-of", "2026-12-31", "--seed", "3")
    assert res.returncode == 0, res.stderr
    return path


def test_json_output_has_the_spec_shape(workbook: Path) -> None:
    res = run("evaluate", "--workbook", str(workbook), "--as-of", "2026-12-31")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["as_of"] == "2026-12-31" and data["policy"]["name"] == "logistics-dual-track"
    r = data["results"][0]
    assert set(r) >= {"employee_no", "name", "current_level", "target_level", "move", "eligible", "criteria"}
    assert set(r["criteria"][0]) >= {"id", "label", "passed", "actual", "required"}
    assert all(res["eligible"] == all(c["passed"] for c in res["criteria"]) for res in data["results"])


def test_one_employee_in_english(workbook: Path) -> None:
    first = json.loads(run("evaluate", "--workbook", str(workbook), "--as-of", "2026-12-31").stdout)["results"][0]
    res = run("evaluate", "--workbook", str(workbook), "--as-of", "2026-12-31", "--employee", first["employee_no"],
              "--lang", "en")
    data = json.loads(res.stdout)
    assert {r["employee_no"] for r in data["results"]} == {first["employee_no"]}
    assert data["results"][0]["criteria"][-1]["label"].startswith("no ")


def test_table_output_aligns_chinese_labels(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.txt"
    res = run("evaluate", "--workbook", str(workbook), "--as-of", "2026-12-31", "--format", "table", "--output", str(out))
    assert res.returncode == 0, res.stderr
    lines = out.read_text("utf-8").splitlines()
    block = []
    for line in lines:
        if line.startswith("  ✓ ") or line.startswith("  ✗ "):
            block.append(line)
        elif block:
            break
    # In each block the "actual" column starts at the same display column for every criterion.
    starts = set()
    for line in block:
        m = re.match(r"^(  [✓✗] .*?\S {2,})\S", line)
        assert m, line
        starts.add(display_width(m.group(1)))
    assert len(block) > 3 and len(starts) == 1


def test_xlsx_output_for_hr(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "评定.xlsx"
    res = run("evaluate", "--workbook", str(workbook), "--as-of", "2026-12-31", "--format", "xlsx", "--output", str(out))
    assert res.returncode == 0, res.stderr
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) >= 3
    red = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
           if c.fill and c.fill.fgColor and str(c.fill.fgColor.rgb).upper().endswith(("FFC7CE", "F8CBAD", "FFCCCC"))]
    assert red, "failing criteria are highlighted"


def test_template_and_validate_policy(tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    assert run("template", str(out)).returncode == 0
    assert "员工" in openpyxl.load_workbook(out).sheetnames
    res = run("validate-policy", "ecommerce-three-levels")
    assert res.returncode == 0 and "ecommerce-three-levels" in res.stdout


@pytest.mark.parametrize("args,needle", [
    (["evaluate", "--workbook", "/nonexistent/x.xlsx"], "x.xlsx"),
    (["evaluate", "--workbook", "{wb}", "--as-of", "2026-02-30"], "--as-of"),
    (["evaluate", "--workbook", "{wb}", "--policy", "no-such-policy"], "no-such-policy"),
    (["evaluate", "--workbook", "{wb}", "--employee", "NOPE"], "NOPE"),
    (["evaluate", "--workbook", "{wb}", "--format", "xlsx"], "--output"),
    (["evaluate", "--workbook", "{notxlsx}"], "工作簿"),
    (["validate-policy", "{badyaml}"], "moves[0].to"),
    (["synth", "--employees", "0", "--out", "x.xlsx"], "--employees"),
    (["template", "/nonexistent/dir/t.xlsx"], "目录不存在"),
])
def test_bad_input_exits_2_with_a_message_and_no_traceback(args: list[str], needle: str, workbook: Path,
                                                           tmp_path: Path) -> None:
    notxlsx = tmp_path / "notes.xlsx"
    notxlsx.write_text("this is not a workbook", "utf-8")
    badyaml = tmp_path / "bad.yaml"
    badyaml.write_text("name: x\ntracks: {t: T}\nlevels: [{code: a, zh: 甲, track: t, tier: 1, grade: 1}]\n"
                       "moves: [{from: a, to: zz, criteria: []}]\n", "utf-8")
    args = [a.format(wb=workbook, notxlsx=notxlsx, badyaml=badyaml) for a in args]
    res = run(*args)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert needle in res.stderr
    assert "Traceback" not in res.stderr
