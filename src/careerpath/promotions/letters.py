"""晋升通知书 as PDF: kept for the API and the cycles, which import ``letters_pdf`` from here.

The documents themselves live in :mod:`careerpath.promotions.documents`.
"""

from __future__ import annotations

from careerpath.promotions.documents import letter_draft_pdf, letters_pdf

__all__ = ["letter_draft_pdf", "letters_pdf"]
