"""Pages: the notice board (公示), publishing a notice, objections and their mediation.

- ``notices_board``: the board, one notice (with HR's close button), HR publishing a notice with the period
  previewed in working days;
- ``notices_objections``: the objection form (any employee, optional attachment) and HR's objections with
  the objector's identity, mediation and the attachment.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath import clock
from careerpath.promotions.notice_selectors import (
    OBJECTION_READERS,
    can_read_objections,
    notices_ready_to_close_queryset,
    objections_open_queryset,
)
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import notices_board as board
from careerpath.web.pages import notices_objections as objections

urlpatterns: list[URLPattern] = [
    path("notices/", board.notice_list, name="notice_list"),
    path("notices/new/", board.notice_new, name="notice_new"),
    path("notices/new/preview/", board.notice_preview, name="notice_preview"),
    path("notices/<int:pk>/", board.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/close/", board.notice_close, name="notice_close"),
    path("notices/<int:pk>/entries/<int:entry_pk>/object/", objections.objection_new, name="objection_new"),
    path("objections/", objections.objection_list, name="objection_list"),
    path("objections/<int:pk>/", objections.objection_detail, name="objection_detail"),
    path("objections/<int:pk>/attachment/", objections.objection_attachment, name="objection_attachment"),
]


def _notices_waiting(user: AbstractBaseUser) -> list[QuerySet]:
    """For HR: objections to mediate plus notices ready to close. Others read the board; nothing waits."""
    if not can_read_objections(user=user):
        return []
    return [objections_open_queryset(user=user), notices_ready_to_close_queryset(today=clock.today())]


def _objections_waiting(user: AbstractBaseUser) -> list[QuerySet]:
    return [objections_open_queryset(user=user)]


nav_register(NavEntry("notices", _("公示"), "notice_list", frozenset(), counts=_notices_waiting, order=60))
nav_register(NavEntry("objections", _("异议处理"), "objection_list", frozenset(OBJECTION_READERS),
                      counts=_objections_waiting, order=61))
