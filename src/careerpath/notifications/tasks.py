"""The worker's tasks (django-tasks, database backend; run by ``careerpath db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="notifications")
def deliver(delivery_id: int) -> str:
    """Send one delivery (email or group robot); retried with backoff by the service, never twice."""
    from careerpath.notifications.services import delivery_send

    return delivery_send(delivery_id=delivery_id)

