"""Two policy texts compared: line by line (side by side) and by meaning (levels, moves, criteria).

The semantic summary reads the YAML data (anchors resolved), not the parsed Policy, so that a change
is named in the policy's own words: ``moves.junior_to_intermediate.criteria.level_tenure: months 12 → 9``.
Pure: no Django, no I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from careerpath.core.yamlbounds import shown

# ---------------------------------------------------------------------------------------------------
# Line by line


@dataclass(frozen=True, slots=True)
class DiffRow:
    op: str  # "same" | "changed" | "added" | "removed" | "skip" (unchanged lines folded away)
    old_no: int | None
    old: str
    new_no: int | None
    new: str


def side_by_side(old: str, new: str, *, context: int = 3) -> list[DiffRow]:
    """Rows of a two-column diff; unchanged runs longer than ``2 * context`` are folded into one skip row."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if rows:
            rows.append(DiffRow("skip", None, "", None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [DiffRow("same", i + 1, a[i], j + 1, b[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
            elif tag == "replace":
                n = max(i2 - i1, j2 - j1)
                for k in range(n):
                    i, j = i1 + k, j1 + k
                    if i < i2 and j < j2:
                        rows.append(DiffRow("changed", i + 1, a[i], j + 1, b[j]))
                    elif i < i2:
                        rows.append(DiffRow("removed", i + 1, a[i], None, ""))
                    else:
                        rows.append(DiffRow("added", None, "", j + 1, b[j]))
            elif tag == "delete":
                rows += [DiffRow("removed", i + 1, a[i], None, "") for i in range(i1, i2)]
            else:
                rows += [DiffRow("added", None, "", j + 1, b[j]) for j in range(j1, j2)]
    return rows


def unified(old: str, new: str, *, old_name: str = "active", new_name: str = "draft") -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=old_name, tofile=new_name))


# ---------------------------------------------------------------------------------------------------
# By meaning


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # "level" | "move" | "criterion" | "section"
    op: str  # "added" | "removed" | "changed"
    where: str  # the level code, the move id, "move id / criterion id", or the section name
    details: tuple[str, ...] = ()  # "months: 12 → 9"


@dataclass(slots=True)
class Summary:
    changes: list[Change] = field(default_factory=list)

    def of(self, kind: str, op: str | None = None) -> list[Change]:
        return [c for c in self.changes if c.kind == kind and (op is None or c.op == op)]

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for c in self.changes:
            out.setdefault(c.kind, {"added": 0, "removed": 0, "changed": 0})[c.op] += 1
        return out


def _data(text: str) -> Mapping[str, Any]:
    try:
        d = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return d if isinstance(d, Mapping) else {}


def _by(items: Any, key: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, Mapping):
                out[str(item.get(key, f"#{i + 1}"))] = item
    return out


def _fields(old: Any, new: Any, prefix: str = "") -> list[str]:
    """What differs between two values, as ``key: old → new`` lines (nested mappings flattened)."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        out: list[str] = []
        for k in list(old) + [k for k in new if k not in old]:
            name = f"{prefix}{k}"
            if k not in new:
                out.append(f"{name}: {shown(old[k])} → —")
            elif k not in old:
                out.append(f"{name}: — → {shown(new[k])}")
            elif old[k] != new[k]:
                out += _fields(old[k], new[k], f"{name}.")
        return out
    if _keyed(old) and _keyed(new) and old != new:  # nested criteria: compared by id, not as one list
        a, b = _by(old, "id"), _by(new, "id")
        return _fields(a, b, prefix)
    return [] if old == new else [f"{prefix.rstrip('.') or '='}: {shown(old)} → {shown(new)}"]


def _keyed(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, Mapping) and "id" in x for x in v)


def _criteria(move_id: str, old: Any, new: Any, changes: list[Change]) -> None:
    a, b = _by(old, "id"), _by(new, "id")
    # A criterion without an id is named by its kind, as the loader does.
    if not a and isinstance(old, list):
        a = _by(old, "kind")
    if not b and isinstance(new, list):
        b = _by(new, "kind")
    for cid in a:
        if cid not in b:
            changes.append(Change("criterion", "removed", f"{move_id} / {cid}"))
        elif a[cid] != b[cid]:
            changes.append(Change("criterion", "changed", f"{move_id} / {cid}", tuple(_fields(a[cid], b[cid]))))
    for cid in b:
        if cid not in a:
            changes.append(Change("criterion", "added", f"{move_id} / {cid}"))


_LEVEL_SKIP = ("code",)
_MOVE_SHAPE = ("from", "to", "type", "appointed", "name")


def summarize(old_text: str, new_text: str) -> Summary:
    """Levels, moves and criteria added, removed and changed from ``old_text`` to ``new_text``."""
    old, new = _data(old_text), _data(new_text)
    changes: list[Change] = []
    lo, ln = _by(old.get("levels"), "code"), _by(new.get("levels"), "code")
    for code in lo:
        if code not in ln:
            changes.append(Change("level", "removed", code))
        elif lo[code] != ln[code]:
            diff = [d for d in _fields(lo[code], ln[code]) if d.split(":")[0] not in _LEVEL_SKIP]
            changes.append(Change("level", "changed", code, tuple(diff)))
    changes += [Change("level", "added", code) for code in ln if code not in lo]

    mo, mn = _by(old.get("moves"), "id"), _by(new.get("moves"), "id")
    for mid in mo:
        if mid not in mn:
            changes.append(Change("move", "removed", mid))
            continue
        a, b = mo[mid], mn[mid]
        shape = _fields({k: a.get(k) for k in _MOVE_SHAPE if k in a}, {k: b.get(k) for k in _MOVE_SHAPE if k in b})
        if shape:
            changes.append(Change("move", "changed", mid, tuple(shape)))
        _criteria(mid, a.get("criteria"), b.get("criteria"), changes)
    for mid in mn:
        if mid not in mo:
            changes.append(Change("move", "added", mid))
    _criteria("common_criteria", old.get("common_criteria"), new.get("common_criteria"), changes)

    for section in ("name", "version", "title", "tracks", "placement", "competencies", "metrics", "evidence",
                    "process"):
        if old.get(section) != new.get(section):
            op = "added" if section not in old else "removed" if section not in new else "changed"
            changes.append(Change("section", op, section, tuple(_fields(old.get(section), new.get(section), f"{section}."))[:20]))
    return Summary(changes)
