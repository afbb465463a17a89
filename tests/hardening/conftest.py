"""The procedures' small company, reused by the API hardening tests."""

from tests.procedures.conftest import AS_OF, Company, company  # noqa: F401 - fixtures re-exported
