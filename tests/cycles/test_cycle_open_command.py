"""careerpath cycle-open: HR opens the annual cycle from the command line, through the same service."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from careerpath.audit.models import AuditEvent
from careerpath.cycles.models import Candidate, Cycle
from tests.procedures.conftest import company  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_it_opens_the_cycle_as_the_named_hr_user_and_lists_candidates(company) -> None:  # noqa: ANN001, F811
    out = io.StringIO()
    call_command("cycle_open", "--year", "2026", "--as", "hr", "--as-of", "2026-09-28", stdout=out)
    cycle = Cycle.objects.get(year=2026)
    assert str(cycle.as_of) == "2026-09-28"
    n = Candidate.objects.filter(cycle=cycle, move_id="junior_to_intermediate").count()
    assert n >= 1 and f"junior_to_intermediate: {n} 名候选人" in out.getvalue()
    assert AuditEvent.objects.filter(action__startswith="cycle.open", actor_label__contains="hr").exists()


@pytest.mark.parametrize("args,message", [
    (["--year", "2026", "--as", "agent"], "requires role: hr"),
    (["--year", "20x6", "--as", "hr"], "--year"),
    (["--year", "2026", "--as", "nobody"], "nobody"),
    (["--year", "2026", "--as", "hr", "--as-of", "2026-13-01"], "--as-of"),
])
def test_it_refuses_bad_input_with_exit_2_and_opens_nothing(company, args, message) -> None:  # noqa: ANN001, F811
    with pytest.raises(CommandError) as exc:
        call_command("cycle_open", *args, stdout=io.StringIO())
    assert exc.value.returncode == 2 and message in str(exc.value)
    assert not Cycle.objects.exists()
