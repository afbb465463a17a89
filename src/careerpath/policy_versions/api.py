"""Policy versions over REST: list, store a valid draft, publish with its notes, activate (HR)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from careerpath.api.types import Day, Id, Note, paginated, text
from careerpath.core.yamlbounds import DEFAULT_LIMITS
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.services import (
    policy_version_activate,
    policy_version_create,
    policy_version_publish,
)

router = Router(tags=["policies"])

# Characters, a first cut before parsing; the loader then bounds the UTF-8 size, nesting and aliases.
PolicyText = text(DEFAULT_LIMITS.max_bytes)
ConsultedWith = text(200)  # PolicyVersion.consulted_with


class PolicyIn(Schema):
    yaml_text: PolicyText


class PolicyOut(Schema):
    id: int
    name: str
    version: str
    status: str
    is_active: bool
    problems: list[list[str]]
    published_on: date | None
    # The 劳动合同法 第4条 record once published (empty / null before).
    consultation_note: str = ""
    announcement_note: str = ""
    consulted_with: str = ""
    consulted_on: date | None = None
    announced_on: date | None = None
    effective_from: date | None = None


class PublishIn(Schema):
    published_on: Day
    consultation_note: Note
    announcement_note: Note
    activate: bool = True
    # 劳动合同法 第4条, itemised (optional here; the policy editor's publishing form requires them).
    consulted_with: ConsultedWith = ""
    consulted_on: Day | None = None
    announced_on: Day | None = None
    effective_from: Day | None = None


def _policy_out(pv: PolicyVersion) -> dict[str, Any]:
    return {"id": pv.pk, "name": pv.name, "version": pv.version, "status": pv.status, "is_active": pv.is_active,
            "problems": pv.problems, "published_on": pv.published_on,
            "consultation_note": pv.consultation_note, "announcement_note": pv.announcement_note,
            "consulted_with": pv.consulted_with, "consulted_on": pv.consulted_on, "announced_on": pv.announced_on,
            "effective_from": pv.effective_from}


@router.get("/policies", response=list[PolicyOut])
@paginated(page_size=50)
def policies_list(request: HttpRequest) -> Any:
    return [_policy_out(pv) for pv in PolicyVersion.objects.order_by("-created_at")]


@router.post("/policies", response={201: PolicyOut}, summary="Store a draft policy version")
def policies_create(request: HttpRequest, payload: PolicyIn) -> Status:
    """An invalid policy answers 400 ``policy_invalid`` with ``details.problems`` ([path or YAML line,
    message]) and stores nothing; a name and version already stored answer 409 ``version_exists``."""
    return Status(201, _policy_out(policy_version_create(actor=request.user, yaml_text=payload.yaml_text)))


@router.post("/policies/{pk}/publish", response=PolicyOut)
def policies_publish(request: HttpRequest, pk: Id, payload: PublishIn) -> dict[str, Any]:
    pv = get_object_or_404(PolicyVersion, pk=pk)
    return _policy_out(policy_version_publish(actor=request.user, version=pv, **payload.dict()))


@router.post("/policies/{pk}/activate", response=PolicyOut)
def policies_activate(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _policy_out(policy_version_activate(actor=request.user, version=get_object_or_404(PolicyVersion, pk=pk)))
