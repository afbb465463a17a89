"""What-if simulation: a draft evaluated against today's data and compared with the active version.

The run happens off the request (a thread the view starts after the row is committed), in chunks of
employees through the one evaluation path (``population_load`` + ``evaluation_run``): each chunk's
facts are loaded once and evaluated under both policies, verdicts only (``explain=False``). The row
is the state the page polls: status, progress, and at the end the summary and the changed verdicts.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.core.loader import PolicyError, parse_policy
from careerpath.core.policy import Policy
from careerpath.core.policy_readable import ReadableCriterion, readable
from careerpath.core.whatif import Comparison, moves_to_evaluate, reused
from careerpath.errors import InvalidInput
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.people.models import Employee
from careerpath.policy_versions.models import PolicyDraft, Simulation, SimulationStatus
from careerpath.policy_versions.selectors import active_policy, active_version, policy_of

log = logging.getLogger(__name__)

CHUNK = 5_000  # employees per slice: bounded memory, a progress step every second or so at 100k
STALLED_AFTER = timedelta(minutes=5)  # no heartbeat for that long: the process running it is gone


def _inline() -> bool:
    # Tests run the simulation in the request's own thread and transaction (an in-memory test database).
    return bool(getattr(settings, "CAREERPATH_SIMULATION_INLINE", False))


@transaction.atomic
def simulation_start(*, actor: AbstractBaseUser | None, draft: PolicyDraft) -> Simulation:
    """Queue a what-if run of the draft's current text as of today; refused while the text is invalid."""
    if actor is not None:
        require_roles(actor, Role.HR, action="运行政策模拟")
    try:
        parse_policy(draft.yaml_text, source="draft")
    except PolicyError:
        raise InvalidInput("草稿未通过校验，请先修正错误再模拟 fix the draft's problems before simulating",
                           code="policy_invalid", field="yaml_text") from None
    sim = Simulation.objects.create(
        draft=draft, yaml_text=draft.yaml_text, base_version=active_version(), as_of=clock.today(),
        created_by=actor if actor is not None and actor.is_authenticated else None)
    audit_record(actor=actor, action="simulation.start", target=sim, to_state=sim.status)
    if _inline():
        simulation_run(sim.pk)
    else:
        transaction.on_commit(lambda: _launch(sim.pk))
    return sim


def _launch(pk: int) -> None:
    threading.Thread(target=_thread_main, args=(pk,), name=f"simulation-{pk}", daemon=True).start()


def _thread_main(pk: int) -> None:
    close_old_connections()
    try:
        simulation_run(pk)
    finally:
        connections.close_all()  # the thread's own connections


def _set(pk: int, **fields: Any) -> None:
    Simulation.objects.filter(pk=pk).update(updated_at=timezone.now(), **fields)


def simulation_run(pk: int, *, chunk: int = CHUNK) -> None:
    """Run simulation ``pk`` to the end, writing progress as it goes; a failure is recorded, not raised."""
    sim = Simulation.objects.select_related("base_version").get(pk=pk)
    if sim.status != SimulationStatus.QUEUED:
        return
    _set(pk, status=SimulationStatus.RUNNING)
    try:
        draft = parse_policy(sim.yaml_text, source="draft")
        active = policy_of(sim.base_version) if sim.base_version is not None else active_policy()
        comparison = compare_company(active, draft, sim.as_of, chunk=chunk,
                                     progress=lambda done, total: _set(
                                         pk, processed=done, total=total,
                                         progress=min(99, done * 100 // total) if total else 99))
        _set(pk, status=SimulationStatus.DONE, progress=100, summary=comparison.summary(),
             changes=[c.to_dict() for c in comparison.changes], finished_at=timezone.now())
    except Exception as exc:  # noqa: BLE001 - the page shows it; the thread must not die silently
        log.exception("simulation %s failed", pk)
        _set(pk, status=SimulationStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())


def compare_company(active: Policy, draft: Policy, as_of: Any, *, chunk: int = CHUNK,
                    progress: Any = None) -> Comparison:
    """Every active employee evaluated under both policies, in slices of ``chunk`` by primary key."""
    pks = list(Employee.objects.filter(status="active").order_by("pk").values_list("pk", flat=True))
    total = len(pks)
    comparison = Comparison(active, draft)
    # Only the moves whose verdicts may differ are evaluated under the draft; the rest reuse the
    # active version's verdicts (equal criteria give equal verdicts), which halves the work.
    narrowed = moves_to_evaluate(active, draft)
    if progress:
        progress(0, total)
    for i in range(0, total, chunk):
        lo, hi = pks[i], pks[min(i + chunk, total) - 1]
        population = population_load(policy=draft, employees=Employee.objects.filter(
            pk__gte=lo, pk__lte=hi, status="active"))
        before = evaluation_run(policy=active, as_of=as_of, population=population, explain=False)
        if narrowed is None:
            after = evaluation_run(policy=draft, as_of=as_of, population=population, explain=False).results
        else:
            after = reused(before.results, draft, narrowed) + (evaluation_run(
                policy=narrowed, as_of=as_of, population=population, explain=False).results
                if narrowed.moves else [])
        comparison.add(before.results, after, people=len(population.people))
        if progress:
            progress(min(i + chunk, total), total)
    return comparison


def stalled(sim: Simulation) -> bool:
    return not sim.finished and timezone.now() - sim.updated_at > STALLED_AFTER


# ---------------------------------------------------------------------------------------------------
# Reading the result in words


@dataclass(frozen=True, slots=True)
class ChangeRow:
    employee_no: str
    name: str
    department: str
    move: str  # "初级客服专员 → 中级客服专员"
    move_id: str
    direction: str
    criteria: tuple[str, ...]  # labels
    cost: float


@dataclass(frozen=True, slots=True)
class MoveRow:
    move_id: str
    move: str
    eligible_active: int
    eligible_draft: int
    gains: int
    losses: int
    cost_active: float
    cost_draft: float


@dataclass(frozen=True, slots=True)
class SimulationView:
    simulation: Simulation
    moves: list[MoveRow]
    departments: list[tuple[str, int, int]]
    changes: list[ChangeRow]
    summary: dict[str, Any]


def _labels(policy: Policy | None, lang: str) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    if policy is None:
        return {}, {}
    r = readable(policy, lang)
    moves = {m.id: f"{m.from_name} → {m.to_name}" for m in r.moves}
    crit: dict[tuple[str, str], str] = {}

    colon, semi = (": ", "; ") if lang == "en" else ("：", "；")

    def flat(c: ReadableCriterion) -> str:
        return c.text if not c.children else c.text + colon + semi.join(flat(x) for x in c.children)

    for m in r.moves:
        for c in m.criteria:
            crit[(m.id, c.id)] = flat(c)
    for c in r.common:
        crit[("*", c.id)] = flat(c)
    return moves, crit


def simulation_view(sim: Simulation, *, lang: str, move: str = "", department: str = "",
                    direction: str = "") -> SimulationView:
    """The finished run in the reader's language, filtered by move, department and gain/loss."""
    try:
        draft: Policy | None = parse_policy(sim.yaml_text, source="draft")
    except PolicyError:
        draft = None
    active = policy_of(sim.base_version) if sim.base_version is not None else None
    d_moves, d_crit = _labels(draft, lang)
    a_moves, a_crit = _labels(active, lang)
    moved = {"zh": "该晋升路径仅在一方存在", "en": "the move exists in one version only"}[lang]

    def label(mid: str, cid: str) -> str:
        if cid == "*move":
            return moved
        return d_crit.get((mid, cid)) or a_crit.get((mid, cid)) or d_crit.get(("*", cid)) or a_crit.get(
            ("*", cid)) or cid

    s = sim.summary or {}
    moves = [MoveRow(mid, d_moves.get(mid) or a_moves.get(mid) or mid, t["eligible_active"], t["eligible_draft"],
                     t["gains"], t["losses"], t["cost_active"], t["cost_draft"])
             for mid, t in (s.get("moves") or {}).items() if t["gains"] or t["losses"] or t["eligible_active"]
             or t["eligible_draft"]]
    departments = [(d, v["gain"], v["loss"]) for d, v in (s.get("departments") or {}).items()]
    changes = [ChangeRow(c["no"], c["name"], c["dept"] or "", d_moves.get(c["move"]) or a_moves.get(c["move"])
                         or c["move"], c["move"], c["dir"], tuple(label(c["move"], x) for x in c["criteria"]),
                         c["cost"])
               for c in sim.changes
               if (not move or c["move"] == move) and (not department or (c["dept"] or "") == department)
               and (not direction or c["dir"] == direction)]
    changes.sort(key=lambda c: (c.move_id, c.direction, c.department, c.employee_no))
    return SimulationView(sim, moves, departments, changes, s)


def simulation_workbook(view: SimulationView, *, lang: str) -> bytes:
    """The changed verdicts and the per-move totals as .xlsx (texts stored as text, never formulas)."""
    from openpyxl import Workbook

    from careerpath.workbook.writer.safe import safe_append

    en = lang == "en"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Changes" if en else "资格变化")
    safe_append(ws, ["Employee no.", "Name", "Department", "Move", "Change", "Criteria that changed the verdict",
                     "Monthly allowance change (yuan)"] if en else
                ["工号", "姓名", "部门", "晋升路径", "变化", "改变结论的条件", "月津贴变化（元）"])
    gain, loss = ("gains eligibility", "loses eligibility") if en else ("新增符合", "不再符合")
    for c in view.changes:
        safe_append(ws, [c.employee_no, c.name, c.department, c.move, gain if c.direction == "gain" else loss,
                         "; ".join(c.criteria) if en else "；".join(c.criteria), c.cost])
    ws2 = wb.create_sheet("Moves" if en else "按晋升路径")
    safe_append(ws2, ["Move", "Eligible (active)", "Eligible (draft)", "Gains", "Losses",
                      "Monthly allowance (active)", "Monthly allowance (draft)"] if en else
                ["晋升路径", "现行符合人数", "草稿符合人数", "新增符合", "不再符合", "现行月津贴增加（元）", "草稿月津贴增加（元）"])
    for m in view.moves:
        safe_append(ws2, [m.move, m.eligible_active, m.eligible_draft, m.gains, m.losses, m.cost_active,
                          m.cost_draft])
    ws3 = wb.create_sheet("Departments" if en else "按部门")
    safe_append(ws3, ["Department", "Gains", "Losses"] if en else ["部门", "新增符合", "不再符合"])
    for d, g, lo in view.departments:
        safe_append(ws3, [d, g, lo])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
