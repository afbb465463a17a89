"""Reading policy versions, and turning a stored version into the core's Policy (cached per version)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from careerpath.core.loader import load_policy, parse_policy
from careerpath.core.policy import Policy
from careerpath.policy_versions.models import PolicyVersion


@lru_cache(maxsize=32)
def _parsed(pk: int, yaml_text: str) -> Policy:
    # Keyed by pk and text: a published version never changes, so the cache never goes stale.
    return parse_policy(yaml_text, source=f"policy version {pk}")


def policy_of(version: PolicyVersion) -> Policy:
    return _parsed(version.pk, version.yaml_text)


def active_version() -> PolicyVersion | None:
    return PolicyVersion.objects.filter(is_active=True).first()


def active_policy() -> Policy:
    """The active stored version, else the configured preset (before any version is stored)."""
    pv = active_version()
    return policy_of(pv) if pv is not None else load_policy(settings.CAREERPATH_POLICY)


def policy_versions_list() -> list[PolicyVersion]:
    """Every stored version, the active one first, then newest first, with who created and approved it."""
    return list(PolicyVersion.objects.select_related("created_by", "approved_by")
                .defer("yaml_text").order_by("-is_active", "-published_on", "-created_at"))


def policy_version_get(*, pk: int) -> PolicyVersion | None:
    return PolicyVersion.objects.select_related("created_by", "approved_by").filter(pk=pk).first()
