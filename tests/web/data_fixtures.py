"""Shared by the data pages' tests: logins per role, a clean and a broken standard workbook.

    from tests.web.data_fixtures import *  # noqa: F403 - the fixtures
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.apiclient import make_user

__all__ = ["_staging", "admin", "agent", "hr"]  # the fixtures, for a star import

PASSWORD = "pw-12345"


@pytest.fixture(autouse=True)
def _staging(settings, tmp_path):  # noqa: ANN001, ANN202
    # Staged uploads go under VAR_DIR; each test gets its own.
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def hr(db):  # noqa: ANN001, ANN201
    return make_user("hr1", "hr")


@pytest.fixture
def admin(db):  # noqa: ANN001, ANN201
    return make_user("admin1", "admin")


@pytest.fixture
def agent(db):  # noqa: ANN001, ANN201
    return make_user("agent1", "employee")


def as_user(client, user):  # noqa: ANN001, ANN201
    client.force_login(user)
    return client


def broken_copy(src: Path, dst: Path) -> Path:
    """``src`` with three errors: a bad hire date (员工 row 3), an unknown level and a bad date (任职记录 row 2)."""
    shutil.copy(src, dst)
    wb = load_workbook(dst)
    emp = wb["员工"]
    headers = [c.value for c in emp[1]]
    emp.cell(row=3, column=headers.index("入司日期") + 1, value="2026-13-45")
    pos = wb["任职记录"]
    headers = [c.value for c in pos[1]]
    pos.cell(row=2, column=headers.index("职级") + 1, value="宇宙总裁")
    pos.cell(row=2, column=headers.index("起始日期") + 1, value="昨天")
    wb.save(dst)
    return dst
