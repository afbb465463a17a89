"""Where in the YAML text a loader problem is: its path (``moves[1].criteria[0].months``) as a line.

The loader reports problems by YAML path, which reads well in a list but not in an editor. The text is
composed once more (PyYAML's node tree keeps the start mark of every key and value) and each path is
walked down that tree; a path that goes further than the text (a missing key) stops at the deepest
node that exists, so the line is the mapping the key is missing from. Pure: no Django, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from careerpath.core.yamlbounds import DEFAULT_LIMITS

_SEGMENT = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
_LINE = re.compile(r"^line (\d+)(?:, column (\d+))?$")


@dataclass(frozen=True, slots=True)
class Located:
    path: str
    message: str
    line: int | None  # 1-based; None when the problem is about the whole text ("$")
    column: int | None = None  # 1-based


def path_segments(path: str) -> list[str | int]:
    """``moves[1].criteria[0].months`` → ``["moves", 1, "criteria", 0, "months"]``."""
    return [int(i) if i else key for i, key in _SEGMENT.findall(path)]


def _compose(text: str) -> yaml.Node | None:
    if len(text.encode("utf-8", "replace")) > DEFAULT_LIMITS.max_bytes:
        return None  # the loader refuses it unread; so does this
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def _line_in(root: yaml.Node | None, path: str) -> tuple[int, int] | None:
    if root is None or path in ("", "$"):
        return None
    node: yaml.Node = root
    found: yaml.Node | None = None  # the key (or item) node the line is read from
    for seg in path_segments(path):
        nxt: yaml.Node | None = None
        if isinstance(seg, int) and isinstance(node, yaml.SequenceNode):
            if 0 <= seg < len(node.value):
                nxt = found = node.value[seg]
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(seg):
                    found, nxt = key_node, value_node
                    break
        if nxt is None:
            break  # the path names something the text lacks: point at where it should be
        node = nxt
    target = found or node
    return target.start_mark.line + 1, target.start_mark.column + 1


def locate_problems(text: str, problems: Iterable[tuple[str, str]]) -> list[Located]:
    """Each (path, message) of the loader with its line and column in ``text``."""
    root: yaml.Node | None | bool = False  # composed on first need: a syntax error carries its own line
    out: list[Located] = []
    last = max(1, len(text.splitlines()))
    for path, message in problems:
        m = _LINE.match(path)
        if m:
            # YAML places an error at the end of the text on the line after the last one: keep it visible.
            line = min(int(m.group(1)), last)
            column = int(m.group(2)) if m.group(2) and line == int(m.group(1)) else None
            out.append(Located(path, message, line, column))
            continue
        if root is False:
            root = _compose(text)
        where = _line_in(root if isinstance(root, yaml.Node) else None, path)
        out.append(Located(path, message, *(where or (None, None))))
    return out


def line_of(text: str, path: str) -> int | None:
    """The 1-based line of ``path`` in ``text`` (None for the whole text or an unreadable one)."""
    return locate_problems(text, [(path, "")])[0].line
