"""Evidence submitted for confirmation, as data: its states and who may move it (SPEC §2, §6).

An employee submits a praise letter, a training certificate or a mentee's independence; it counts for the
engine only after someone else confirms it, and a rejection carries its reason. Declared on
:mod:`careerpath.core.statemachine`. Pure: no Django, no clock.
"""

from __future__ import annotations

from enum import StrEnum

from careerpath.core.statemachine import Machine, Workflow, t
from careerpath.core.statemachine import Transition as StateTransition

__all__ = ["CONFIRMERS", "FINAL", "LABELS", "MACHINE", "SUBMISSION", "SubmissionState", "Transition"]


class SubmissionState(StrEnum):
    PENDING = "pending"  # submitted; awaiting a confirmer
    CONFIRMED = "confirmed"  # the evidence record exists and counts
    REJECTED = "rejected"  # not recorded; the reason says why


LABELS: dict[SubmissionState, tuple[str, str]] = {
    SubmissionState.PENDING: ("待确认", "Awaiting confirmation"),
    SubmissionState.CONFIRMED: ("已确认", "Confirmed"),
    SubmissionState.REJECTED: ("已驳回", "Rejected"),
}

FINAL = frozenset({SubmissionState.CONFIRMED, SubmissionState.REJECTED})

# Capacities towards the submitter (accounts.authority): their direct supervisor, HR (admin holds both),
# and — for a mentee's independence — the mentee's direct supervisor, who watched the mentee work alone
# ("mentee_supervisor", known to the service only). Nobody confirms their own submission: the submitter
# holds only "self", and the mentee is refused too.
CONFIRMERS = frozenset({"supervisor", "mentee_supervisor", "hr"})

S = SubmissionState
SUBMISSION: Workflow[SubmissionState] = Workflow(
    name="evidence_submission",
    title="证据材料",
    states=SubmissionState,
    labels=LABELS,
    final=FINAL,
    transitions=(
        t("confirm", {S.PENDING}, S.CONFIRMED, CONFIRMERS),
        t("reject", {S.PENDING}, S.REJECTED, CONFIRMERS, needs_reason=True),
    ),
)

Transition = StateTransition[SubmissionState]
MACHINE: Machine[SubmissionState] = SUBMISSION.machine()
