"""Finding 3: hostile policy YAML ends in a clear problem, fast and within a memory budget.

Each text is read in a child process limited to 1 GiB of address space and a timeout, so a regression
shows as a failed test (MemoryError, a kill or a timeout) instead of taking the test run down with it.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from . import bombs

MEMORY_LIMIT = 1 << 30  # bytes of address space for the child
TIMEOUT = 30  # seconds for the whole child, start-up included; the parse itself must take < 1 s

HOSTILE = {
    "alias bomb": bombs.alias_bomb(),
    "merge-key bomb": bombs.merge_bomb(),
    "one large scalar, many aliases": bombs.scalar_fanout(),
    "sequences 10,000 deep": bombs.deep_nesting(),
    "mappings 10,000 deep": bombs.deep_mapping(),
}

# Reads the file with the core's parse function (the one the API's service calls) and reports the
# problems, the time taken and the peak memory as JSON.
PARSE_CHILD = """
import json, resource, sys, time
from careerpath.core.loader import PolicyError, parse_policy
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
try:
    parse_policy(text, source="hostile")
except PolicyError as exc:
    problems = exc.problems
else:
    problems = []
# The peak of this process's own memory (VmHWM): ru_maxrss would also count the parent's peak, which
# Linux carries across fork and exec (a long pytest run's parent is large).
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": time.perf_counter() - start, "problems": problems, "maxrss_kib": hwm}))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=TIMEOUT,
                          preexec_fn=_limit_memory)


@pytest.fixture(params=sorted(HOSTILE), ids=sorted(HOSTILE))
def hostile_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE[request.param], encoding="utf-8")
    return path


def test_it_reports_a_hostile_policy_as_a_problem_within_a_second_and_bounded_memory(hostile_file: Path) -> None:
    # when the parse function used by the API reads it
    res = _run("-c", PARSE_CHILD, str(hostile_file))
    # then it ends normally with a problem that names where, quickly, well inside the budget
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout)
    assert out["problems"], out
    assert out["seconds"] < 1.0, out["seconds"]
    assert out["maxrss_kib"] < 300 * 1024, out["maxrss_kib"]
    assert all(len(m) < 600 and len(p) < 300 for p, m in out["problems"]), "a message renders a whole value"


def test_validate_policy_exits_2_without_a_traceback(hostile_file: Path) -> None:
    # when the console script checks the file
    res = _run("-m", "careerpath", "validate-policy", str(hostile_file))
    # then it exits 2 with the problem on stderr, and no traceback
    assert res.returncode == 2, (res.returncode, res.stderr[-2000:])
    assert "Traceback" not in res.stderr and "Error:" not in res.stderr.splitlines()[-1]
    assert "策略无效 invalid policy" in res.stderr
    assert len(res.stderr) < 20_000
