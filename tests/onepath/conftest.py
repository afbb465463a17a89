"""The procedure suites' small company, reused: one department, a manager, a supervisor, agents and HR."""

from __future__ import annotations

from tests.procedures.conftest import AS_OF, Api, company, make_eligible_junior, make_user  # noqa: F401
