"""Benchmark: the whole company from the database — load_population + engine evaluate.

For each backend (SQLite file, PostgreSQL) and each size (1,000 and 100,000 employees by default):

1. a child process creates a fresh database, migrates it, synthesizes the company (``synth``) and
   writes it through the real import write path (``records_import``: set-based bulk upserts in one
   transaction; the .xlsx file is skipped, reading 3 million cells is the workbook's benchmark);
2. a second, fresh child process times ``load_population()`` and ``evaluate()`` for everyone and
   records the number of SQL queries and the peak resident memory of that process.

The query count must be the same at both sizes: evaluation is set-based. Results go to
benchmarks/results/db.md. Usage:

    .venv/bin/python benchmarks/bench_db.py                      # both backends, 1,000 and 100,000
    .venv/bin/python benchmarks/bench_db.py --employees 20000 --backends sqlite
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from _company import load_company, peak_rss_mb, pg_version, setup_django  # noqa: E402 - sibling module of the scripts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results" / "db.md"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
AS_OF = date(2026, 11, 27)
SEED = 2026


def child_load(n: int) -> dict:
    return load_company(n, seed=SEED, as_of=AS_OF)


def child_evaluate() -> dict:
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careerpath.core.engine import evaluate
    from careerpath.core.loader import load_policy
    from careerpath.evidence.selectors import load_population

    policy = load_policy("logistics-dual-track")
    connection.ensure_connection()  # the connection set-up is not part of the load
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        population = load_population(policy=policy)
    t1 = time.perf_counter()
    evaluation = evaluate(population, policy, AS_OF)
    t2 = time.perf_counter()
    facts = sum(
        len(p.positions)
        + len(p.praises)
        + len(p.mentorships)
        + len(p.trainings)
        + len(p.leaves)
        + len(p.metrics)
        + len(p.exams)
        + len(p.appraisals)
        + len(p.attestations)
        + len(p.incidents)
        for p in population.people.values()
    )
    return {
        "people": len(population.people),
        "facts": facts,
        "queries": len(queries.captured_queries),
        "load_s": t1 - t0,
        "evaluate_s": t2 - t1,
        "results": len(evaluation.results),
        "eligible": sum(1 for r in evaluation.results if r.eligible),
        "rss_baseline_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
        # The 1-minute load average when done: other jobs on a shared machine slow every number.
        "load_avg": os.getloadavg()[0],
    }


def _database_url(backend: str, n: int) -> str:
    if backend == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / f"bench-{n}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = f"careerpath_bench_{n}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def _run_child(mode: str, n: int, url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "benchmark-only"}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--employees", str(n)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} child failed for n={n}:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _write_report(rows: list[dict], sizes: list[int]) -> None:
    import sqlite3

    import django

    lines = [
        "# Database benchmark: the whole company from the database",
        "",
        "`load_population()` (set-based: one query per record type) followed by the engine's `evaluate()` for every",
        "active employee and every move open to them. Produced by `benchmarks/bench_db.py`",
        f"(synthetic company, seed {SEED}, as of {AS_OF}); each measurement runs in a fresh process.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()},",
        f"Django {django.get_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {pg_version(PG_SERVER)}.",
        "",
        "| backend | employees | fact rows | import (rows/s) | SQL queries | load_population | evaluate | "
        "load + evaluate | peak RSS | load avg |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['people']:,} | {r['facts']:,} | {r['import_s']:.1f} s ({r['import_rows_per_s']:,.0f}/s) "
            f"| {r['queries']} | {r['load_s']:.2f} s | {r['evaluate_s']:.2f} s | {r['load_s'] + r['evaluate_s']:.2f} s "
            f"| {r['peak_rss_mb']:,.0f} MB | {r['load_avg']:.1f} |"
        )
    by_backend: dict[str, set[int]] = {}
    for r in rows:
        by_backend.setdefault(r["backend"], set()).add(r["queries"])
    same = all(len(q) == 1 for q in by_backend.values())
    lines += [
        "",
        f"Query count at {' and '.join(f'{n:,}' for n in sizes)} employees: "
        + "; ".join(f"{b}: {', '.join(str(q) for q in sorted(qs))}" for b, qs in by_backend.items())
        + (" — the same at every size." if same else " — **differs between sizes**."),
        "",
        "Notes:",
        f"- *fact rows* are the evidence and position records loaded (about {rows[-1]['facts'] / rows[-1]['people']:.0f} "
        "per employee, as `synth` generates);",
        "  the import column is the real set-based write path (`records_import`, one transaction) with the",
        "  synthetic records handed over in memory.",
        "- *peak RSS* is the evaluating process's maximum resident set (Django and the policy included;",
        f"  the baseline before loading was about {rows[0]['rss_baseline_mb']:.0f} MB).",
        "- SQLite runs in WAL mode; PostgreSQL is a local server with default settings.",
        f"- *load avg* is the machine's 1-minute load average after the measurement ({os.cpu_count()} cores): above",
        "  the core count, other jobs were competing for the CPU and the timings are correspondingly slower.",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000, help="the size whose query count is compared")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", choices=["load", "evaluate"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "load":
        print(json.dumps(child_load(args.employees)))
        return
    if args.child == "evaluate":
        print(json.dumps(child_evaluate()))
        return

    sizes = sorted({args.small, args.employees})
    rows = []
    for backend in args.backends.split(","):
        for n in sizes:
            url = _database_url(backend, n)
            print(f"[{backend} {n:,}] loading …", flush=True)
            load = _run_child("load", n, url)
            print(
                f"[{backend} {n:,}] synth {load['synth_s']:.1f} s, import {load['import_s']:.1f} s",
                flush=True,
            )
            ev = _run_child("evaluate", n, url)
            print(
                f"[{backend} {n:,}] {ev['queries']} queries, load {ev['load_s']:.2f} s, "
                f"evaluate {ev['evaluate_s']:.2f} s, peak {ev['peak_rss_mb']:.0f} MB",
                flush=True,
            )
            rows.append({"backend": backend, **load, **ev})
    _write_report(rows, sizes)
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
