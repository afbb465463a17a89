"""The team overview of a scope too big to refresh on a request (HR's whole company of 100,000).

Below ``LIVE_LIMIT`` people the overview refreshes its scope on every view (:func:`team.team_rows`); above
it, a view reads the stored eligibility as it is — kept current after every change and by the daily run
(:mod:`careerpath.evaluation.store`) — and filters, counts, sorts and pages it in SQL, so only the 50
rows shown are read and decoded. The page then says as of when the figures are and how many rows wait
for a refresh. The rows are the same :class:`team.TeamRow` either way.
"""

from __future__ import annotations

import json
from datetime import date

from django.db.models import Case, Count, F, IntegerField, Min, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast

from careerpath.core.policy import Policy
from careerpath.evaluation.models import EligibilityStatus, PersonEligibility
from careerpath.evaluation.store import StoredRow
from careerpath.people.models import Employee

LIVE_LIMIT = 5_000  # people a view refreshes itself; beyond, it reads the store as the refreshes left it

_STATUS_ORDER = {EligibilityStatus.ELIGIBLE: 0, EligibilityStatus.SOON: 1, EligibilityStatus.BLOCKED: 2,
                 EligibilityStatus.NONE: 3}


def stored_queryset(*, employees: QuerySet[Employee], level: str | None = None,
                    departments: set[int] | None = None, query: str = "") -> QuerySet[PersonEligibility]:
    """The stored rows of ``employees``, narrowed like :func:`team.team_filter` (in SQL)."""
    qs = PersonEligibility.objects.filter(employee__in=employees)
    if level:
        qs = qs.filter(level=level)
    if departments is not None:
        qs = qs.filter(department_id__in=sorted(departments))
    if q := query.strip():
        qs = qs.filter(Q(employee__name__icontains=q) | Q(employee__employee_no__icontains=q))
    return qs


def stored_counts(qs: QuerySet[PersonEligibility]) -> dict[str, int]:
    """Rows per status (one grouped query)."""
    return dict(qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def stored_sorted(qs: QuerySet[PersonEligibility], *, sort: str, policy: Policy) -> QuerySet[PersonEligibility]:
    """Ordered as :func:`team.team_sort` orders rows (ties by name; people without a value last)."""
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    name = ("employee__name", "employee__employee_no")
    if key == "name":
        return qs.order_by(*(f"-{f}" for f in name) if desc else name)
    if key == "level":
        order = Case(*(When(level=code, then=Value(i)) for i, code in enumerate(policy.levels)),
                     default=Value(len(policy.levels)), output_field=IntegerField())
        return qs.order_by(order.desc() if desc else order.asc(), *name)
    if key == "months":
        f = F("months_in_level")
        return qs.order_by(f.desc(nulls_last=True) if desc else f.asc(nulls_first=True), *name)
    if key == "projected":
        f = F("projected_on")
        return qs.order_by(f.desc(nulls_last=True) if desc else f.asc(nulls_last=True), *name)
    status = Case(*(When(status=s.value, then=Value(i)) for s, i in _STATUS_ORDER.items()),
                  default=Value(9), output_field=IntegerField())
    projected = F("projected_on")
    if desc:
        return qs.order_by(status.desc(), projected.desc(nulls_first=True), *name)
    return qs.order_by(status.asc(), projected.asc(nulls_last=True), *name)


class StoredRows:
    """A sliceable, countable sequence of team rows read from the store a page at a time (a Paginator's list)."""

    def __init__(self, qs: QuerySet[PersonEligibility], lang: str) -> None:
        self._qs = qs
        self._lang = lang
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._qs.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        from careerpath.evaluation.team import row_of

        if not isinstance(index, slice):
            raise TypeError("StoredRows is read a page (a slice) at a time")
        raw = list(self._qs.annotate(raw=Cast("moves", TextField())).values_list(
            "employee_id", "employee__employee_no", "employee__name", "department_id", "level", "months_in_level",
            "status", "projected_on", "raw")[index])
        decoded = json.loads("[" + ",".join(r[-1] for r in raw) + "]") if raw else []
        return [row_of(StoredRow(pk, no, name, dept, level, months, status, projected, moves), self._lang)
                for (pk, no, name, dept, level, months, status, projected, _raw), moves in zip(raw, decoded, strict=True)]


def stored_since(qs: QuerySet[PersonEligibility], *, as_of: date, context_key: str) -> tuple[int, object]:
    """(rows not current, the oldest computation among the rows) of ``qs``: one query."""
    agg = qs.aggregate(stale=Count("pk", filter=Q(stale=True) | ~Q(as_of=as_of) | ~Q(context=context_key)),
                       oldest=Min("computed_at"))
    return int(agg["stale"] or 0), agg["oldest"]
