"""careerpath cycle-export: the lists as Excel, and exit status 2 on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from careerpath.cycles import services as s

from .conftest import World, senior_candidates
from .helpers import sheet_rows


@pytest.fixture
def cycle(world: World):  # noqa: ANN201
    senior_candidates(world, {"A1": (world.east, 80, 90), "B1": (world.south, 70, 70)})
    return s.cycle_open(actor=world.users["hr"], year=2026)


def test_it_writes_the_candidate_list_with_chinese_headers(cycle, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "cycle-2026.xlsx"
    call_command("cycle_export", "--year", "2026", "--out", str(out))
    rows = sheet_rows(out.read_bytes(), "候选名单")
    assert rows[0][:6] == ["工号", "姓名", "部门", "当前职级", "目标职级", "是否提名"]
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("A1", "华东客服一部", "中级客服专员", "高级客服专员", "否"), ("B1", "华南客服部", "中级客服专员", "高级客服专员", "否")]
    assert sheet_rows(out.read_bytes(), "名额")[0] == ["晋升路径", "目标职级", "名额适用部门", "名额设置", "提名人数",
                                                      "名额人数"]


@pytest.mark.parametrize(("args", "message"), [
    (["--year", "2031"], "2031 年度评选不存在"),
    (["--year", "二〇二六"], "--year"),
    (["--year", "2026", "--out", "/no/such/dir/x.xlsx"], "目录不存在"),
    (["--year", "2026", "--out", "list.csv"], ".xlsx"),
])
def test_bad_input_exits_with_status_2(cycle, tmp_path: Path, args: list[str], message: str) -> None:  # noqa: ANN001
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "x.xlsx")]
    with pytest.raises(CommandError) as exc:
        call_command("cycle_export", *args)
    assert exc.value.returncode == 2 and message in str(exc.value)


def test_only_hr_committee_and_vp_download_the_lists(cycle, world: World) -> None:  # noqa: ANN001
    assert world.api("mgr1").get("/cycles/2026/export.xlsx").status_code == 403
    res = world.api("vp").get("/cycles/2026/export.xlsx")
    assert res.status_code == 200 and res["Content-Type"].startswith("application/vnd.openxmlformats")
