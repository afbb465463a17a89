"""Benchmark: stateless evaluation of a 10,000-employee standard workbook against a bare read.

The target (SPEC hot path) is: ``careerpath evaluate --workbook FILE`` takes at most 3× the time of
reading every sheet of FILE with python-calamine and nothing else. Measured side by side, each run in
a fresh process, alternating, several times:

(a) bare read: a child process that only runs ``to_python()`` on every sheet;
(b) ``careerpath evaluate --workbook FILE --format json --output /dev/null`` (the real CLI; when it is
    not installed, ``read_workbook`` + ``engine.evaluate`` + JSON in a child process instead).

Wall time (median and best of the runs), the ratio of the medians, peak RSS of each child
(``os.wait4`` gives every child its own rusage), the row count, and an in-process breakdown of (b) by
phase. The workbook is generated once with ``synth`` and cached under benchmarks/data/ (gitignored).
Results go to benchmarks/results/workbook.md. Usage:

    .venv/bin/python benchmarks/bench_workbook.py                  # 10,000 employees, 5 runs each
    .venv/bin/python benchmarks/bench_workbook.py --employees 2000 --runs 3
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results" / "workbook.md"
AS_OF = date(2026, 12, 31)
SEED = 7
POLICY = "logistics-dual-track"

BARE_READ = """
import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
rows = sum(len(wb.get_sheet_by_name(name).to_python()) for name in wb.sheet_names)
print(rows)
"""

IN_PROCESS_EVALUATE = """
import json, sys
from datetime import date
from careerpath.core.engine import evaluate
from careerpath.core.loader import load_policy
from careerpath.workbook.reader import read_workbook
policy = load_policy(sys.argv[2])
evaluation = evaluate(read_workbook(sys.argv[1], policy).population(), policy, date.fromisoformat(sys.argv[3]))
with open("/dev/null", "w", encoding="utf-8") as out:
    out.write(json.dumps(evaluation.to_dict(), ensure_ascii=False))
"""


def workbook_path(n: int) -> Path:
    return DATA / f"workbook-{n}-seed{SEED}-{AS_OF.isoformat()}.xlsx"


def ensure_workbook(n: int) -> tuple[Path, float | None]:
    """Generate the synthetic workbook once; return its path and the generation time (None if cached)."""
    path = workbook_path(n)
    if path.exists():
        return path, None
    from careerpath.core.loader import load_policy
    from careerpath.workbook.synth import synth
    from careerpath.workbook.writer import write_workbook

    DATA.mkdir(parents=True, exist_ok=True)
    policy = load_policy(POLICY)
    t0 = time.perf_counter()
    data = synth(n, seed=SEED, as_of=AS_OF, policy=policy)
    tmp = path.with_suffix(".tmp.xlsx")
    write_workbook(tmp, data, policy=policy)
    tmp.rename(path)  # a cached file is always complete
    return path, time.perf_counter() - t0


def run_child(cmd: list[str]) -> tuple[float, float, float, str]:
    """Run ``cmd``; return wall seconds, CPU seconds, the child's own peak RSS in MiB, and its stdout.

    The child is reaped with ``os.wait4``, which reports that child's rusage: RUSAGE_CHILDREN would
    only give the largest peak of every child so far.
    """
    t0 = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=devnull, text=True, cwd=ROOT)
        assert proc.stdout is not None
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: keep Popen from waiting again
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:2])} ... failed with status {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out  # Linux: RSS in KiB


def cli_command(path: Path) -> tuple[list[str], str]:
    script = Path(sys.executable).with_name("careerpath")
    exe = str(script) if script.exists() else shutil.which("careerpath")
    if exe:
        cmd = [
            exe,
            "evaluate",
            "--workbook",
            str(path),
            "--as-of",
            AS_OF.isoformat(),
            "--policy",
            POLICY,
            "--format",
            "json",
            "--output",
            os.devnull,
        ]
        return (
            cmd,
            f"careerpath evaluate --workbook FILE --as-of {AS_OF.isoformat()} --policy {POLICY} --format json --output /dev/null",
        )
    cmd = [sys.executable, "-c", IN_PROCESS_EVALUATE, str(path), POLICY, AS_OF.isoformat()]
    return cmd, "(CLI not installed) python -c read_workbook + engine.evaluate + json.dumps"


def phases(path: Path) -> dict[str, float]:
    """Time each phase of (b) in this process (CPU seconds), the way the CLI runs them."""
    from python_calamine import CalamineWorkbook

    from careerpath.core.engine import evaluate
    from careerpath.core.loader import load_policy
    from careerpath.workbook.reader import read_workbook

    gc.collect()
    out: dict[str, float] = {}
    t = time.process_time()
    wb = CalamineWorkbook.from_path(str(path))
    raw = [wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names]
    out["bare calamine read (in process)"] = time.process_time() - t
    del raw
    t = time.process_time()
    policy = load_policy(POLICY)
    out["load policy"] = time.process_time() - t
    t = time.process_time()
    data = read_workbook(path, policy)
    out["read_workbook (calamine + convert + validate)"] = time.process_time() - t
    t = time.process_time()
    population = data.population()
    out["build_population"] = time.process_time() - t
    t = time.process_time()
    evaluation = evaluate(population, policy, AS_OF)
    out["engine.evaluate"] = time.process_time() - t
    t = time.process_time()
    json.dumps(evaluation.to_dict(), ensure_ascii=False)
    out["to_dict + json.dumps"] = time.process_time() - t
    out["_results"] = float(len(evaluation.results))
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = ", load average at start {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}{load}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only, do not write the results file")
    args = parser.parse_args()

    from importlib.metadata import version

    machine_line = machine()
    path, generated = ensure_workbook(args.employees)
    bare_cmd = [sys.executable, "-c", BARE_READ, str(path)]
    eval_cmd, eval_label = cli_command(path)

    bare: list[tuple[float, float, float]] = []
    full: list[tuple[float, float, float]] = []
    rows = 0
    for _ in range(args.runs):  # alternate, so that a busy moment hits both sides alike
        wall, cpu, rss, out = run_child(bare_cmd)
        bare.append((wall, cpu, rss))
        rows = int(out.strip())
        wall, cpu, rss, _ = run_child(eval_cmd)
        full.append((wall, cpu, rss))
    detail = phases(path)
    n_results = int(detail.pop("_results"))
    data_rows = rows - 11  # one header row per sheet

    def stats(runs: list[tuple[float, float, float]]) -> tuple[float, float, float, float, float]:
        walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
        return (
            statistics.median(walls),
            min(walls),
            statistics.median(cpus),
            min(cpus),
            max(r[2] for r in runs),
        )

    a, b = stats(bare), stats(full)
    table = [("(a) bare calamine read, all sheets", *a), ("(b) evaluate --workbook (JSON)", *b)]
    lines = [
        "# Workbook benchmark: stateless evaluation vs. a bare read",
        "",
        f"- date: {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {machine_line}",
        f"- python-calamine {version('python-calamine')}, openpyxl {version('openpyxl')}",
        f"- workbook: `{path.relative_to(ROOT)}` — {args.employees:,} employees, {data_rows:,} data rows in 11 sheets, "
        f"{path.stat().st_size / 1e6:.1f} MB (synth seed {SEED}, as of {AS_OF})"
        + (f"; generated and written in {generated:.1f} s" if generated else ""),
        f'- (a): `python -c "to_python() of every sheet" FILE`; (b): `{eval_label}` → {n_results:,} results',
        f"- each in a fresh process, alternating, {args.runs} runs; CPU time and peak RSS per child via `os.wait4`",
        "  (CPU time is the steadier measure when other work shares the machine)",
        "",
        "| measurement | median wall (s) | best wall (s) | median CPU (s) | best CPU (s) | peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {name} | {mw:.2f} | {bw:.2f} | {mc:.2f} | {bc:.2f} | {rss:.0f} |"
            for name, mw, bw, mc, bc, rss in table
        ),
        "",
        f"**ratio (b)/(a): wall {b[0] / a[0]:.2f}× median, {b[1] / a[1]:.2f}× best; "
        f"CPU {b[2] / a[2]:.2f}× median, {b[3] / a[3]:.2f}× best** (target ≤ 3×)",
        "",
        "Where (b)'s time goes (one run in the benchmark process, same steps as the CLI, CPU time):",
        "",
        "| phase | CPU seconds |",
        "|---|---:|",
        *(f"| {name} | {sec:.2f} |" for name, sec in detail.items()),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
