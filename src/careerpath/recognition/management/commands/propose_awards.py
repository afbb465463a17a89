"""careerpath propose-awards: propose the candidates of the policy's awards for a period (idempotent; monthly)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from careerpath import clock
from careerpath.core.dates import parse_month
from careerpath.errors import ServiceError
from careerpath.policy_versions.selectors import active_policy
from careerpath.recognition.services import round_propose, round_title


class Command(BaseCommand):
    help = ("Propose the candidates of every award of the active policy for a period that is over: the monthly "
            "awards of --month (default: last month), or the yearly awards of --year. Safe to repeat: a round "
            "that exists is left as it is. Run on the 1st of each month (and in January with --year).")

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        g = parser.add_mutually_exclusive_group()
        g.add_argument("--month", help="YYYY-MM (default: last month)")
        g.add_argument("--year", type=int, help="YYYY: the yearly awards of that year")
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else clock.today()
        except ValueError:
            raise CommandError(f"--today: 日期格式应为 YYYY-MM-DD, got {options['today']!r}", returncode=2) from None
        if options["year"] is not None:
            period, start = "year", date(options["year"], 1, 1)
        else:
            if options["month"]:
                try:
                    start = parse_month(options["month"])
                except ValueError:
                    raise CommandError(f"--month: 应为 YYYY-MM, got {options['month']!r}", returncode=2) from None
            else:
                start = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
            period = "month"
        codes = [code for code, a in active_policy().awards.items() if a.period == period]
        if not codes:
            self.stdout.write(f"办法中没有{'年度' if period == 'year' else '月度'}奖项 (no {period}ly award in the policy)")
            return
        for code in codes:
            try:
                r, created = round_propose(actor=None, award=code, period_start=start, today=today)
            except ServiceError as exc:
                raise CommandError(exc.message, returncode=2) from None
            n = r.candidates.filter(proposed=True).count()
            word = "已提出" if created else "已存在，未改动"
            self.stdout.write(f"{round_title(r)}：{word}，规则推荐 {n} 人 "
                              f"({code} {start:%Y-%m}: {'proposed' if created else 'exists, unchanged'}, {n})")
