"""Reads for the dashboards and the fairness panel: every figure is a GROUP BY in the database.

A 100,000-person company must render in well under a second, so nothing here loads people one by one
or runs the engine: each function is one or two aggregate statements whose result has a row per level,
department, month or group, never per person (benchmarks/bench_insight.py measures them).

Scope: HR, admin and the VP read the whole company (a department filter narrows it); a department
manager reads their own department and those below it. The fairness panel is HR's alone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Case, CharField, Count, Q, QuerySet, Sum, Value, When

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.core.dates import add_months
from careerpath.core.policy import Policy
from careerpath.core.workflow import State
from careerpath.cycles.models import Candidate, Cycle, Decision
from careerpath.discipline import rules as discipline_rules
from careerpath.discipline.models import AllowanceDeduction
from careerpath.errors import Forbidden
from careerpath.insight.fairness import DEFAULT_MIN_GROUP, Comparison, GroupCount, compare
from careerpath.people.models import Department, EmployeeStatus, Position, PositionReason
from careerpath.people.selectors import department_subtree_ids, positions_current_queryset

AnyUser = AbstractBaseUser | AnonymousUser

DASHBOARD_ROLES = frozenset({Role.HR, Role.ADMIN, Role.VP, Role.MANAGER})
FAIRNESS_ROLES = frozenset({Role.HR})
_COMPANY_ROLES = frozenset({Role.HR, Role.ADMIN, Role.VP})

# Application states at or past HR's final approval (the promotion was granted), and past the effective date.
APPROVED_STATES = (State.HR_APPROVED, State.LETTER_ISSUED, State.IN_PROBATION, State.CONFIRMED, State.REVERTED)
EFFECTIVE_STATES = (State.IN_PROBATION, State.CONFIRMED, State.REVERTED)

# Months in the current level, as buckets: (code, lowest month count). Codes are labelled by the page.
TENURE_BUCKETS: tuple[tuple[str, int], ...] = (("lt6", 0), ("6-11", 6), ("12-23", 12), ("24-35", 24), ("36+", 36))
# Age bands on the as-of date; 45 matters to the policy (management → skill at 45 and over).
AGE_BANDS: tuple[tuple[str, int], ...] = (("lt25", 0), ("25-29", 25), ("30-34", 30), ("35-39", 35),
                                          ("40-44", 40), ("45+", 45))
GENDERS = ("F", "M")
UNKNOWN = "unknown"


# ---------------------------------------------------------------------------------------------------
# Scope


@dataclass(frozen=True, slots=True)
class InsightScope:
    """What the viewer may read: every department (None) or these ids; and the departments to filter by."""

    department_ids: list[int] | None
    departments: list[tuple[int, str]]  # (id, name) the viewer may pick, in name order
    company_wide: bool

    def narrowed(self, department_id: int | None) -> list[int] | None:
        """The department ids for a filter: a department and those below it, within the scope."""
        if department_id is None:
            return self.department_ids
        allowed = {pk for pk, _n in self.departments}
        if department_id not in allowed:
            raise Forbidden("该部门不在您的查看范围内 (department outside your scope)")
        sub = department_subtree_ids(root_id=department_id)
        return sub if self.department_ids is None else [d for d in sub if d in set(self.department_ids)]


def insight_scope(*, user: AnyUser, fairness: bool = False) -> InsightScope:
    """The viewer's scope for the dashboards (or the fairness panel); Forbidden for any other role."""
    roles = user_roles(user=user)
    allowed = FAIRNESS_ROLES if fairness else DASHBOARD_ROLES
    if not roles & allowed:
        raise Forbidden("您没有查看分析的权限 (not allowed to read the analysis)")
    if fairness or roles & _COMPANY_ROLES:
        return InsightScope(None, list(Department.objects.order_by("name").values_list("pk", "name")), True)
    me = user_employee(user=user)
    if me is None or me.department_id is None:
        raise Forbidden("您的账号未关联部门 (your login has no department)")
    ids = department_subtree_ids(root_id=me.department_id)
    names = list(Department.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))
    return InsightScope(ids, names, False)


def _in_departments(qs: QuerySet, field: str, department_ids: list[int] | None) -> QuerySet:
    return qs if department_ids is None else qs.filter(**{f"{field}__in": department_ids})


def _current(department_ids: list[int] | None) -> QuerySet[Position]:
    """The current positions of the active employees in the departments."""
    qs = positions_current_queryset().filter(employee__status=EmployeeStatus.ACTIVE)
    return _in_departments(qs, "employee__department_id", department_ids)


# ---------------------------------------------------------------------------------------------------
# The ladder pyramid and the time in level


def current_structure(*, department_ids: list[int] | None, as_of: date) -> dict[tuple[str, int | None, str], int]:
    """Active people per (current level, department id, bucket of months in the level): one GROUP BY.

    The pyramid and the time-in-level chart both read it, so the current positions are scanned once.
    The buckets are date thresholds in SQL (completed months ≥ k exactly when the current position
    started on or before as-of minus k months).
    """
    whens = [When(start_on__lte=add_months(as_of, -low), then=Value(code))
             for code, low in reversed(TENURE_BUCKETS) if low > 0]
    bucket = Case(*whens, default=Value(TENURE_BUCKETS[0][0]), output_field=CharField())
    rows = (_current(department_ids).annotate(bucket=bucket).values("level", "employee__department_id", "bucket")
            .annotate(n=Count("pk")).values_list("level", "employee__department_id", "bucket", "n").order_by())
    return {(level, dept, b): n for level, dept, b, n in rows}


def ladder_pyramid(*, department_ids: list[int] | None, as_of: date,
                   structure: dict[tuple[str, int | None, str], int] | None = None) -> dict[tuple[str, int | None], int]:
    """Active people per (current level, department id)."""
    out: dict[tuple[str, int | None], int] = defaultdict(int)
    for (level, dept, _b), n in (structure or current_structure(department_ids=department_ids, as_of=as_of)).items():
        out[(level, dept)] += n
    return dict(out)


def time_in_level(*, department_ids: list[int] | None, as_of: date,
                  structure: dict[tuple[str, int | None, str], int] | None = None) -> dict[tuple[str, str], int]:
    """Active people per (current level, bucket of completed months since the current position began)."""
    out: dict[tuple[str, str], int] = defaultdict(int)
    for (level, _d, b), n in (structure or current_structure(department_ids=department_ids, as_of=as_of)).items():
        out[(level, b)] += n
    return dict(out)


# ---------------------------------------------------------------------------------------------------
# Promotion and demotion rates per department and year


@dataclass(frozen=True, slots=True)
class MovementRow:
    department_id: int | None
    year: int
    headcount: int  # position rows covering 1 January of the year (one per person)
    promotions: int  # positions starting in the year for a 晋升 (人次)
    demotions: int  # positions starting in the year for a 降级 (人次)

    @property
    def promotion_rate(self) -> float:
        return self.promotions / self.headcount if self.headcount else 0.0

    @property
    def demotion_rate(self) -> float:
        return self.demotions / self.headcount if self.headcount else 0.0


def movement_rates(*, department_ids: list[int] | None, years: list[int]) -> list[MovementRow]:
    """Per department (the person's current one) and year: headcount on 1 January, promotions, demotions.

    One statement: a conditional count per year for the headcount and for each kind of move, grouped by
    department. Rows are counted, not distinct people: a person holds one position on a day (an older
    open row left by an import could count twice here), and moves are counted as 人次.
    """
    base = _in_departments(Position.objects.all(), "employee__department_id", department_ids)
    counts = {}
    for y in years:
        jan1 = date(y, 1, 1)
        counts[f"h{y}"] = Count("pk", filter=Q(start_on__lte=jan1) & (Q(end_on__isnull=True) | Q(end_on__gte=jan1)))
        in_year = Q(start_on__gte=jan1, start_on__lte=date(y, 12, 31))
        counts[f"p{y}"] = Count("pk", filter=in_year & Q(reason=PositionReason.PROMOTION))
        counts[f"d{y}"] = Count("pk", filter=in_year & Q(reason=PositionReason.DEMOTION))
    out = []
    rows = list(base.values("employee__department_id").annotate(**counts).order_by())
    rows.sort(key=lambda r: (r["employee__department_id"] is None, r["employee__department_id"] or 0))
    for row in rows:
        d = row["employee__department_id"]
        out += [MovementRow(d, y, row[f"h{y}"], row[f"p{y}"], row[f"d{y}"]) for y in years]
    return out


# ---------------------------------------------------------------------------------------------------
# The cycle funnel


FUNNEL_STAGES = ("eligible", "nominated", "ranked", "selected", "approved", "effective")


def cycles_list() -> list[tuple[int, date, str]]:
    """(year, as-of date, state) of every cycle, newest first."""
    return list(Cycle.objects.order_by("-year").values_list("year", "as_of", "state"))


def _funnel_counts() -> dict[str, Count]:
    return {
        "eligible": Count("pk", filter=Q(eligible=True)),
        "nominated": Count("pk", filter=Q(nominated=True)),
        "ranked": Count("pk", filter=Q(rank__isnull=False)),
        "selected": Count("pk", filter=Q(decision=Decision.SELECTED)),
        "approved": Count("pk", filter=Q(application__state__in=list(APPROVED_STATES))),
        "effective": Count("pk", filter=Q(application__state__in=list(EFFECTIVE_STATES))),
    }


def cycle_funnel(*, year: int, department_ids: list[int] | None) -> dict[str, dict[str, int]]:
    """Per move id of the cycle's selectable moves: how many reached each stage (one GROUP BY)."""
    qs = _in_departments(Candidate.objects.filter(cycle__year=year, selectable=True), "department_id",
                         department_ids)
    out: dict[str, dict[str, int]] = {}
    for row in qs.values("move_id").annotate(**_funnel_counts()).order_by("move_id"):
        out[row["move_id"]] = {s: row[s] for s in FUNNEL_STAGES}
    return out


# ---------------------------------------------------------------------------------------------------
# Allowance cost per month (the figures of discipline.selectors.monthly_allowances, aggregated)


@dataclass(frozen=True, slots=True)
class AllowanceMonth:
    month: date
    people: int  # active people whose level on the 1st carries an allowance
    standard: Decimal
    deducted: Decimal

    @property
    def net(self) -> Decimal:
        return self.standard - self.deducted


def allowance_cost(*, department_ids: list[int] | None, months: list[date], policy: Policy) -> list[AllowanceMonth]:
    """The allowance sheet's totals for each month (first days): standard, deductions (capped), net.

    As the monthly sheet (discipline/payroll.py): the level held on the month's first day by the
    employees active now, the policy's allowance per level, deductions capped at the standard. One
    statement counts the people per level and month (a conditional count per month); one reads the
    months' deductions, and one the levels of the few people deducted.
    """
    paid = [code for code, lv in policy.levels.items() if lv.allowance > 0]
    positions = _in_departments(Position.objects.filter(employee__status=EmployeeStatus.ACTIVE, level__in=paid),
                                "employee__department_id", department_ids)
    # Rows, not distinct people: a person holds one position on a day (as the sheet assumes when it
    # takes the latest start of overlapping imported rows), and COUNT(DISTINCT) per month costs a sort each.
    covers = {f"m{i}": Count("pk", filter=Q(start_on__lte=m) & (
        Q(end_on__isnull=True) | Q(end_on__gte=m))) for i, m in enumerate(months)}
    people = [0] * len(months)
    standard = [Decimal("0.00")] * len(months)
    for row in positions.values("level").annotate(**covers).order_by():
        each = discipline_rules.monthly_allowance(policy, row["level"])
        for i in range(len(months)):
            people[i] += row[f"m{i}"]
            standard[i] += each * row[f"m{i}"]
    deductions = _in_departments(
        AllowanceDeduction.objects.filter(month__in=months, employee__status=EmployeeStatus.ACTIVE),
        "employee__department_id", department_ids)
    per_person: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
    for emp_id, month, amount in deductions.values("employee_id", "month").annotate(s=Sum("amount")).values_list(
            "employee_id", "month", "s"):
        per_person[(emp_id, month)] += amount
    deducted = [Decimal("0.00")] * len(months)
    if per_person:
        held: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
        for emp_id, start, end, level in Position.objects.filter(
                employee_id__in={e for e, _m in per_person}).values_list("employee_id", "start_on", "end_on", "level"):
            held[emp_id].append((start, end, level))
        index = {m: i for i, m in enumerate(months)}
        for (emp_id, month), amount in per_person.items():
            on_first = [(s, lv) for s, e, lv in held[emp_id] if s <= month and (e is None or e >= month)]
            level = max(on_first)[1] if on_first else ""
            cap = discipline_rules.monthly_allowance(policy, level)
            deducted[index[month]] += min(amount, cap).quantize(discipline_rules.CENT)
    return [AllowanceMonth(m, people[i], standard[i], deducted[i]) for i, m in enumerate(months)]


def last_months(as_of: date, n: int = 12) -> list[date]:
    """The first days of the ``n`` months ending with as-of's month, oldest first."""
    first = as_of.replace(day=1)
    return [add_months(first, -k) for k in range(n - 1, -1, -1)]


# ---------------------------------------------------------------------------------------------------
# Fairness: outcomes of a cycle by gender and by age band


def age_band(birth_field: str, as_of: date) -> Case:
    """A SQL expression: the age band on ``as_of`` of the date in ``birth_field`` (unknown when blank)."""
    whens = [When(**{f"{birth_field}__lte": add_months(as_of, -12 * low)}, then=Value(code))
             for code, low in reversed(AGE_BANDS) if low > 0]
    return Case(When(**{f"{birth_field}__isnull": True}, then=Value(UNKNOWN)), *whens,
                default=Value(AGE_BANDS[0][0]), output_field=CharField())


def gender_group(gender_field: str) -> Case:
    return Case(*[When(**{gender_field: g}, then=Value(g)) for g in GENDERS], default=Value(UNKNOWN),
                output_field=CharField())


# Outcome → (population, hit) as candidate filters: selection is the committee's decision among the
# nominated; promotion is HR's final approval among everyone the policy listed as eligible.
OUTCOMES: dict[str, tuple[Q, Q]] = {
    "selection": (Q(nominated=True), Q(nominated=True, decision=Decision.SELECTED)),
    "promotion": (Q(eligible=True), Q(eligible=True, application__state__in=list(APPROVED_STATES))),
}
ATTRIBUTES = ("gender", "age")
ALL_MOVES = ""  # the key of the comparison over every move of the cycle


@dataclass(frozen=True, slots=True)
class FairnessTable:
    outcome: str  # a key of OUTCOMES (or "eligibility")
    attribute: str  # "gender" | "age"
    # move id ("" = every move together) → the comparison of its groups
    comparisons: dict[str, Comparison]
    unknown: dict[str, int]  # move id → people whose attribute is not on record (left out)

    @property
    def flagged(self) -> int:
        return sum(1 for c in self.comparisons.values() for g in c.groups if g.flagged)


def fairness_tables(rows: list[tuple[str, str, str, int, int]], outcomes: list[str], attribute: str, min_size: int,
            moves: list[str]) -> list[FairnessTable]:
    """Build the comparisons from rows of (outcome, move id, group, total, hits)."""
    out = []
    for outcome in outcomes:
        counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        unknown: dict[str, int] = defaultdict(int)
        for o, move, group, total, hits in rows:
            if o != outcome:
                continue
            for key in (move, ALL_MOVES):
                if group == UNKNOWN:
                    unknown[key] += total
                else:
                    counts[key][group][0] += total
                    counts[key][group][1] += hits
        order = [g for g in (GENDERS if attribute == "gender" else [c for c, _l in AGE_BANDS])]
        comparisons = {}
        for key in [*moves, ALL_MOVES]:
            groups = counts.get(key, {})
            comparisons[key] = compare([GroupCount(g, *groups[g]) for g in order if g in groups and groups[g][0]],
                                       min_size=min_size)
        out.append(FairnessTable(outcome, attribute, comparisons, dict(unknown)))
    return out


def cycle_fairness(*, year: int, department_ids: list[int] | None, min_size: int = DEFAULT_MIN_GROUP
                   ) -> list[FairnessTable]:
    """Selection and promotion rates of the cycle's selectable moves, by gender and by age band.

    One statement grouping the candidates by move, gender and age band, with a conditional count per
    population and outcome.
    """
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is None:
        return []
    qs = _in_departments(Candidate.objects.filter(cycle=cycle, selectable=True), "department_id", department_ids)
    counts = {}
    for name, (population, hit) in OUTCOMES.items():
        counts[f"{name}_n"] = Count("pk", filter=population)
        counts[f"{name}_h"] = Count("pk", filter=hit)
    # One statement for both attributes: grouped by move, gender and age band, summed per attribute here.
    grouped = list(qs.annotate(g=gender_group("employee__gender"), a=age_band("employee__birth_date", cycle.as_of))
                   .values("move_id", "g", "a").annotate(**counts).order_by())
    moves = sorted({r["move_id"] for r in grouped})
    tables = []
    for attribute, key in (("gender", "g"), ("age", "a")):
        rows = [(name, r["move_id"], r[key], r[f"{name}_n"], r[f"{name}_h"]) for r in grouped for name in OUTCOMES]
        tables += fairness_tables(rows, list(OUTCOMES), attribute, min_size, moves)
    return tables
