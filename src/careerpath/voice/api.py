"""REST endpoints of the voice app (issue 10); registered in ``careerpath.api.api``."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["voice"])
