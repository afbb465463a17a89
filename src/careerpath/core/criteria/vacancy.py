"""Headcount: a move to a post needs an open one (编制空缺)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, kind
from careerpath.core.results import CriterionResult
from careerpath.core.yamlbounds import shown


@dataclass(frozen=True, slots=True)
class Vacancy(Base):
    level: str | None = None  # None: the move's target level
    kind: ClassVar[str] = "vacancy"

    def default_label(self, ctx: Ctx) -> str:
        return ctx.t("有空缺编制", "a vacancy exists")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        lv = self.level or ctx.target_level or ""
        name = ctx.name_of(ctx.level_names, lv)
        required = ctx.t(f"{name}空缺 ≥ 1", f"open {name} posts ≥ 1")
        vac = ctx.population.vacancies
        if vac is None:
            return self.result(ctx, False, ctx.t("未录入编制计划", "no headcount plan on record"), required,
                               shortfall=ctx.t("未录入编制计划", "no headcount plan on record"))
        n = vac.get(lv, 0)
        short = "" if n >= 1 else ctx.t(f"暂无{name}空缺编制", f"no open {name} post")
        return self.result(ctx, n >= 1, ctx.t(f"空缺 {n} 个", f"{n} open"), required, shortfall=short)


@kind("vacancy")
def _parse_vacancy(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    lv = spec.opt("level")
    if lv is not None and lv not in spec.pctx.levels:
        raise spec.fail("level", f"未知职级 unknown level {shown(lv)}")
    return Vacancy(cid, label, lv)

