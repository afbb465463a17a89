"""careerpath cycle-open --year Y --as USERNAME [--as-of D]: open the annual cycle Y and list its candidates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careerpath.accounts.services import user_get
from careerpath.cycles.selectors import cycle_candidate_counts
from careerpath.cycles.services import cycle_open
from careerpath.errors import ServiceError

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "开启年度评选 open the annual cycle (评选) Y: pin the policy version, list the candidates per move"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="the cycle's year, e.g. 2026")
        parser.add_argument("--as", dest="actor", required=True, metavar="USERNAME",
                            help="the HR user who opens it (named in the audit log)")
        parser.add_argument("--as-of", dest="as_of", help="evaluation date YYYY-MM-DD (default: 31 December of Y)")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            year = int(options["year"])
        except ValueError:
            raise CommandError(f"--year: 应为年份数字，如 2026 (got {options['year']!r})",
                               returncode=EXIT_BAD_INPUT) from None
        as_of = None
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of: 日期格式应为 YYYY-MM-DD (got {options['as_of']!r})",
                                   returncode=EXIT_BAD_INPUT) from None
        try:
            cycle = cycle_open(actor=user_get(username=options["actor"]), year=year, as_of=as_of)
        except ServiceError as exc:
            raise CommandError(exc.message, returncode=EXIT_BAD_INPUT) from None
        self.stdout.write(f"已开启 {year} 年度评选 opened cycle {year}: 评定日 as of {cycle.as_of}, "
                          f"提报截止 nominations until {cycle.nomination_deadline}")
        for move_id, n in cycle_candidate_counts(cycle=cycle):
            self.stdout.write(f"  {move_id}: {n} 名候选人 candidates")
