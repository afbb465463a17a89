"""Leave taken in the evidence window (exempt types such as 婚假 and 产假 do not count)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, fmt_number, kind
from careerpath.core.results import CriterionResult


@dataclass(frozen=True, slots=True)
class LeaveSum(Base):
    less_than: float | None = None
    at_most: float | None = None
    exempt_types: tuple[str, ...] | None = None  # None: the policy's evidence.exempt_leave_types
    kind: ClassVar[str] = "leave"

    def limit_text(self, ctx: Ctx) -> str:
        if self.less_than is not None:
            return ctx.t(f"< {fmt_number(self.less_than)} 天", f"< {fmt_number(self.less_than)} days")
        return ctx.t(f"≤ {fmt_number(self.at_most or 0)} 天", f"≤ {fmt_number(self.at_most or 0)} days")

    def default_label(self, ctx: Ctx) -> str:
        return ctx.t(f"{ctx.last_months()}请假累计{self.limit_text(ctx)}（婚假、产假、丧假等不计）",
                     f"leave in {ctx.last_months()} {self.limit_text(ctx)} (marriage, maternity, bereavement excluded)")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        exempt = self.exempt_types if self.exempt_types is not None else ctx.exempt_leave_types
        total = 0.0
        exempted = 0.0
        used = []
        for lv in ctx.person.leaves:
            # A leave row counts in full in the window holding its start date (SPEC §4).
            if not (ctx.window_start <= lv.start_on <= ctx.as_of):
                continue
            if lv.type in exempt:
                exempted += lv.days
                continue
            total += lv.days
            used.append(lv.id)
        ok = total < self.less_than if self.less_than is not None else total <= (self.at_most or 0)
        actual = ctx.t(f"{fmt_number(total)} 天", f"{fmt_number(total)} days")
        if exempted:
            actual += ctx.t(f"（另有不计入假期 {fmt_number(exempted)} 天）", f" (+{fmt_number(exempted)} exempt days)")
        return self.result(ctx, ok, actual, self.limit_text(ctx), used)


@kind("leave")
def _parse_leave(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    lt = spec.number("less_than", required=False)
    am = spec.number("at_most", required=False)
    if (lt is None) == (am is None):
        raise spec.fail("less_than", "缺少阈值 missing threshold: give exactly one of less_than / at_most")
    exempt = spec.str_list("exempt_types", required=False, allowed=spec.pctx.leave_types, what="假别 leave type") \
        if "exempt_types" in spec.data else None
    return LeaveSum(cid, label, lt, am, exempt)

