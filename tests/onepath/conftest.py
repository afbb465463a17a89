"""Re-use the procedure and cycle suites' small companies for the one-path tests."""

from __future__ import annotations

from tests.cycles.conftest import world  # noqa: F401 - the cycles' world fixture
from tests.procedures.conftest import AS_OF, Api, company, make_eligible_junior, make_user  # noqa: F401
