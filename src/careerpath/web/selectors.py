"""Reads for the pages that are not part of the journey (the demo's own date).

The career page's reads live with it: ``web/pages/journey_career.py`` (``career_view``, the ladder).
"""

from __future__ import annotations

from datetime import date


def demo_previous_as_of() -> date | None:
    """Return the as-of date of the demo company already loaded, if any.

    Re-running the demo with the same date regenerates the very same workbook, so the import
    matches every row and adds nothing; a new date would shift every synthetic date instead.
    """
    from careerpath.evidence.models import ImportBatch
    from careerpath.web.services import DEMO_FILE_PREFIX

    name = (
        ImportBatch.objects.filter(file_name__startswith=DEMO_FILE_PREFIX)
        .order_by("-created_at", "-pk")
        .values_list("file_name", flat=True)
        .first()
    )
    if name is None:
        return None
    try:
        return date.fromisoformat(name.removeprefix(DEMO_FILE_PREFIX).removesuffix(".xlsx"))
    except ValueError:
        return None
