"""The daily run activates a published policy version on its effective date, once."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.jobs.services import effective_apply_all
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.services import (
    policy_version_create,
    policy_version_install_preset,
    policy_version_publish,
)

pytestmark = pytest.mark.django_db


def test_a_version_published_for_a_later_date_becomes_active_on_it(settings):
    settings.CAREERPATH_TODAY = "2026-12-01"
    current = policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    text = current.yaml_text.replace(f"version: \"{current.version}\"", "version: \"2027.1\"", 1)
    if text == current.yaml_text:
        text = current.yaml_text.replace(f"version: {current.version}", "version: 2027.1", 1)
    draft = policy_version_create(actor=None, yaml_text=text)
    later = policy_version_publish(actor=None, version=draft, published_on=date(2026, 12, 1), activate=False,
                                   consultation_note="职代会 2026-11-20", announcement_note="内网公告 2026-11-25",
                                   effective_from=date(2027, 1, 1))
    assert effective_apply_all(today=date(2026, 12, 31)).policy is None
    assert PolicyVersion.objects.get(is_active=True) == current
    run = effective_apply_all(today=date(2027, 1, 1))
    assert run.policy == later
    assert PolicyVersion.objects.get(is_active=True) == later
    assert effective_apply_all(today=date(2027, 1, 2)).policy is None  # idempotent
