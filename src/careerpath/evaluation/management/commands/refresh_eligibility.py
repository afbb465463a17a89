"""careerpath refresh-eligibility: bring the stored eligibility up to date (idempotent; run daily)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from careerpath import clock
from careerpath.evaluation.store import eligibility_refresh


class Command(BaseCommand):
    help = ("Evaluate again everyone whose stored eligibility no longer matches their facts, the policy, "
            "the open posts or today's date; run daily after apply-effective (safe to repeat).")

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--all", action="store_true", help="evaluate everyone, current or not")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else clock.today()
        except ValueError:
            raise CommandError(f"--today: 日期格式应为 YYYY-MM-DD, got {options['today']!r}", returncode=2) from None
        r = eligibility_refresh(as_of=today, force=options["all"])
        self.stdout.write(
            f"{today}: 在职 {r.people} 人，重新评估 {r.evaluated} 人，移除 {r.removed} 条，用时 {r.seconds:.1f} 秒 "
            f"(active {r.people}, evaluated {r.evaluated}, removed {r.removed}, {r.seconds:.1f} s)")
