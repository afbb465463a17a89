"""careerpath demo — load the demo company, create one login per role, and serve the site."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import OperationalError

from careerpath.clock import today
from careerpath.demo_procedures import demo_procedures_load
from careerpath.evaluation.store import eligibility_refresh
from careerpath.evidence.selectors import policy_get
from careerpath.web.selectors import demo_previous_as_of
from careerpath.web.services import DEMO_PASSWORD, demo_load

EXIT_BAD_INPUT = 2
# The worker of the notifications queue, as production runs it (docs/deployment.md), without the reloader.
WORKER_ARGS = ["db_worker", "--queue-name", "*", "--interval", "2", "--no-reload"]


def worker_start() -> subprocess.Popen:
    """Start ``careerpath db_worker`` as a child process with this process's environment (DATABASE_URL …)."""
    return subprocess.Popen([sys.executable, "-m", "careerpath", *WORKER_ARGS])


def worker_stop(worker: subprocess.Popen) -> None:
    """Stop the worker: SIGTERM lets it finish the message it is sending; kill it if it hangs."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


class Command(BaseCommand):
    help = "载入演示公司并启动网站。Load the demo company and serve the web app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="只载入数据，不启动网站")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--addr", default="127.0.0.1")
        parser.add_argument("--employees", type=int, default=300, help="演示公司人数（默认 300）")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--as-of", help="合成数据截至日期 YYYY-MM-DD（默认沿用上次演示，否则今天）")

    def handle(
        self,
        *args: object,
        no_serve: bool,
        port: int,
        addr: str,
        employees: int,
        seed: int,
        as_of: str | None,
        **options: object,
    ) -> None:
        if employees < 10:
            raise CommandError("--employees 至少为 10", returncode=EXIT_BAD_INPUT)
        try:
            as_of_date = date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(
                f"--as-of 日期格式应为 YYYY-MM-DD：{as_of}", returncode=EXIT_BAD_INPUT
            ) from None

        try:
            call_command("migrate", interactive=False, verbosity=0)
        except OperationalError as exc:
            raise CommandError(f"无法连接数据库 cannot open the database ({exc}); check DATABASE_URL",
                               returncode=EXIT_BAD_INPUT) from None
        as_of_date = as_of_date or demo_previous_as_of() or today()

        result = demo_load(employees=employees, seed=seed, as_of=as_of_date, policy=policy_get())
        for line in result.imported.lines():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for login in result.logins:
            # ASCII columns first: Chinese characters are two columns wide in a terminal.
            no = login.employee.employee_no if login.employee else "—"
            name = login.employee.name if login.employee else ""
            self.stdout.write(f"  {login.username:<11} {no:<9} {login.role.label}  {name}".rstrip())
        self.stdout.write("")
        self.stdout.write("进行中的流程（演示）：")
        for line in demo_procedures_load(today=as_of_date):
            self.stdout.write(f"  {line}")
        # The stored eligibility, as the daily refresh leaves it: every page reads it from the first view.
        refreshed = eligibility_refresh(as_of=today())
        self.stdout.write(f"\n资格快照：已评估 {refreshed.evaluated} 人（stored eligibility: {refreshed.evaluated} people "
                          f"evaluated in {refreshed.seconds:.1f} s）")
        if no_serve:
            return
        self.stdout.write(f"\n网站：http://{addr}:{port}/  （Ctrl+C 结束）")
        # The background worker sends emails and group-robot messages (docs/notifications.md): a child
        # process beside the web server, stopped with it.
        worker = worker_start()
        # `kill` (SIGTERM) ends the command like Ctrl+C does, through the finally below: never an orphaned worker.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.stdout.write(f"后台发送进程 background worker: pid {worker.pid}（careerpath db_worker）")
        try:
            # No autoreloader: it would re-run this command (and the import) in a child process.
            call_command("runserver", f"{addr}:{port}", use_reloader=False)
        finally:
            worker_stop(worker)
