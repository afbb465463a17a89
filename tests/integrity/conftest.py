"""Re-use the procedure and cycle suites' small companies for the integrity tests."""

from __future__ import annotations

from tests.cycles.conftest import world  # noqa: F401 - the cycles' world fixture
from tests.procedures.conftest import company  # noqa: F401 - the procedures' small company
