"""Notifications: the one way any part of careerpath tells a person that something waits for them.

Every service that informs someone calls :func:`notify` inside its transaction. The in-app message is
created after the commit (a rolled-back change informs nobody); delivery to other channels (email, group
robots) is queued from the same point, so no request ever waits for a mail server.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from careerpath.promotions.models import Notification

TEXT_MAX = 300


def notify(*, user_ids: Iterable[int | None], text: str, url: str = "", event: str = "general") -> None:
    """Tell each user ``text`` (Chinese, like every stored message) with a link to ``url``, after commit.

    ``event`` names what happened (a key of the notification events), for preferences and reminders.
    """
    ids = sorted({i for i in user_ids if i is not None})
    if not ids:
        return
    body = text[:TEXT_MAX]
    transaction.on_commit(lambda: Notification.objects.bulk_create(
        [Notification(user_id=i, text=body, url=url) for i in ids]))
