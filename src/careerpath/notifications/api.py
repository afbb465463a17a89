"""REST endpoints of the notifications app (issue 10); registered in ``careerpath.api.api``."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["notifications"])
