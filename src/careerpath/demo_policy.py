"""The demo's policy editor: a draft that lowers junior → intermediate's months in level from 12 to 9 and
bumps the version, with a finished what-if simulation of it, so HR's 政策编辑 and 政策模拟 pages have
work in progress. Called once from ``demo_procedures_load``; everything goes through the real services.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from careerpath.policy_versions.drafts import active_text, policy_draft_create
from careerpath.policy_versions.models import PolicyDraft
from careerpath.policy_versions.simulation import simulation_run, simulation_start

TENURE = "- {id: level_tenure, kind: tenure, of: level, months: 12}\n      - {id: attested, kind: attested, " \
         "competencies: [independent_operation, routine_exceptions]}"


def demo_policy_load(*, hr: AbstractBaseUser | None) -> list[str]:
    if PolicyDraft.objects.exists():
        return []
    pv, text = active_text()
    if TENURE not in text or pv is None:
        return []
    text = text.replace(TENURE, TENURE.replace("months: 12", "months: 9"), 1)
    text = text.replace(f'version: "{pv.version}"', f'version: "{pv.version}.1"', 1)
    draft = policy_draft_create(actor=hr, title="2027 年修订草稿：初级晋升中级任职满 9 个月", yaml_text=text)
    from django.test import override_settings

    with override_settings(CAREERPATH_SIMULATION_INLINE=True):  # run it here, not in a thread
        sim = simulation_start(actor=hr, draft=draft)
    simulation_run(sim.pk)  # no-op when it already ran
    sim.refresh_from_db()
    return [f"政策编辑：草稿「{draft.title}」及其模拟（新增符合 {sim.summary.get('gains', 0)} 人，"
            f"不再符合 {sim.summary.get('losses', 0)} 人）"]
