"""careerpath send-reminders — today's reminders in working days (run daily from cron; idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careerpath import clock
from careerpath.notifications.reminders import KINDS, reminders_send


class Command(BaseCommand):
    help = "发送今天的提醒（按工作日计算，可重复运行）。Send today's reminders (working days; safe to run twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", choices=KINDS, action="append", help="只发送这一类提醒 (repeatable)")

    def handle(self, *args: Any, only: list[str] | None = None, **options: Any) -> None:
        today = clock.today()
        run = reminders_send(today=today, kinds=tuple(only or KINDS))
        for kind, n in run.sent.items():
            if only is None or kind in only:
                self.stdout.write(f"{kind}: {n}")
        if run.requeued:
            self.stdout.write(f"requeued deliveries: {run.requeued}")
        if run.problems:
            raise CommandError("; ".join(run.problems))
