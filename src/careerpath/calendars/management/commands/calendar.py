"""careerpath calendar refresh — load the statutory years a newer chinesecalendar knows, and report."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from careerpath.calendars.services import calendar_refresh
from careerpath.terminal import progress


class Command(BaseCommand):
    help = "工作日历 the working-day calendar: refresh 载入新版 chinesecalendar 已知的年度"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("refresh", help="载入法定工作日历中尚未载入的年度并更新已变化的日期；人力资源部录入的年度保留 "
                                       "load new statutory years, update changed days, keep HR-entered years")

    def handle(self, *args: object, action: str, **options: object) -> None:
        with progress("更新工作日历 refreshing the calendar …"):
            report = calendar_refresh(actor=None)
        for line in report.lines():
            self.stdout.write(line)
