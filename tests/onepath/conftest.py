"""Re-use the procedure suites' small companies for the one-path tests."""

from __future__ import annotations

from tests.procedures.conftest import company  # noqa: F401 - the procedures' company fixture
from tests.cycles.conftest import world  # noqa: E402, F401 - the cycles' world fixture
