"""Shared by the database benchmarks: Django set-up in a child process, and loading a synthetic company."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

POLICY = "logistics-dual-track"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpath.config.settings")
    import django

    django.setup()


def load_company(n: int, *, seed: int, as_of: date) -> dict:
    """Migrate, synthesize ``n`` employees and write them through the real set-based import path."""
    setup_django()
    from django.core.management import call_command

    from careerpath.core.loader import load_policy
    from careerpath.evidence.services import records_import
    from careerpath.workbook.synth import synth

    call_command("migrate", interactive=False, verbosity=0)
    policy = load_policy(POLICY)
    t0 = time.perf_counter()
    data = synth(n, seed=seed, as_of=as_of, policy=policy)
    t1 = time.perf_counter()
    result = records_import(data=data, source_file=f"bench-{n}.xlsx", policy=policy)
    t2 = time.perf_counter()
    rows = sum(c.total for k, c in result.counts.items() if k != "departments")
    return {"synth_s": t1 - t0, "import_s": t2 - t1, "rows": rows, "import_rows_per_s": rows / (t2 - t1)}


def pg_version(server: str) -> str:
    """The PostgreSQL server's version for a report, or why it could not be read."""
    try:
        import psycopg

        with psycopg.connect(f"{server}/postgres") as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception as exc:  # noqa: BLE001 - reported, not fatal
        return f"unavailable ({exc.__class__.__name__})"


def fresh_database_url(*, backend: str, name: str, data: Path, pg_server: str) -> str:
    """A new, empty database for one benchmark run: a SQLite file under ``data`` or a PostgreSQL database."""
    if backend == "sqlite":
        data.mkdir(parents=True, exist_ok=True)
        path = data / f"{name.replace('_', '-')}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    db = f"careerpath_{name}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        conn.execute(f'CREATE DATABASE "{db}"')
    return f"{pg_server}/{db}"


def run_child(script: str, args: list[str], url: str) -> dict:
    """Run ``script`` again in a fresh process on ``url``; its last line of output is the JSON it returns."""
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "benchmark-only"}
    proc = subprocess.run([sys.executable, script, *args], env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])
