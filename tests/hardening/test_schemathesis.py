"""A bounded schemathesis run against the API served on loopback, as HR and as an employee.

It must find no server error and no response that breaks the OpenAPI schema (status codes, content types
and bodies as declared). Phases: examples, coverage and stateful; a few examples per operation and a time
budget (CAREERPATH_FUZZ_SECONDS, default 40) keep it under a minute per user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from careerpath.api.services import api_token_create

ST = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"

pytestmark = pytest.mark.skipif(ST is None, reason="schemathesis (the dev extra) is not installed")


def _run(url: str, token: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    assert url.startswith("http://127.0.0.1:") or url.startswith("http://localhost:")  # loopback only
    return subprocess.run(
        [ST, "run", f"{url}/api/openapi.json", "-H", f"Authorization: Bearer {token}",
         "--phases", "examples,coverage,stateful", "--checks", CHECKS,
         "--max-examples", os.environ.get("CAREERPATH_FUZZ_EXAMPLES", "5"), "--max-time", os.environ.get("CAREERPATH_FUZZ_SECONDS", "40"),
         "--seed", "7", "--generation-deterministic", "--no-shrink", "--request-timeout", "20",
         "--max-failures", "20", "--no-color", "--warnings", "off",
         "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=240, check=False, cwd=tmp_path)  # its cache stays out of the repo


@pytest.mark.parametrize("who", ["hr", "agent"])
def test_schemathesis_finds_no_server_error_and_no_schema_violation(transactional_db, company, live_server,  # noqa: ANN001
                                                                    tmp_path, who: str) -> None:
    # given a token of the user, and the app on a loopback port
    _, token = api_token_create(actor=company.users[who], name="schemathesis")
    # when
    res = _run(live_server.url, token, tmp_path)
    # then
    assert res.returncode == 0, res.stdout[-12000:] + res.stderr[-2000:]
