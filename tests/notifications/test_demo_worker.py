"""`careerpath demo` starts the worker beside the web server with arguments the worker accepts, and stops it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.management import call_command

from careerpath.web.management.commands import demo


@pytest.mark.django_db(transaction=True)
def test_the_demo_worker_arguments_are_the_worker_s(company) -> None:  # noqa: ANN001
    from careerpath.notifications.services import notify

    notify(user_ids=[company.users["agent"].pk], text="x", event="general")
    assert demo.WORKER_ARGS[0] == "db_worker"
    call_command(*demo.WORKER_ARGS, "--batch", "--no-startup-delay", verbosity=0)  # runs, then exits


def test_the_worker_is_stopped_with_the_server() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    demo.worker_stop(child)
    assert child.returncode is not None
    demo.worker_stop(child)  # already gone: nothing to do
