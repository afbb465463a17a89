"""Benchmark: the analysis pages (/insight/ and /insight/fairness/) on a 100,000-employee PostgreSQL database.

1. A child process creates a fresh database, migrates it, synthesizes the company with ``synth`` and writes
   it through the real import (``records_import``, as benchmarks/_company.py does), opens the annual cycle
   (``cycle_open``: every eligible person and move becomes a candidate), then plays the cycle's outcome in
   bulk — half the candidates nominated, a third of those selected, ranks set — so every stage of the
   funnel and every fairness table has figures; adds a department manager login; refreshes the eligibility
   store when the site has one (``careerpath refresh-eligibility``); and runs ``ANALYZE``.
2. A second, fresh child process requests the pages through Django's test client (middleware, session, view,
   templates; no network) as HR (the whole company, then one department), as the VP and as the department
   manager, and records each request's server time and SQL query count.

The target: each page under 1 s of server time and under 30 queries. Results go to
benchmarks/results/insight.md. Usage:

    .venv/bin/python benchmarks/bench_insight.py                  # 100,000 people (loading takes minutes)
    .venv/bin/python benchmarks/bench_insight.py --skip-load      # measure again on the loaded database
    .venv/bin/python benchmarks/bench_insight.py --employees 2000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from _company import POLICY, peak_rss_mb, pg_version, setup_django  # noqa: E402 - sibling module of the scripts

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "insight.md"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
AS_OF = date(2026, 11, 27)
SEED = 2026


def child_load(n: int) -> dict:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F

    from careerpath.accounts.services import roles_ensure_groups, user_upsert
    from careerpath.core.loader import load_policy
    from careerpath.cycles.models import Candidate, Cycle
    from careerpath.cycles.services import cycle_open
    from careerpath.evidence.services import records_import
    from careerpath.people.models import Department, Employee
    from careerpath.policy_versions.services import policy_version_install_preset
    from careerpath.workbook.synth import synth

    call_command("migrate", interactive=False, verbosity=0)
    policy = load_policy(POLICY)
    out: dict = {}
    t0 = time.perf_counter()
    data = synth(n, seed=SEED, as_of=AS_OF, policy=policy)
    records_import(data=data, source_file=f"bench-insight-{n}.xlsx", policy=policy)
    out["import_s"] = time.perf_counter() - t0
    roles_ensure_groups()
    hr = user_upsert(username="hr", password="bench-12345", roles={"hr"})
    user_upsert(username="vp", password="bench-12345", roles={"vp"})
    policy_version_install_preset(actor=None, name=POLICY, published_on=date(2026, 1, 1))
    t0 = time.perf_counter()
    cycle = cycle_open(actor=hr, year=AS_OF.year, as_of=AS_OF, today=AS_OF)
    out["cycle_open_s"] = time.perf_counter() - t0
    # The cycle's outcome, played in bulk (the real steps are measured by bench_cycle.py): every second
    # candidate nominated, every third nominee selected, ranks in id order.
    ids = list(Candidate.objects.filter(cycle=cycle, selectable=True).order_by("pk").values_list("pk", flat=True))
    Candidate.objects.filter(pk__in=ids[::2]).update(nominated=True)
    Candidate.objects.filter(pk__in=ids[::6]).update(decision="selected")
    Candidate.objects.filter(pk__in=ids[::2]).update(rank=F("pk"))
    Cycle.objects.filter(pk=cycle.pk).update(state="committee")
    out["candidates"] = len(ids)
    dept = Department.objects.order_by("name").first()
    boss = Employee.objects.filter(department=dept, status="active").order_by("employee_no").first()
    user_upsert(username="manager", password="bench-12345", roles={"manager", "employee"}, employee=boss)
    out["manager_department"] = dept.name
    out["manager_people"] = Employee.objects.filter(department=dept, status="active").count()
    from django.core.management import get_commands

    if "refresh_eligibility" in get_commands() or "refresh-eligibility" in get_commands():
        t0 = time.perf_counter()
        call_command("refresh_eligibility" if "refresh_eligibility" in get_commands() else "refresh-eligibility")
        out["refresh_eligibility_s"] = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them on a live server
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _timed(client, path: str, params: dict | None = None) -> tuple[float, float, int, int]:  # noqa: ANN001
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(path, params or {})
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: HTTP {response.status_code}")
    return dt, cpu, len(q.captured_queries), len(response.content)


def _statements(repeat: int) -> dict[str, list[float]]:
    """Each aggregate statement alone (the database's share of a page), whole company, in ms."""
    from careerpath.clock import today
    from careerpath.evidence.selectors import policy_get
    from careerpath.insight import selectors as sel

    as_of, policy = today(), policy_get()
    year = sel.cycles_list()[0][0]
    reads = {
        "current positions by level, department and time in level (pyramid + time in level)":
            lambda: sel.current_structure(department_ids=None, as_of=as_of),
        "position history by department and year (promotion and demotion rates)":
            lambda: sel.movement_rates(department_ids=None, years=list(range(as_of.year - 4, as_of.year + 1))),
        "allowances of 12 months (allowance cost)":
            lambda: sel.allowance_cost(department_ids=None, months=sel.last_months(as_of), policy=policy),
        "candidates by move and stage (funnel)": lambda: sel.cycle_funnel(year=year, department_ids=None),
        "candidates by move, gender and age band (fairness of the decisions)":
            lambda: sel.cycle_fairness(year=year, department_ids=None),
    }
    try:
        from careerpath.insight import eligibility as elig

        reads["eligibility store by move (eligible now / within 3 months)"] = (
            lambda: elig.eligible_counts(department_ids=None, as_of=as_of))
        reads["eligibility store by move, gender and age band (fairness of the rules)"] = (
            lambda: elig.eligibility_fairness(department_ids=None, as_of=as_of))
    except ImportError:  # a site without the eligibility store
        pass
    out: dict[str, list[float]] = {}
    for name, read in reads.items():
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            read()
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = times
    return out


def child_measure(repeat: int) -> dict:
    os.environ["CAREERPATH_TODAY"] = AS_OF.isoformat()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from careerpath.people.models import Department, Employee

    setup_test_environment()  # the test client's ALLOWED_HOSTS; nothing else changes
    users = get_user_model().objects
    dept = Department.objects.order_by("name").first()
    out: dict[str, dict] = {"_people": {"n": Employee.objects.filter(status="active").count()}}
    views = []
    for path, board in (("/insight/", "structure"), ("/insight/selection/", "eligibility and selection"),
                        ("/insight/movement/", "promotions, demotions, allowances")):
        views += [
            ("hr", path, {}, f"HR: {board}, whole company"),
            ("hr", path, {"dept": dept.pk}, f"HR: {board}, one department"),
            ("vp", path, {}, f"VP: {board}, whole company"),
            ("manager", path, {}, f"manager: {board}, own department"),
        ]
    views += [
        ("hr", "/insight/fairness/", {}, "HR: fairness panel, whole company"),
        ("hr", "/insight/fairness/", {"dept": dept.pk}, "HR: fairness panel, one department"),
        ("hr", "/insight/pyramid.xlsx", {}, "HR: download a chart's data (Excel)"),
        ("hr", "/insight/fairness/data.csv", {}, "HR: download the fairness tables (CSV)"),
    ]
    clients: dict[str, Client] = {}
    for who in ("hr", "vp", "manager"):
        c = Client()
        c.force_login(users.get(username=who))
        c.get("/")  # the session and the first-request set-up are not the page's cost
        clients[who] = c
    for who, path, params, name in views:
        times, cpus, queries, size = [], [], 0, 0
        for _ in range(repeat):
            dt, cpu, queries, size = _timed(clients[who], path, params)
            times.append(dt * 1000)
            cpus.append(cpu * 1000)
        out[name] = {"ms": times, "cpu": cpus, "queries": queries, "bytes": size}
    out["_statements"] = {"times": _statements(repeat)}
    out["_load_avg"] = {"n": os.getloadavg()[0]}
    return out


def _database_url(n: int, *, fresh: bool) -> str:
    import psycopg

    name = f"careerpath_bench_insight_{n}"
    if fresh:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def _run_child(args: list[str], url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "benchmark-only"}
    proc = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _write_report(n: int, load: dict | None, measured: dict, repeat: int) -> None:
    import django

    lines = [
        "# Analysis pages benchmark: the three dashboards and the fairness panel on 100,000 employees",
        "",
        "Server time of the analysis pages through Django's test client (middleware, session, view, templates; no",
        f"network) on PostgreSQL, for a synthetic company of {n:,} people (seed {SEED}, as of {AS_OF}) with the",
        "annual cycle opened on it (every eligible person and move a candidate) and its outcome played in bulk.",
        "Produced by `benchmarks/bench_insight.py`; loading and measuring run in separate fresh processes.",
        f"Median and slowest of {repeat} requests.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()},",
        f"Django {django.get_version()}, PostgreSQL {pg_version(PG_SERVER)}.",
        "",
        "| request | median | slowest | median CPU of the Django process | SQL queries | response size |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, m in measured.items():
        if name.startswith("_"):
            continue
        ms = m["ms"]
        lines.append(f"| {name} | {statistics.median(ms):.0f} ms | {max(ms):.0f} ms "
                     f"| {statistics.median(m['cpu']):.0f} ms | {m['queries']} | {m['bytes'] / 1024:.0f} KB |")
    lines += ["", "The aggregate statements alone (whole company; the database's share of the pages above):", "",
              "| read | median | slowest |", "|---|---:|---:|"]
    for name, ms in measured["_statements"]["times"].items():
        lines.append(f"| {name} | {statistics.median(ms):.0f} ms | {max(ms):.0f} ms |")
    lines += ["", f"Active employees: {measured['_people']['n']:,}; machine load average after measuring: "
              f"{measured['_load_avg']['n']:.1f} (2 cores shared with other jobs)."]
    if load:
        lines += ["", "Loading (not part of any request): "
                  f"synth + import {load['import_s']:.0f} s, cycle opening {load['cycle_open_s']:.0f} s "
                  f"({load['candidates']:,} candidates in the selection)"
                  + (f", eligibility store refresh {load['refresh_eligibility_s']:.0f} s"
                     if "refresh_eligibility_s" in load else "")
                  + f"; the manager's department ({load['manager_department']}) has {load['manager_people']:,} "
                  "active people."]
    lines += [
        "",
        "Notes:",
        "- Every figure is a GROUP BY in the database (careerpath/insight/selectors.py): the rows returned are",
        "  per level, department, month, move or group, never per person; the engine never runs in a request.",
        "- The pages' query counts do not grow with the company: the same statements run at any size",
        "  (tests/web/test_insight_*.py assert the budget of 29 on a small company).",
        "- PostgreSQL is a local server with default settings; `ANALYZE` ran after loading.",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-load", action="store_true", help="measure again on the database already loaded")
    parser.add_argument("--child", choices=["load", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "load":
        print(json.dumps(child_load(args.employees)))
        return
    if args.child == "measure":
        print(json.dumps(child_measure(args.repeat)))
        return
    url = _database_url(args.employees, fresh=not args.skip_load)
    load = None
    if not args.skip_load:
        load = _run_child(["--child", "load", "--employees", str(args.employees)], url)
        (RESULTS.parent / "insight-load.json").write_text(json.dumps(load), encoding="utf-8")
    else:
        saved = RESULTS.parent / "insight-load.json"
        load = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else None
    measured = _run_child(["--child", "measure", "--repeat", str(args.repeat)], url)
    _write_report(args.employees, load, measured, args.repeat)
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
