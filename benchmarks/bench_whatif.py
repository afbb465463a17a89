"""Benchmark: the what-if simulation on the whole company — a draft against the active version.

A child process builds a synthetic company (``_company.load_company``: synth + the real import path,
as bench_db.py does) and stores the shipped policy as the active version; a second, fresh child
process times :func:`simulation_run` (chunks of employees through ``population_load`` and
``evaluation_run``, both policies, verdicts only) for a draft that lowers the months in level of
junior → intermediate from 12 to 9 and asks for 2 internal praises for intermediate → senior.
The requirement: under 60 s for 100,000 employees. Results go to benchmarks/results/whatif.md.

    .venv/bin/python benchmarks/bench_whatif.py                       # SQLite, 100,000
    .venv/bin/python benchmarks/bench_whatif.py --employees 20000 --backends sqlite,postgresql
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

from _company import load_company, peak_rss_mb, pg_version, setup_django  # noqa: E402 - sibling module

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results" / "whatif.md"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
AS_OF = date(2026, 11, 27)
SEED = 2026
TENURE = "- {id: level_tenure, kind: tenure, of: level, months: 12}\n      - {id: attested, kind: attested, " \
         "competencies: [independent_operation, routine_exceptions]}"
INTERNAL = "      - {id: internal_praise, kind: count, evidence: praises, where: {source: 内部}, min: 1}"


def draft_text(text: str) -> str:
    assert TENURE in text and INTERNAL in text
    text = text.replace(TENURE, TENURE.replace("months: 12", "months: 9"), 1)
    return text.replace(INTERNAL, INTERNAL.replace("min: 1", "min: 2"), 1)


def child_load(n: int) -> dict:
    out = load_company(n, seed=SEED, as_of=AS_OF)
    from careerpath.policy_versions.services import policy_version_install_preset

    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    return out


def child_simulate() -> dict:
    os.environ["CAREERPATH_TODAY"] = AS_OF.isoformat()
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careerpath.policy_versions.drafts import active_text, policy_draft_create
    from careerpath.policy_versions.models import Simulation
    from careerpath.policy_versions.simulation import simulation_run, simulation_start

    connection.ensure_connection()
    _, text = active_text()
    draft = policy_draft_create(actor=None, yaml_text=draft_text(text), title="bench")
    from django.test import override_settings

    with override_settings(CAREERPATH_SIMULATION_INLINE=False):
        from careerpath.policy_versions import simulation as sim_mod

        sim_mod_launch = sim_mod._launch
        sim_mod._launch = lambda pk: None  # run below, in this process's main thread, to time it
        try:
            sim = simulation_start(actor=None, draft=draft)
        finally:
            sim_mod._launch = sim_mod_launch
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        simulation_run(sim.pk)
    elapsed = time.perf_counter() - t0
    sim = Simulation.objects.get(pk=sim.pk)
    assert sim.status == "done", sim.error
    return {"seconds": elapsed, "queries": len(queries.captured_queries), "people": sim.summary["people"],
            "gains": sim.summary["gains"], "losses": sim.summary["losses"],
            "cost_change": sim.summary["cost_change"], "peak_rss_mb": peak_rss_mb(),
            "load_avg": os.getloadavg()[0]}


def _database_url(backend: str, n: int) -> str:
    if backend == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / f"whatif-{n}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = f"careerpath_whatif_{n}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def _run_child(mode: str, n: int, url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "benchmark-only"}
    proc = subprocess.run([sys.executable, __file__, "--child", mode, "--employees", str(n)], env=env,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} child failed for n={n}:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _write_report(rows: list[dict]) -> None:
    import sqlite3

    import django

    from careerpath.policy_versions.simulation import CHUNK

    lines = [
        "# What-if simulation benchmark",
        "",
        "`simulation_run()`: every active employee evaluated under the active version and a draft (junior →",
        "intermediate: 9 months in level instead of 12; intermediate → senior: 2 internal praises instead of 1),",
        f"in chunks of {CHUNK:,} employees through `population_load` + `evaluation_run` (verdicts only), then the",
        "comparison stored on the `Simulation` row. Produced by `benchmarks/bench_whatif.py` (synthetic company,",
        f"seed {SEED}, as of {AS_OF}); the run is timed in a fresh process. Requirement: under 60 s at 100,000.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()},",
        f"Django {django.get_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {pg_version(PG_SERVER)}.",
        "",
        "| backend | employees | simulation | SQL queries | gains | losses | monthly allowance change | peak RSS | load avg |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['backend']} | {r['people']:,} | {r['seconds']:.1f} s | {r['queries']} | {r['gains']:,} "
                     f"| {r['losses']:,} | {r['cost_change']:,.0f} yuan | {r['peak_rss_mb']:,.0f} MB | {r['load_avg']:.1f} |")
    lines += [
        "",
        "Notes:",
        "- each row is one run (kept in whatif.json; `--reuse` times the simulation again on the company built",
        "  before): the same work, slower when other jobs share the machine (see *load avg*);",
        "- the query count grows with the number of chunks (one set of set-based loads per chunk plus one",
        "  progress update), never with the number of people inside a chunk;",
        f"- *load avg* is the 1-minute load average after the run ({os.cpu_count()} cores, shared with other jobs):",
        "  above the core count the timings are correspondingly slower.",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--reuse", action="store_true",
                        help="time the simulation again on the SQLite company a previous run built")
    parser.add_argument("--child", choices=["load", "simulate"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "load":
        print(json.dumps(child_load(args.employees)))
        return
    if args.child == "simulate":
        print(json.dumps(child_simulate()))
        return
    rows = []
    for backend in args.backends.split(","):
        kept = DATA / f"whatif-{args.employees}.sqlite3"
        if args.reuse and backend == "sqlite" and kept.exists():
            url = f"sqlite:///{kept}"
        else:
            url = _database_url(backend, args.employees)
            print(f"[{backend} {args.employees:,}] loading …", flush=True)
            _run_child("load", args.employees, url)
        r = _run_child("simulate", args.employees, url)
        print(f"[{backend} {args.employees:,}] {r['seconds']:.1f} s, {r['queries']} queries, "
              f"+{r['gains']} −{r['losses']}", flush=True)
        rows.append({"backend": backend, **r})
    log = RESULTS.with_suffix(".json")
    earlier = json.loads(log.read_text()) if log.exists() else []
    rows = earlier + rows
    log.write_text(json.dumps(rows, indent=1) + "\n")
    setup_django()
    _write_report(rows)
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
