"""Shared fixtures: the policy, synthetic workbooks (built once per session) and an import helper."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from careerpath.core.loader import load_policy
from careerpath.core.policy import Policy

# The test database always holds audit events (the statutory calendar's loading is audited), and
# pytest-django flushes it between transactional tests: the suite consents to erasing them, as an operator
# would with `careerpath flush --allow-audit-loss` (audit/management/commands/flush.py).
os.environ["CAREERPATH_ALLOW_AUDIT_LOSS"] = "1"

POLICY_NAME = "logistics-dual-track"
# A fixed date keeps the synthetic data, and with it every assertion, reproducible.
AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(POLICY_NAME)


@pytest.fixture(scope="session")
def as_of() -> date:
    return AS_OF


@pytest.fixture(scope="session")
def make_workbook(tmp_path_factory: pytest.TempPathFactory, policy: Policy) -> Callable[..., Path]:
    """Return a builder of synthetic standard workbooks, cached per (size, seed, as_of)."""
    from careerpath.workbook.synth import synth
    from careerpath.workbook.writer import write_workbook

    cache: dict[tuple[int, int, date], Path] = {}
    folder = tmp_path_factory.mktemp("workbooks")

    def build(n: int, *, seed: int = 11, as_of: date = AS_OF) -> Path:
        key = (n, seed, as_of)
        if key not in cache:
            path = folder / f"company-{n}-{seed}-{as_of.isoformat()}.xlsx"
            write_workbook(path, synth(n, seed=seed, as_of=as_of, policy=policy))
            cache[key] = path
        return cache[key]

    return build


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    # PBKDF2 is deliberately slow (~0.3 s a login here); tests hash many demo and test passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():  # noqa: ANN202
    """Every test starts in the site's default language: a test that switched to English (a request with
    the language cookie, ``translation.activate``) must not leak it into the next one, whatever the order
    (pytest-xdist runs them in another order on each worker)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# The long tests (a browser journey, a console script on a database of its own, the API fuzzer) run first, so
# pytest-xdist's workers finish together instead of one of them spending the last minutes on a journey while
# the other idles. A stable sort: each module's tests stay together, so its module fixtures are built once.
_LONG_FIRST = ("tests/browser/", "tests/cli/test_first_hour.py", "tests/hardening/test_schemathesis.py",
               "tests/db/test_cli.py", "tests/integrity/test_audit_append_only.py", "tests/onepath/test_clock.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        for i, prefix in enumerate(_LONG_FIRST):
            if path.startswith(prefix):
                return 0 if "journey_e2e" in path or "test_cycle" in path or "schemathesis" in path else 1 + i
        return len(_LONG_FIRST) + 1

    items.sort(key=rank)
