"""Load what the engine needs from the database and evaluate: the only way the site evaluates.

Every entry point (REST API, pages, CLI database mode, application snapshots, cycle opening and
scoring, placement runs, the demo) goes through here. Before this module each of them assembled the
population itself and one of them forgot the vacancies, so the API failed a management move's
vacancy criterion that the page passed.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Final

from django.db.models import QuerySet

from careerpath.core.engine import evaluate
from careerpath.core.facts import Population
from careerpath.core.policy import Policy
from careerpath.core.results import Evaluation
from careerpath.evidence.selectors import load_population
from careerpath.org.selectors import vacancies_for_population
from careerpath.people.models import Department, Employee


class Unset(Enum):
    UNSET = "unset"


UNSET: Final = Unset.UNSET


def population_load(
    *, policy: Policy, employee_no: str | None = None, department: str | Department | None = None,
    employees: QuerySet[Employee] | None = None, vacancies: dict[str, int] | None | Unset = UNSET,
) -> Population:
    """Return the facts of the company (or one employee / department subtree), vacancies included.

    One query per record type plus the headcount plan (two queries), whatever the size. Vacancies are
    company-wide open posts per level, also when one employee is loaded: a move's vacancy criterion
    asks whether a post is open, not whether the person's own department has one. None when no
    headcount plan is stored (the criterion then says so instead of "0 open"). ``employees`` narrows
    the selection to a queryset (a team; the people whose facts changed); ``vacancies`` passes the open
    posts a caller has just read (:func:`vacancies_for_population`) instead of reading them again.
    """
    population = load_population(policy=policy, employee_no=employee_no, department=department,
                                 employees=employees)
    population.vacancies = vacancies_for_population() if isinstance(vacancies, Unset) else vacancies
    return population


def evaluation_run(
    *,
    policy: Policy,
    as_of: date,
    lang: str = "zh",
    employee_no: str | None = None,
    placements: bool = False,
    population: Population | None = None,
) -> Evaluation:
    """Evaluate one person (``employee_no``) or everyone as of ``as_of``, explained per criterion.

    ``population`` lets a caller that needs the facts as well (a snapshot stores them, a cycle scores
    on them) load them once with :func:`population_load` and evaluate the very same facts.
    """
    if population is None:
        population = population_load(policy=policy, employee_no=employee_no)
    return evaluate(population, policy, as_of, lang=lang, employee_no=employee_no, placements=placements)
