"""辅助晋级项: a policy-defined plus that never blocks a move (第五章 五、其他说明).

The source: 成功拓展客户收入或成功提高客户毛利（财务数据为准，在公司有成名作）, proposed by the
department's 客服经理 and approved by the 分管副总, reviewed yearly. The criterion always passes; its
result says whether the person has such an approved contribution in the window, and the annual cycle may
add ``process.bonus_points`` for it (core.cycle).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, kind
from careerpath.core.facts import Contribution
from careerpath.core.results import CriterionResult

CONTRIBUTION_KINDS: tuple[str, ...] = ("revenue", "margin")
_KIND_WORDS = {"revenue": ("客户收入", "customer revenue"), "margin": ("客户毛利", "customer margin")}


def contributions_in(contributions: list[Contribution], kinds: tuple[str, ...], start: date,
                     end: date) -> list[Contribution]:
    return [c for c in contributions if c.kind in kinds and start <= c.date <= end]


@dataclass(frozen=True, slots=True)
class Bonus(Base):
    kinds: tuple[str, ...] = CONTRIBUTION_KINDS
    window: bool = True
    kind: ClassVar[str] = "bonus"

    def _noun(self, ctx: Ctx) -> str:
        return ctx.t("/".join(_KIND_WORDS[k][0] for k in self.kinds), "/".join(_KIND_WORDS[k][1] for k in self.kinds))

    def default_label(self, ctx: Ctx) -> str:
        scope = ctx.t(f"{ctx.last_months()}内", f" in {ctx.last_months()}") if self.window else ""
        return ctx.t(f"辅助晋级项（加分项，非必需）：{scope}经审核的{self._noun(ctx)}贡献",
                     f"Bonus criterion (a plus, not required): an approved {self._noun(ctx)} contribution{scope}")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        start = ctx.window_start if self.window else date.min
        used = contributions_in(ctx.person.contributions, self.kinds, start, ctx.as_of)
        n = len(used)
        required = ctx.words((id(self), ctx.en, "required"), lambda: ctx.t("加分项，不影响资格", "a plus; not required"))
        if n:
            actual = ctx.t(f"辅助晋级项：已有经审核的{self._noun(ctx)}贡献（{n} 项）",
                           f"bonus: {n} approved {self._noun(ctx)} contribution{'s' if n > 1 else ''}")
        else:
            actual = ctx.t("暂无（不影响晋级）", "none yet (does not affect eligibility)")
        return self.result(ctx, True, actual, required, [c.id for c in used])


@kind("bonus")
def _parse_bonus(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    kinds = spec.str_list("kinds", required=False, allowed=set(CONTRIBUTION_KINDS), what="贡献类型 contribution kind")
    return Bonus(cid, label, kinds or CONTRIBUTION_KINDS, spec.boolean("window", True))
