"""Benchmark: every page each demo login can reach from its navigation, on the demo data.

Issue 8's bar: every page under 30 queries and under 200 ms of server time on the demo data. For each demo
login (employee, mentor, supervisor, manager, committee, vp, hr, admin) the script opens the home page,
follows every link of the page (the navigation and its menus included; downloads left out; at most
``--links`` per login), requests each page three times through Django's test client (middleware, session,
view, templates) and records the median server time and the query count. Results go to
benchmarks/results/pages.md. Build the demo first (``careerpath demo --no-serve``), then:

    DATABASE_URL=sqlite:///var/careerpath.sqlite3 .venv/bin/python benchmarks/bench_pages.py
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import time
from pathlib import Path

from _company import setup_django  # noqa: E402 - sibling module of the scripts

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "pages.md"
LOGINS = ("employee", "mentor", "supervisor", "manager", "committee", "vp", "hr", "admin")
SKIP = ("/static", "/api", "/admin", "/accounts/logout", "/i18n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=60, help="pages per login (default 60)")
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    users = get_user_model().objects
    rows: list[tuple[str, str, int, float, int]] = []
    for who in LOGINS:
        client = Client()
        client.force_login(users.get(username=who))
        html = client.get("/", follow=True).content.decode()
        links = sorted({u for u in re.findall(r'href="(/[^"#?]*)"', html)
                        if not u.startswith(SKIP) and not u.endswith((".pdf", ".xlsx", ".csv"))})
        for url in links[:args.links]:
            times, queries, status = [], 0, 0
            for _ in range(3):
                with CaptureQueriesContext(connection) as q:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                queries, status = len(q.captured_queries), response.status_code
            rows.append((who, url, status, statistics.median(times), queries))
    over = [r for r in rows if r[3] >= 200 or r[4] >= 30 or r[2] >= 500]
    import django

    lines = [
        "# Page benchmark: every page of the demo's logins",
        "",
        "Produced by `benchmarks/bench_pages.py` on the demo data (`careerpath demo`): every link of each demo",
        "login's home page and navigation, three requests each through Django's test client; the median",
        "server time and the query count. Target (issue 8): every page under 30 queries and 200 ms.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Django {django.get_version()}, database {connection.vendor}; load average (1 min) "
        f"{os.getloadavg()[0]:.1f}.",
        "",
        f"**{len(rows)} pages, {len(over)} over a bar** (≥ 200 ms median, ≥ 30 queries, or a server error);"
        f" slowest median {max(r[3] for r in rows):.0f} ms, most queries {max(r[4] for r in rows)}.",
        "",
        "The 30 slowest:",
        "",
        "| login | page | status | median | queries |",
        "|---|---|---:|---:|---:|",
    ]
    for who, url, status, ms, q in sorted(rows, key=lambda r: -r[3])[:30]:
        lines.append(f"| {who} | `{url}` | {status} | {ms:.0f} ms | {q} |")
    if over:
        lines += ["", "Over a bar:", ""] + [f"- {w} `{u}`: {s}, {m:.0f} ms, {q} queries" for w, u, s, m, q in over]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[9:12]))
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
