"""Benchmark: opening an annual cycle (评选) — every candidate list of the company — from the database.

For each backend and size (PostgreSQL, 1,000 and 100,000 employees by default):

1. a child process creates a fresh database, migrates it, synthesizes the company (``synth``) and
   writes it through the real set-based import path (``records_import``), then stores the policy
   preset as the active version and seeds the 2026 working-day calendar;
2. a second, fresh child process times ``cycle_open()`` — one load of the whole company's facts, one
   evaluation of every move, one bulk insert of the candidate rows — and records every SQL statement
   it ran and the peak resident memory.

The query count must be the same at both sizes. Results go to benchmarks/results/cycle.md. Usage:

    .venv/bin/python benchmarks/bench_cycle.py                          # PostgreSQL, 1,000 and 100,000
    .venv/bin/python benchmarks/bench_cycle.py --employees 20000 --backends sqlite,postgresql
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from _company import load_company, peak_rss_mb, pg_version, setup_django  # noqa: E402 - sibling module of the scripts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results" / "cycle.md"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
AS_OF = date(2026, 11, 27)  # the synthetic company's date; the cycle opens on it
SEED = 2026


def child_load(n: int) -> dict:
    out = load_company(n, seed=SEED, as_of=AS_OF)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from careerpath.calendars.services import calendar_seed
    from careerpath.policy_versions.services import policy_version_install_preset

    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    calendar_seed(years=[2026])
    hr = get_user_model().objects.create_user("bench-hr", password="benchmark-only-1")
    hr.groups.add(Group.objects.get_or_create(name="hr")[0])
    return out


def child_open() -> dict:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careerpath.cycles.models import Candidate, Cycle
    from careerpath.cycles.services import cycle_open
    from careerpath.people.models import Employee

    hr = get_user_model().objects.get(username="bench-hr")
    Cycle.objects.all().delete()  # a reused database may hold the previous run's cycle
    people = Employee.objects.count()
    connection.ensure_connection()  # the connection set-up is not part of the opening
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        cycle = cycle_open(actor=hr, year=AS_OF.year, as_of=AS_OF, today=AS_OF)
    t1 = time.perf_counter()
    kinds = Counter()
    for q in queries.captured_queries:
        sql = q["sql"].lstrip()
        head = " ".join(sql.split()[:3]) if sql.startswith("INSERT") else sql.split()[0]
        kinds[head] += 1
    cands = Candidate.objects.filter(cycle=cycle)
    return {
        "people": people,
        "queries": len(queries.captured_queries),
        "kinds": dict(sorted(kinds.items())),
        "open_s": t1 - t0,
        "candidates": cands.count(),
        "selectable": cands.filter(selectable=True).count(),
        "deadline": cycle.nomination_deadline.isoformat(),
        "rss_baseline_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
    }


def child_phases() -> dict:
    """Time the two shared steps alone (fresh process): what the opening spends outside the cycle's own code."""
    setup_django()
    from careerpath.core.engine import evaluate
    from careerpath.evidence.selectors import load_population
    from careerpath.policy_versions.selectors import active_version, policy_of
    from careerpath.workbook.reader import paused_gc

    policy = policy_of(active_version())
    with paused_gc():  # as cycle_open does
        t0 = time.perf_counter()
        population = load_population(policy=policy)
        t1 = time.perf_counter()
        evaluate(population, policy, AS_OF)
        t2 = time.perf_counter()
    return {"load_s": t1 - t0, "evaluate_s": t2 - t1}


def _database_url(backend: str, n: int, reuse: bool = False) -> tuple[str, bool]:
    """The URL of a database for size ``n``, and whether it already holds the company (``reuse``)."""
    if backend == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / f"bench-cycle-{n}.sqlite3"
        if reuse and path.exists():
            return f"sqlite:///{path}", True
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}", False
    import psycopg

    name = f"careerpath_benchcycle_{n}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if reuse and conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return f"{PG_SERVER}/{name}", True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}", False


def _run_child(mode: str, n: int, url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "benchmark-only",
           "CAREERPATH_TODAY": AS_OF.isoformat()}
    proc = subprocess.run([sys.executable, __file__, "--child", mode, "--employees", str(n)], env=env,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} child failed for n={n}:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fact_rows(url: str) -> int:
    """Rows of the company already in a reused database (the load child reports them otherwise)."""
    code = ("import os, json; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'careerpath.config.settings');"
            "import django; django.setup();"
            "from careerpath.evidence.selectors import fact_records;"
            "r = fact_records(); print(json.dumps(sum(len(v) for v in r.evidence_kwargs().values())"
            " + len(r.employees)))")
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "benchmark-only"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def _write_report(rows: list[dict], sizes: list[int]) -> None:
    import sqlite3

    import django

    lines = [
        "# Cycle benchmark: opening an annual cycle for the whole company",
        "",
        "`cycle_open()` (careerpath.cycles.services): pin the policy version, compute the nomination deadline from",
        "the working-day calendar, load the whole company's facts set-based (one query per record type), evaluate",
        "every move for every active employee, and bulk-insert one candidate row per eligible person and move (with",
        "its criteria snapshot). Produced by `benchmarks/bench_cycle.py` (synthetic company, seed",
        f"{SEED}, cycle 2026 opened and evaluated as of {AS_OF}); each measurement runs in a fresh process.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()},",
        f"Django {django.get_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {pg_version(PG_SERVER)}.",
        "",
        "| backend | employees | fact rows | candidates (in the selection / listed only) | SQL queries | "
        "cycle_open | of which load_population | of which evaluate | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['people']:,} | {r['rows']:,} | {r['candidates']:,} "
            f"({r['selectable']:,} / {r['candidates'] - r['selectable']:,}) | {r['queries']} | {r['open_s']:.2f} s "
            f"| {r['load_s']:.2f} s | {r['evaluate_s']:.2f} s | {r['peak_rss_mb']:,.0f} MB |")
    by_backend: dict[str, set[int]] = {}
    for r in rows:
        by_backend.setdefault(r["backend"], set()).add(r["queries"])
    same = all(len(q) == 1 for q in by_backend.values())
    lines += [
        "",
        f"Query count at {' and '.join(f'{n:,}' for n in sizes)} employees: "
        + "; ".join(f"{b}: {', '.join(str(q) for q in sorted(qs))}" for b, qs in by_backend.items())
        + (" — the same at every size." if same else " — differs between sizes (see the notes)."),
        "",
        "Statements per opening:",
        "",
    ]
    for r in rows:
        kinds = ", ".join(f"{k} × {v}" for k, v in r["kinds"].items())
        lines.append(f"- {r['backend']} {r['people']:,}: {kinds}")
    lines += [
        "",
        "Notes:",
        "- *fact rows* are the employees, positions and evidence records in the database (synthetic, about 34",
        "  per employee); *candidates* are the (person, move) pairs eligible on the as-of date. The cycle selects",
        "  for the skill ladder's promotions; management posts and lateral moves are listed only (docs/cycles.md).",
        "- The reads are one query per record type plus two lookups (工号 → id, department → id) and the",
        "  calendar; the candidates go in one multi-row INSERT on PostgreSQL. On SQLite Django splits that INSERT",
        "  into batches of 999 parameters (SQLite's limit), so there the statement count grows with the number",
        "  of candidates while the reads stay constant.",
        "- *peak RSS* is the opening process's maximum resident set (Django and the policy included; the",
        f"  baseline before opening was about {rows[0]['rss_baseline_mb']:.0f} MB).",
        "- *of which load_population / evaluate* are the two shared steps timed alone in another fresh process",
        "  (the same code `benchmarks/bench_db.py` measures); the rest of `cycle_open` is the cycle's own work:",
        "  the 工号/department lookups, building the candidate rows with their criteria snapshots, the INSERT.",
        "- PostgreSQL is a local server with default settings.",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000, help="the size whose query count is compared")
    parser.add_argument("--backends", default="postgresql")
    parser.add_argument("--reuse-data", action="store_true",
                        help="keep a company loaded by an earlier run instead of synthesizing it again")
    parser.add_argument("--child", choices=["load", "open", "phases"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "load":
        print(json.dumps(child_load(args.employees)))
        return
    if args.child == "open":
        print(json.dumps(child_open()))
        return
    if args.child == "phases":
        print(json.dumps(child_phases()))
        return

    sizes = sorted({args.small, args.employees})
    rows = []
    for backend in args.backends.split(","):
        for n in sizes:
            url, loaded = _database_url(backend, n, args.reuse_data)
            if loaded:
                load = {"rows": _fact_rows(url)}
                print(f"[{backend} {n:,}] reusing the loaded company", flush=True)
            else:
                print(f"[{backend} {n:,}] loading …", flush=True)
                load = _run_child("load", n, url)
                print(f"[{backend} {n:,}] synth {load['synth_s']:.1f} s, import {load['import_s']:.1f} s",
                      flush=True)
            op = _run_child("open", n, url)
            print(f"[{backend} {n:,}] {op['queries']} queries {op['kinds']}, open {op['open_s']:.2f} s, "
                  f"{op['candidates']:,} candidates, peak {op['peak_rss_mb']:.0f} MB", flush=True)
            phases = _run_child("phases", n, url)
            print(f"[{backend} {n:,}] of which load_population {phases['load_s']:.2f} s, "
                  f"evaluate {phases['evaluate_s']:.2f} s (measured alone)", flush=True)
            rows.append({"backend": backend, **load, **op, **phases})
    _write_report(rows, sizes)
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
