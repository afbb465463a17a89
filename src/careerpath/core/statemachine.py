"""One generic workflow mechanism: states, transitions and configurable approval chains as frozen data.

Every procedure (promotion, annual cycle, demotion case, initial placement) is a :class:`Workflow`
declaration on this module; services resolve it into a :class:`Machine` for the policy in force and
look a transition up. One error root (:class:`WorkflowError`) and one :class:`InvalidTransition` serve
all four.

Why our own small generic and not python-statemachine: the approval chain comes from the policy
(``process.review_steps``), so the transition table must be computed from data at run time, per
policy version and per route; python-statemachine declares machines as classes bound to one object's
state, and its transitions would still need our roles, routes and ``needs_reason`` as side data. Here a
transition is a frozen value (action, sources, target, roles, needs_reason, routes), states stay
``StrEnum``s the models derive their choices from, and the whole thing is ~150 lines without a
dependency, type-checked with the rest of the core. Pure: no Django, no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from typing import Generic, TypeVar

S = TypeVar("S", bound=StrEnum)

# The route of a workflow that has only one (cycle, demotion, placement).
ONLY = "-"


class WorkflowError(Exception):
    """Root of every workflow error."""


class InvalidTransition(WorkflowError):
    """The action is not allowed from the current state (on this route, under this policy's chain)."""

    def __init__(self, workflow: Workflow[S], state: S, action: str, route: str, allowed: Sequence[str]) -> None:
        self.workflow, self.state, self.action, self.route = workflow.name, state, action, route
        self.allowed = tuple(allowed)
        on = f" on the {route} route" if route != ONLY else ""
        super().__init__(f"{workflow.title}当前状态「{workflow.label(state)}」不能执行 {action} "
                         f"(action {action!r} is not allowed from {state.value}{on}; "
                         f"allowed: {', '.join(self.allowed) or 'none'})")


@dataclass(frozen=True, slots=True)
class Transition(Generic[S]):
    """One allowed move: ``action`` takes the subject from any of ``sources`` to ``target``.

    ``roles`` are capacities towards the subject (see ``accounts.authority``); admin holds every
    decision capacity, "system" is a scheduled run. ``routes`` limits it to some routes (None: all).
    ``step`` names the policy step it belongs to (``process.review_steps``): a transition with a step
    exists only when the route's chain lists that step; a step transition without sources is
    *chained*, its source being the state the previous configured step leaves (or the chain's start).
    ``each_step`` declares a transition once for every configured step: it leaves from the state where
    that step is pending, taken by whoever holds that step (its ``roles`` plus the step's), and does not
    advance the chain (returning an application to its applicant from any review step).
    """

    action: str
    sources: frozenset[S]
    target: S
    roles: frozenset[str]
    needs_reason: bool = False
    routes: frozenset[str] | None = None
    step: str | None = None
    each_step: bool = False


def t(action: str, sources: Iterable[S], target: S, roles: Iterable[str], *, needs_reason: bool = False,
      routes: Iterable[str] | None = None, step: str | None = None, each_step: bool = False) -> Transition[S]:
    """Declare a transition (sets in, frozensets stored)."""
    return Transition(action, frozenset(sources), target, frozenset(roles), needs_reason,
                      frozenset(routes) if routes is not None else None, step, each_step)


@dataclass(frozen=True, slots=True)
class Chain(Generic[S]):
    """Where the configurable steps run: from ``start``, left by the ``exits`` actions."""

    start: S
    exits: frozenset[str]


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: one object per procedure
class Workflow(Generic[S]):
    """A procedure declared as data. Resolve it with :meth:`machine` before looking transitions up."""

    name: str
    title: str  # Chinese name used in messages, e.g. 晋升申请
    states: type[S]
    labels: Mapping[S, tuple[str, str]]  # (zh, en)
    transitions: tuple[Transition[S], ...]
    final: frozenset[S] = frozenset()
    routes: tuple[str, ...] = (ONLY,)
    chain: Chain[S] | None = None
    default_chains: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # per route
    # Work that changes no state, and the states it is allowed in.
    activities: Mapping[str, frozenset[S]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = [s.value for s in self.states if s not in self.labels]
        if missing:
            raise ValueError(f"{self.name}: states without labels: {missing}")

    def label(self, state: S, lang: str = "zh") -> str:
        zh, en = self.labels[state]
        return en if lang == "en" else zh

    def choices(self) -> list[tuple[str, str]]:
        """(value, Chinese label) pairs in declaration order: the model field's choices."""
        return [(s.value, self.labels[s][0]) for s in self.states]

    @property
    def steps(self) -> tuple[str, ...]:
        """Step names this workflow knows (in declaration order)."""
        return tuple(dict.fromkeys(x.step for x in self.transitions if x.step is not None))

    def machine(self, chains: Mapping[str, Sequence[str]] | None = None) -> Machine[S]:
        """The transition table with each route's chain of steps (a route not given: its default chain)."""
        chains = chains or {}
        key = tuple((r, tuple(chains.get(r, self.default_chains.get(r, ())))) for r in self.routes)
        return _resolve(self, key)

    def activity_allowed(self, state: S, activity: str) -> bool:
        return state in self.activities[activity]


@cache
def _resolve(wf: Workflow[S], chains: tuple[tuple[str, tuple[str, ...]], ...]) -> Machine[S]:
    out: list[Transition[S]] = []
    known = set(wf.steps)
    for route, chain in chains:
        steps = [s for s in chain if s in known]  # steps this workflow does not run are someone else's
        for x in wf.transitions:
            if x.routes is not None and route not in x.routes:
                continue
            if x.each_step:
                continue  # placed below, once per configured step
            if x.step is not None and x.step not in steps:
                continue
            if x.step is not None and not x.sources:
                continue  # chained: placed below, in the configured order
            if wf.chain is not None and x.action in wf.chain.exits:
                continue
            out.append(replace(x, routes=frozenset({route})))
        if wf.chain is None:
            continue
        here = wf.chain.start
        for name in steps:
            for x in wf.transitions:
                if x.step == name and not x.sources and (x.routes is None or route in x.routes):
                    out.append(replace(x, sources=frozenset({here}), routes=frozenset({route})))
                    out.extend(replace(y, sources=frozenset({here}), roles=y.roles | x.roles,
                                       routes=frozenset({route}), step=name)
                               for y in wf.transitions if y.each_step and (y.routes is None or route in y.routes))
                    here = x.target
        for x in wf.transitions:
            if x.action in wf.chain.exits and (x.routes is None or route in x.routes):
                out.append(replace(x, sources=frozenset({here}), routes=frozenset({route})))
    return Machine(wf, tuple(out))


@dataclass(frozen=True, slots=True)
class Machine(Generic[S]):
    """A workflow resolved for one policy: what may happen from each state on each route."""

    workflow: Workflow[S]
    transitions: tuple[Transition[S], ...]

    def available(self, state: S, route: str = ONLY) -> list[Transition[S]]:
        return [x for x in self.transitions if state in x.sources and x.routes is not None and route in x.routes]

    def transition_for(self, state: S, action: str, route: str = ONLY) -> Transition[S]:
        """Return the transition, or raise :class:`InvalidTransition` (never None)."""
        options = self.available(state, route)
        for x in options:
            if x.action == action:
                return x
        raise InvalidTransition(self.workflow, state, action, route, sorted({x.action for x in options}))

    def sources_of(self, action: str, route: str = ONLY) -> frozenset[S]:
        """The states ``action`` may be taken from on ``route``."""
        out: set[S] = set()
        for x in self.transitions:
            if x.action == action and x.routes is not None and route in x.routes:
                out |= x.sources
        return frozenset(out)
