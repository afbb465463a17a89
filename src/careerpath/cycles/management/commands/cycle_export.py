"""careerpath cycle-export --year Y --out FILE.xlsx: the candidate and ranking lists of cycle Y."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careerpath.cycles.export import cycle_workbook
from careerpath.cycles.selectors import cycle_get
from careerpath.errors import NotFound


class Command(BaseCommand):
    help = "Export a cycle's candidate and ranking lists to Excel (工号, 姓名, 部门, … 总分, 排名, 理由)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--year", required=True, help="the cycle's year, e.g. 2026")
        parser.add_argument("--out", required=True, help="the .xlsx file to write")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        try:
            year = int(options["year"])
        except ValueError:
            raise CommandError(f"--year: 应为年份数字，如 2026 (got {options['year']!r})", returncode=2) from None
        out = Path(options["out"])
        if out.suffix.lower() != ".xlsx":
            raise CommandError(f"--out: 文件名应以 .xlsx 结尾 (got {out})", returncode=2)
        if not out.parent.is_dir():
            raise CommandError(f"--out: 目录不存在 {out.parent} (no such directory)", returncode=2)
        try:
            cycle = cycle_get(year=year)
        except NotFound as exc:
            raise CommandError(exc.message, returncode=2) from None
        data = cycle_workbook(cycle=cycle)
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"--out: 无法写入 {out}：{exc.strerror}", returncode=2) from None
        self.stdout.write(f"已导出 {year} 年度评选名单到 {out} (exported cycle {year})")
