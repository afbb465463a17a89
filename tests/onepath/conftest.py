"""The procedure suites' small company, reused: one department, a manager, a supervisor, agents and HR."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tests.procedures.conftest import AS_OF, Api, company, make_eligible_junior, make_user  # noqa: F401


@pytest.fixture(autouse=True)
def _garbage_collector_restored() -> Iterator[None]:
    # `careerpath evaluate` switches the cyclic collector off for its one-shot process; called in-process
    # here, it must not stay off for the rest of the session (unreachable connections would stay open).
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
