"""Writes for evidence, by idea: the workbook import (:mod:`.imports`) and single records entered by hand
(:mod:`.records`, validated with the import's rules, audited), evidence recorded by supervisors for their
people (:mod:`.recording`) and evidence employees submit for confirmation (:mod:`.submissions`). Every public name is re-exported here."""

from careerpath.evidence.services.imports import (
    KIND_LABELS,
    ImportResult,
    KindCount,
    records_import,
    workbook_import,
)
from careerpath.evidence.services.recording import RECORDERS, attestation_record, internal_praise_record
from careerpath.evidence.services.records import (
    EVIDENCE_KINDS,
    evidence_add,
    evidence_authorize,
    evidence_change,
    evidence_delete,
    evidence_save,
    evidence_validate,
)
from careerpath.evidence.services.submissions import (
    mentee_independence_report,
    submission_confirm,
    submission_create,
    submission_reject,
)

__all__ = ["EVIDENCE_KINDS", "ImportResult", "KIND_LABELS", "KindCount", "evidence_add", "evidence_authorize", "evidence_change", "evidence_delete", "evidence_save", "evidence_validate", "records_import", "workbook_import",
           "RECORDERS", "attestation_record", "internal_praise_record", "mentee_independence_report",
           "submission_confirm", "submission_create", "submission_reject"]
