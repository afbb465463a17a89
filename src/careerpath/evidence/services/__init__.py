"""Writes for evidence, by idea: the workbook import (:mod:`.imports`) and single records entered by hand
(:mod:`.records`, validated with the import's rules, audited). Every public name is re-exported here."""

from careerpath.evidence.services.imports import (
    KIND_LABELS,
    ImportResult,
    KindCount,
    records_import,
    workbook_import,
)
from careerpath.evidence.services.records import (
    EVIDENCE_KINDS,
    evidence_add,
    evidence_authorize,
    evidence_change,
    evidence_delete,
    evidence_save,
    evidence_validate,
)

__all__ = ["EVIDENCE_KINDS", "ImportResult", "KIND_LABELS", "KindCount", "evidence_add", "evidence_authorize", "evidence_change", "evidence_delete", "evidence_save", "evidence_validate", "records_import", "workbook_import"]
