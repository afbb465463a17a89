"""careerpath apply-effective: change positions whose effective date has come (idempotent; run daily)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from careerpath import clock
from careerpath.jobs.services import effective_apply_all


class Command(BaseCommand):
    help = "Apply promotions, lateral moves and demotions whose effective date is today or earlier."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else clock.today()
        except ValueError:
            raise CommandError(f"--today: 日期格式应为 YYYY-MM-DD, got {options['today']!r}", returncode=2) from None
        run = effective_apply_all(today=today)
        apps = run.applications
        self.stdout.write(f"{today}: 生效 {len(apps)} 项晋升/横向调整 (applied {len(apps)} promotions and lateral moves)")
        for app in apps:
            self.stdout.write(f"  {app.employee.employee_no} {app.employee.name}: {app.from_level} → {app.to_level}")
        for line in run.demotions.lines():
            self.stdout.write(line)
        if run.policy is not None:
            self.stdout.write(f"启用晋升办法 {run.policy} (policy version {run.policy} is now active)")
        for cycle in run.cycles:
            self.stdout.write(f"{cycle.year} 年度评选已全部生效 (the {cycle.year} cycle is effective)")
