"""Hostile policy YAML texts, shared by the bound tests (each a few hundred bytes, or a flat 10,000 levels deep)."""

from __future__ import annotations


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs": each anchor lists the previous one ``width`` times; ``version`` uses the last."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    lines.append(f"name: bomb\nversion: *l{levels - 1}\nlevels: *l{levels - 1}\n")
    return "\n".join(lines)


def merge_bomb(levels: int = 40) -> str:
    """Merge keys doubling a mapping per level (``<<: [*a, *a]``), expanded while constructing."""
    lines = ["m0: &m0 {a: 1, b: 2}"]
    for i in range(1, levels):
        lines.append(f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: {i}}}")
    lines.append("name: merge\n")
    return "\n".join(lines)


def deep_nesting(depth: int = 10_000) -> str:
    return "name: deep\nlevels: " + "[" * depth + "]" * depth + "\n"


def deep_mapping(depth: int = 10_000) -> str:
    return "name: deep\nlevels: " + "{a: " * depth + "1" + "}" * depth + "\n"


def scalar_fanout(size: int = 400_000, copies: int = 120_000) -> str:
    """One large scalar referenced many times: few nodes, yet gigabytes once rendered."""
    return f"s: &s {'x' * size}\nname: fan\nversion: [{', '.join(['*s'] * copies)}]\n"
