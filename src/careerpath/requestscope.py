"""The scope of one web request, for memos that must not outlive it.

``web.middleware.RequestCacheMiddleware`` opens it around every request. Inside it, reads that a page
repeats (the active policy for labels, the viewer's roles) are looked up once; outside it (commands, jobs,
tests holding objects) every call asks afresh, so a change is always seen at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_memo: ContextVar[dict[str, Any] | None] = ContextVar("careerpath_request_memo", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def request_memo() -> dict[str, Any] | None:
    """This request's memo dict, or None outside a request."""
    return _memo.get()


def request_scope_active() -> bool:
    return _memo.get() is not None
