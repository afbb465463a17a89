"""Benchmark: the stored eligibility (careerpath.evaluation.store) on a 100,000-employee company.

For each backend (PostgreSQL by default; SQLite with ``--backends sqlite``), in fresh child processes:

1. create a fresh database, migrate it, synthesize the company with ``synth`` and write it through the
   real import (``records_import``), refresh the planner's statistics (``ANALYZE``);
2. *full refresh*: ``eligibility_refresh`` for everyone on an empty store (what the first daily run
   after an import does; both languages) — time, CPU and peak memory;
3. *idempotent re-run*: the same call again, nothing changed (one fingerprint statement over everyone);
4. *next day*: the daily run of the following day (every row is of an earlier day: all evaluated again);
5. *one change*: a praise recorded for one person through ``evidence_add`` in a transaction, and the time
   until their stored row is current (the after-commit refresh of :mod:`careerpath.evaluation.invalidation`);
6. *as-of line*: ``eligibility_as_of`` (what every HR page reads to say how current its figures are).

Results go to benchmarks/results/eligibility.md. Usage:

    .venv/bin/python benchmarks/bench_eligibility.py                       # PostgreSQL, 100,000 people
    .venv/bin/python benchmarks/bench_eligibility.py --employees 10000 --backends sqlite,postgresql
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import date, timedelta
from pathlib import Path

from _company import fresh_database_url, load_company, peak_rss_mb, pg_version, run_child, setup_django  # noqa: E402 - sibling module

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results" / "eligibility.md"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
AS_OF = date(2026, 11, 27)
SEED = 2026


def child_load(n: int) -> dict:
    out = load_company(n, seed=SEED, as_of=AS_OF)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return out


def _timed(fn):  # noqa: ANN001, ANN202
    t0, c0 = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - t0, time.process_time() - c0


def child_measure() -> dict:
    os.environ["CAREERPATH_TODAY"] = AS_OF.isoformat()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from careerpath.evaluation.models import MoveEligibility, PersonEligibility
    from careerpath.evaluation.store import eligibility_as_of, eligibility_context, eligibility_refresh
    from careerpath.evidence.services import evidence_add
    from careerpath.people.models import Employee

    out: dict[str, dict] = {}
    full, s, cpu = _timed(lambda: eligibility_refresh(as_of=AS_OF))
    out["full refresh (empty store, both languages)"] = {"s": s, "cpu": cpu, "evaluated": full.evaluated,
                                                         "rss_mb": peak_rss_mb()}
    again, s, cpu = _timed(lambda: eligibility_refresh(as_of=AS_OF))
    out["idempotent re-run (nothing changed)"] = {"s": s, "cpu": cpu, "evaluated": again.evaluated}
    person = Employee.objects.filter(status="active").order_by("employee_no")[100]
    admin = get_user_model().objects.create_superuser("bench-admin", password="bench-12345")
    before = timezone.now()

    def one_change() -> None:
        with transaction.atomic():
            evidence_add(actor=admin, kind="praise", employee=person, date=AS_OF - timedelta(days=3),
                         source="internal", note="benchmark")

    _v, s, cpu = _timed(one_change)
    row = PersonEligibility.objects.get(employee=person)
    out["one change: praise saved until the person's row is current"] = {
        "s": s, "cpu": cpu, "evaluated": 1, "current": not row.stale and row.computed_at >= before}
    ctx = eligibility_context()
    state, s, cpu = _timed(lambda: eligibility_as_of(as_of=AS_OF, context=ctx))
    out["as-of line (eligibility_as_of)"] = {"s": s, "cpu": cpu, "evaluated": 0, "stale": state.stale}
    nxt, s, cpu = _timed(lambda: eligibility_refresh(as_of=AS_OF + timedelta(days=1)))
    out["next day's daily run (everyone of an earlier day)"] = {"s": s, "cpu": cpu, "evaluated": nxt.evaluated,
                                                                 "rss_mb": peak_rss_mb()}
    out["_rows"] = {"persons": PersonEligibility.objects.count(), "moves": MoveEligibility.objects.count()}
    out["_load_avg"] = {"value": os.getloadavg()[0]}
    return out


def _database_url(backend: str, n: int) -> str:
    return fresh_database_url(backend=backend, name=f"bench_eligibility_{n}", data=DATA, pg_server=PG_SERVER)


def _run_child(args: list[str], url: str) -> dict:
    return run_child(__file__, args, url)


def _write_report(results: list[tuple[str, dict, dict]], n: int) -> None:
    import sqlite3

    import django

    lines = [
        f"# Stored eligibility benchmark: {n:,} employees",
        "",
        "Produced by `benchmarks/bench_eligibility.py` (synthetic company, seed "
        f"{SEED}, as of {AS_OF}; each step in a fresh process after the import). Every row is evaluated in",
        "both languages the site speaks (the shortfall sentences are stored in Chinese and English).",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()},",
        f"Django {django.get_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {pg_version(PG_SERVER)}.",
        "",
        "| backend | step | wall | CPU of the process | people evaluated | notes |",
        "|---|---|---:|---:|---:|---|",
    ]
    for backend, load, m in results:
        for name, v in m.items():
            if name.startswith("_"):
                continue
            notes = []
            if "rss_mb" in v:
                notes.append(f"peak memory {v['rss_mb']:.0f} MB")
            if "current" in v:
                notes.append("row current after commit" if v["current"] else "row NOT current")
            if "stale" in v:
                notes.append(f"{v['stale']} stale rows")
            lines.append(f"| {backend} | {name} | {v['s']:.2f} s | {v['cpu']:.2f} s | {v['evaluated']:,} | "
                         f"{'; '.join(notes)} |")
        lines.append(f"| {backend} | (import of the company, not part of the store) | {load['import_s']:.1f} s | | | |")
    lines += [
        "",
        "Rows stored: " + ", ".join(f"{b}: {m['_rows']['persons']:,} people, {m['_rows']['moves']:,} person-moves"
                                    for b, _l, m in results) + ".",
        "Machine load average (1 min) after the measurement: "
        + ", ".join(f"{b}: {m['_load_avg']['value']:.1f}" for b, _l, m in results)
        + f" ({os.cpu_count()} cores; above that, other jobs competed for the CPU).",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--backends", default="postgresql")
    parser.add_argument("--child", choices=["load", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "load":
        print(json.dumps(child_load(args.employees)))
        return
    if args.child == "measure":
        print(json.dumps(child_measure()))
        return
    results = []
    for backend in args.backends.split(","):
        url = _database_url(backend, args.employees)
        print(f"[{backend}] loading {args.employees:,} people …", flush=True)
        load = _run_child(["--child", "load", "--employees", str(args.employees)], url)
        measured = _run_child(["--child", "measure"], url)
        for name, v in measured.items():
            if not name.startswith("_"):
                print(f"[{backend}] {name}: {v['s']:.2f} s (cpu {v['cpu']:.2f} s), evaluated {v['evaluated']:,}",
                      flush=True)
        results.append((backend, load, measured))
    _write_report(results, args.employees)
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
