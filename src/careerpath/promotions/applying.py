"""Filling in the 晋升申请表: apply in one step, and edit and hand in again a draft (e.g. one a reviewer returned).

The workflow's own steps stay in :mod:`promotions.services`; these compose them for the applicant's screens,
each in one transaction, so a refused submission leaves no draft behind and an edit is audited with it.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from careerpath.accounts import authority
from careerpath.audit.services import audit_record
from careerpath.core.workflow import State
from careerpath.errors import Conflict, InvalidInput
from careerpath.people.models import Employee
from careerpath.promotions.models import Application
from careerpath.promotions.services import _lock, application_create, application_submit

# The 申请说明 is a few paragraphs on a printed form, not an essay; the reason for withdrawing a sentence or two.
STATEMENT_MAX = 2000
STATEMENT_MIN = 10


def statement_check(statement: str, *, field: str = "statement") -> str:
    """Return the statement stripped, or raise InvalidInput naming ``field`` (required, bounded)."""
    text = (statement or "").strip()
    if not text:
        raise InvalidInput("须填写申请说明 a statement is required", code="statement_required", field=field)
    if len(text) < STATEMENT_MIN:
        raise InvalidInput(f"申请说明至少 {STATEMENT_MIN} 个字 (at least {STATEMENT_MIN} characters)",
                           code="statement_too_short", field=field)
    if len(text) > STATEMENT_MAX:
        raise InvalidInput(f"申请说明不超过 {STATEMENT_MAX} 个字，现为 {len(text)} 个 "
                           f"(at most {STATEMENT_MAX} characters, got {len(text)})",
                           code="statement_too_long", field=field)
    return text


@transaction.atomic
def application_apply(*, actor: AbstractBaseUser, employee: Employee, to_level: str, statement: str,
                      as_of: date, exception_reason: str = "") -> Application:
    """Open the application for a move and submit it as of ``as_of``: both or neither.

    Refusals are those of :func:`application_create` (``not_a_move``, ``already_open``, a missing
    capacity) and :func:`application_submit` (``not_eligible`` unless HR files an exception).
    """
    text = statement_check(statement)
    app = application_create(actor=actor, employee=employee, to_level=to_level, statement=text,
                             exception_reason=exception_reason.strip())
    return application_submit(actor=actor, application=app, as_of=as_of)


def _draft_update(actor: AbstractBaseUser, application: Application, statement: str) -> Application:
    app = _lock(application)
    authority.require_capacity(actor=actor, subject=app.employee, allowed={"self"}, action="修改晋升申请")
    if app.state != State.DRAFT.value:
        raise Conflict("只有草稿可以修改 only a draft can be edited", code="invalid_transition")
    text = statement_check(statement)
    if text != app.statement:
        old = app.statement
        app.statement = text
        app.save(update_fields=["statement", "updated_at"])
        audit_record(actor=actor, action="application.update", target=app, from_state=app.state,
                     to_state=app.state, data={"statement_before": old[:STATEMENT_MAX]})
    return app


@transaction.atomic
def application_draft_update(*, actor: AbstractBaseUser, application: Application, statement: str) -> Application:
    """The applicant edits the statement of their own draft (audited with the text it replaced)."""
    return _draft_update(actor, application, statement)


@transaction.atomic
def application_draft_submit(*, actor: AbstractBaseUser, application: Application, statement: str,
                             as_of: date) -> Application:
    """Edit the draft's statement and submit it again, evaluated afresh as of ``as_of``: both or neither."""
    app = _draft_update(actor, application, statement)
    return application_submit(actor=actor, application=app, as_of=as_of)
