"""Criterion kinds: a registry of small, explained rules, one module per kind of evidence.

Each kind parses its YAML mapping (reporting problems with the YAML path) into a frozen object whose
``evaluate`` returns a :class:`CriterionResult` — id, a human label, passed, actual, required and the
evidence ids used. Kinds never read the clock or do I/O; everything comes from :class:`Ctx`.

- :mod:`.base` — :class:`Ctx`, :class:`ParseCtx`, the :class:`Spec` accessor, :class:`Base` and ``KINDS``
- :mod:`.person` — tenure, confirmation, education, age, system account
- :mod:`.counts` — counted evidence: praise, mentoring, training, exams
- :mod:`.leave` — leave in the window
- :mod:`.metrics` — metric averages and streaks
- :mod:`.records` — exams passed, appraisals, attestations, incidents
- :mod:`.vacancy` — an open post
- :mod:`.bonus` — 辅助晋级项, a plus that never blocks
- :mod:`.combinators` — all / any / not

Importing this package registers every kind.
"""

from __future__ import annotations

from careerpath.core.criteria.base import (
    KINDS,
    Base,
    Criterion,
    Ctx,
    Invalid,
    ParseCtx,
    Parser,
    Spec,
    fmt_number,
    fmt_yuan,
    kind,
    parse_criteria,
    parse_criterion,
)
from careerpath.core.criteria.bonus import Bonus
from careerpath.core.criteria.combinators import Combinator
from careerpath.core.criteria.counts import Count
from careerpath.core.criteria.leave import LeaveSum
from careerpath.core.criteria.metrics import MetricAverage, MetricStreak, Threshold
from careerpath.core.criteria.person import Age, Alternative, Confirmation, Education, SystemAccount, Tenure
from careerpath.core.criteria.records import AppraisalRecorded, Attested, ExamPassed, NoIncident
from careerpath.core.criteria.vacancy import Vacancy

__all__ = [
    "KINDS", "Age", "Alternative", "AppraisalRecorded", "Attested", "Base", "Bonus", "Combinator", "Confirmation",
    "Count", "Criterion", "Ctx", "Education", "ExamPassed", "Invalid", "LeaveSum", "MetricAverage",
    "MetricStreak", "NoIncident", "ParseCtx", "Parser", "Spec", "SystemAccount", "Tenure", "Threshold",
    "Vacancy", "fmt_number", "fmt_yuan", "kind", "parse_criteria", "parse_criterion",
]
