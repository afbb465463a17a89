"""The worker's tasks (django-tasks, database backend; run by ``careerpath db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="notifications")
def deliver(delivery_id: int) -> str:
    """Send one delivery (email or group robot); retried with backoff by the service, never twice."""
    from careerpath.notifications.services import delivery_send

    return delivery_send(delivery_id=delivery_id)


@task(queue_name="notifications")
def send_reminders() -> dict[str, int]:
    """Today's reminders, as `careerpath send-reminders` computes them (for a scheduler that enqueues tasks)."""
    from careerpath import clock
    from careerpath.notifications.reminders import reminders_send

    run = reminders_send(today=clock.today())
    if run.problems:
        raise RuntimeError("; ".join(run.problems))
    return run.sent
