"""Every state change of an annual selection (评选): one service, one transaction, a row lock, an audit event.

The cycle computes its candidate lists and scores set-based (one load of the facts, one evaluation);
the promotion applications it creates for the selected candidates then run through the same
promotion workflow as individual applications (route ``cycle``), so the notice, objections, HR
approval, letters and the effective date are shared with :mod:`careerpath.promotions.services`.

Permission checks live here, not in the API, so no entry point can bypass them.

One module per step, in the order a cycle runs: ``opening``, ``nominations``, ``exams``, ``scoring``
(scores, quotas, the proposal), ``decisions`` (the committee, the applications it creates) and
``approval`` (VP, notice, HR, letters, the effective date); ``_common`` holds what they share. Import
from here: ``from careerpath.cycles import services``.
"""

from careerpath.cycles.services._common import User
from careerpath.cycles.services.approval import (
    cycle_apply_effective,
    cycle_hr_approve,
    cycle_letters_issue,
    cycle_notice_publish,
    cycle_vp_approve,
    cycle_vp_return,
    cycles_sync_effective,
)
from careerpath.cycles.services.decisions import candidate_decide, cycle_accept_proposal, cycle_conclude
from careerpath.cycles.services.exams import ExamImportResult, candidate_exam_record, cycle_exams_import
from careerpath.cycles.services.nominations import (
    cycle_nominate,
    cycle_nomination_withdraw,
    cycle_nominations_close,
    cycle_nominations_start,
    cycle_nominations_submit,
)
from careerpath.cycles.services.opening import cycle_candidates_refresh, cycle_open
from careerpath.cycles.services.scoring import cycle_quota_remove, cycle_quota_set, cycle_score

__all__ = [
    "ExamImportResult",
    "User",
    "candidate_decide",
    "candidate_exam_record",
    "cycle_accept_proposal",
    "cycle_apply_effective",
    "cycle_candidates_refresh",
    "cycle_conclude",
    "cycle_exams_import",
    "cycle_hr_approve",
    "cycle_letters_issue",
    "cycle_nominate",
    "cycle_nomination_withdraw",
    "cycle_nominations_close",
    "cycle_nominations_start",
    "cycle_nominations_submit",
    "cycle_notice_publish",
    "cycle_open",
    "cycle_quota_remove",
    "cycle_quota_set",
    "cycle_score",
    "cycle_vp_approve",
    "cycle_vp_return",
    "cycles_sync_effective",
]
