"""Read untrusted YAML within fixed bounds: size, nesting, and what aliases may expand to.

A policy arrives from HR's editor, the API or a file, so its YAML is untrusted. PyYAML's safe loader
builds no arbitrary objects, but it still lets a few hundred bytes of aliases stand for gigabytes (the
"billion laughs": the graph it builds is small, yet every walk over it, every ``repr`` and every ``str``
expands it), and its composer recurses once per nesting level, so ten thousand ``[`` end in a
RecursionError. The bounds are checked while composing — before anything is constructed or expanded:

* the text: at most ``max_bytes`` of UTF-8, checked before the parser starts;
* nesting: at most ``max_depth`` levels, counted with aliases expanded (the composer's own recursion is
  cut at the same depth, so it never nears Python's limit);
* aliases are allowed (the presets share criteria and duty lists with them), but the document with every
  alias written out may weigh at most ``max_expanded`` (a node weighs 1, a scalar also its length), so
  the validator, any message and any stored copy stay proportional to a document of legal size; an alias
  to a node that contains it is refused.

Values quoted in messages go through :func:`shown`, which renders at most ``SHOWN_CHARS`` characters
without rendering the rest first.
"""

from __future__ import annotations

import reprlib
from collections.abc import Container, Hashable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

SHOWN_CHARS = 80


@dataclass(frozen=True, slots=True)
class YamlLimits:
    """Bounds for one policy text; the largest shipped preset uses 26 KB, 2,150 nodes and 10 levels of nesting.

    Pure-Python YAML costs about 10-20 µs a node, so ``max_nodes`` is what keeps a refusal (or an
    acceptance) under a second; ``max_expanded`` is what keeps memory bounded when aliases repeat
    large values.
    """

    max_bytes: int = 256 * 1024  # of UTF-8 text
    max_depth: int = 50  # levels of nesting, aliases expanded
    max_nodes: int = 20_000  # nodes, aliases expanded (each use of an alias counts its whole node)
    max_expanded: int = 1 << 20  # weight, aliases expanded: a node counts 1, a scalar also its length


DEFAULT_LIMITS = YamlLimits()


class YamlTooLarge(yaml.MarkedYAMLError):
    """A bound was crossed; ``problem_mark`` is where (a YAMLError, so callers report it like a syntax error)."""


_repr = reprlib.Repr()
_repr.maxstring = _repr.maxother = SHOWN_CHARS
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 6
_repr.maxlevel = 3


def shown(value: Any) -> str:
    """A ``repr`` of ``value`` for a message, at most about SHOWN_CHARS characters, built without the rest."""
    text = _repr.repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


def among(value: Any, known: Container[Any]) -> bool:
    """``value in known`` for a value read from YAML, which may be a list or a mapping (unhashable)."""
    return isinstance(value, Hashable) and value in known


def clip(text: str, limit: int = SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


class _PyEvents(Reader, Scanner, Parser):
    """PyYAML's pure-Python event source."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


_Events: type
try:
    # libyaml scans and parses (without recursion) 3-4 times faster; the composer stays PyYAML's
    # Python one, so that the bounds below see every node.
    from yaml._yaml import CParser as _Events
except ImportError:  # PyYAML built without libyaml
    _Events = _PyEvents


class BoundedLoader(Composer, SafeConstructor, Resolver, _Events):
    """A safe loader (the SafeLoader's constructor and resolver) whose composer enforces :class:`YamlLimits`."""

    def __init__(self, stream: str, limits: YamlLimits = DEFAULT_LIMITS) -> None:
        _Events.__init__(self, stream)  # type: ignore[misc]
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        Composer.__init__(self)
        self.limits = limits
        self._depth = 0
        self._events = 0
        # (nodes, weight, height) with aliases expanded, per composed node, keyed by id(): every node
        # stays referenced by its parent or by self.anchors until the document is built, so an id is
        # never reused meanwhile.
        self._size: dict[int, tuple[int, int, int]] = {}

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        lim = self.limits
        # Counted as they come, so that even a flat list of a million items stops after max_nodes
        # of them: scanning is what costs time.
        self._events += 1
        if self._events > lim.max_nodes:
            raise self._too_large(self.peek_event().start_mark)
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None and id(target) not in self._size:
                raise YamlTooLarge(None, None, f"别名引用了包含它的节点 the alias *{clip(str(event.anchor))} refers "
                                               f"to a node that contains it", event.start_mark)
            return super().compose_node(parent, index)  # an undefined alias is PyYAML's own error
        if self._depth >= lim.max_depth:
            raise YamlTooLarge(None, None, f"嵌套超过 {lim.max_depth} 层 nesting deeper than {lim.max_depth} levels",
                               self.peek_event().start_mark)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is not None:
            self._measure(node)
        return node

    def _too_large(self, mark: Mark | None) -> YamlTooLarge:
        lim = self.limits
        return YamlTooLarge(None, None, f"策略过大 too large: at most {lim.max_nodes:,} nodes and a weight of "
                                        f"{lim.max_expanded:,} (a node counts 1, a scalar also its length), "
                                        f"with aliases expanded", mark)

    def _measure(self, node: Node) -> None:
        lim = self.limits
        if isinstance(node, ScalarNode):
            nodes, weight, height = 1, 1 + len(node.value), 1
        else:
            children: list[Node] = (node.value if isinstance(node, SequenceNode)
                                    else [n for pair in node.value for n in pair] if isinstance(node, MappingNode)
                                    else [])
            sizes = [self._size[id(c)] for c in children]
            nodes = 1 + sum(s[0] for s in sizes)
            weight = 1 + sum(s[1] for s in sizes)
            height = 1 + max((s[2] for s in sizes), default=0)
        if nodes > lim.max_nodes or weight > lim.max_expanded:
            raise self._too_large(node.start_mark)
        if height > lim.max_depth:
            raise YamlTooLarge(None, None, f"别名展开后嵌套超过 {lim.max_depth} 层 nesting deeper than "
                                           f"{lim.max_depth} levels once its aliases are expanded", node.start_mark)
        self._size[id(node)] = (nodes, weight, height)

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:
            # PyYAML lets these through: an integer beyond Python's 4,300-digit limit, a date such as
            # 2026-13-01. They are bad input like any other, reported where they are.
            raise ConstructorError(None, None, f"无法读取的值 unreadable value: {clip(str(exc))}",
                                   node.start_mark) from None


def load_bounded(text: str, *, loader: type[BoundedLoader] = BoundedLoader, limits: YamlLimits = DEFAULT_LIMITS) -> Any:
    """Parse one YAML document within ``limits``; raise a ``yaml.YAMLError`` (YamlTooLarge for a bound)."""
    # len() first: a text of more characters than max_bytes is too large whatever its encoding.
    try:
        size = len(text) if len(text) > limits.max_bytes else len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a lone surrogate, which JSON allows ("\ud800")
        line = text.count("\n", 0, exc.start)
        raise yaml.MarkedYAMLError(None, None, "无效字符 invalid character (a lone surrogate)",
                                   Mark("", exc.start, line, exc.start - (text.rfind("\n", 0, exc.start) + 1),
                                        None, None)) from None  # type: ignore[arg-type]
    if size > limits.max_bytes:
        raise YamlTooLarge(None, None, f"策略文本超过 {limits.max_bytes:,} 字节 the text is larger than "
                                       f"{limits.max_bytes:,} bytes", None)
    ld = loader(text, limits)
    try:
        return ld.get_single_data()
    finally:
        ld.dispose()
