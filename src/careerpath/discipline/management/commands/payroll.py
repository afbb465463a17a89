"""careerpath payroll --month YYYY-MM --out FILE.xlsx — the monthly allowance sheet for payroll."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careerpath.core.dates import parse_month
from careerpath.discipline.payroll import write_allowance_sheet
from careerpath.discipline.selectors import monthly_allowances

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "导出月度津贴表（含扣减）供薪资核算。Export the monthly allowance sheet (with deductions) for payroll."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="月份 YYYY-MM")
        parser.add_argument("--out", required=True, help="输出文件 .xlsx")

    def handle(self, *args: object, month: str, out: str, **options: object) -> None:
        try:
            first = parse_month(month)
        except ValueError:
            raise CommandError(f"月份格式应为 YYYY-MM，收到 {month!r} (bad --month)", returncode=EXIT_BAD_INPUT) from None
        path = Path(out)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"输出文件应为 .xlsx：{out} (the output must be .xlsx)", returncode=EXIT_BAD_INPUT)
        if not path.parent.is_dir():
            raise CommandError(f"目录不存在：{path.parent} (no such directory)", returncode=EXIT_BAD_INPUT)
        sheet = monthly_allowances(month=first)
        try:
            write_allowance_sheet(path, sheet)
        except OSError as exc:
            raise CommandError(f"无法写入 {path}：{exc.strerror or exc} (cannot write)",
                               returncode=EXIT_BAD_INPUT) from None
        self.stdout.write(f"已导出 {first:%Y-%m} 津贴表 {path}：{len(sheet.rows)} 人，津贴标准合计 "
                          f"{sheet.total_standard}，扣减 {sheet.total_deducted}，实发 {sheet.total_net}")
