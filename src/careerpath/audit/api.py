"""The audit log over REST (HR and admin only), paginated in the database."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from careerpath.api.types import Code, paginated
from careerpath.audit.selectors import audit_events_list

router = Router(tags=["audit"])


class AuditOut(Schema):
    at: Any
    actor_label: str
    action: str
    target_type: str
    target_id: str
    from_state: str
    to_state: str
    reason: str
    data: dict[str, Any]


@router.get("/audit", response=list[AuditOut], summary="The audit log (HR and admin only)")
@paginated(page_size=100)
def audit_list(request: HttpRequest, target_type: Code = "", target_id: Code = "", action: Code = "") -> Any:
    return audit_events_list(actor=request.user, target_type=target_type, target_id=target_id, action=action)
