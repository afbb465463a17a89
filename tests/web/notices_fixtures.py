"""Shared by the notice page tests: the procedures' small company, applications ready for their notice,
a published notice, and files to attach."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from careerpath.people.models import Employee, Position
from careerpath.policy_versions.models import PolicyVersion
from careerpath.promotions import services
from careerpath.promotions.models import Application, Notice, Objection
from tests.procedures.conftest import AS_OF, Company, company, make_eligible_junior, make_user  # noqa: F401

# The company's clock reads AS_OF (Monday 2026-09-28): a 5-working-day notice published that day runs
# 09-28, 09-29, 09-30 and, after the National Day holiday, 10-08 and 10-09.
FIRST_DAY, LAST_DAY = date(2026, 9, 28), date(2026, 10, 9)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% objection proof\n"


def ready_application(employee: Employee, *, state: str = "manager_reviewed", to_level: str = "intermediate",
                      exception_reason: str = "") -> Application:
    """An individual application whose review chain is done (the default chain ends with the manager)."""
    return Application.objects.create(
        employee=employee, move_id=f"junior_to_{to_level}", move_type="promotion", from_level="junior",
        to_level=to_level, state=state, route="individual", exception_reason=exception_reason,
        policy_version=PolicyVersion.objects.get(is_active=True))


def second_agent(c: Company, no: str = "E2", name: str = "李四") -> Employee:
    emp = Employee.objects.create(employee_no=no, name=name, education="大专", hired_on=date(2023, 3, 1),
                                  department=c.dept, supervisor=c.supervisor)
    Position.objects.create(employee=emp, level="junior", start_on=date(2024, 1, 1))
    return emp


def publish(c: Company, *apps: Application, published_on: date = AS_OF,
            effective_on: date = date(2026, 11, 1)) -> Notice:
    return services.notice_publish(actor=c.users["hr"], applications=list(apps), published_on=published_on,
                                   effective_on=effective_on)


def object_to(c: Company, notice: Notice, *, who: str = "far", text: str = "表扬材料存疑",
              today: date = AS_OF) -> Objection:
    return services.objection_file(actor=c.users[who], entry=notice.entries.order_by("id").first(), text=text,
                                   today=today)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def media(settings, tmp_path):  # noqa: ANN001, ANN201
    """Attachments go to a temporary folder, so a test can look at what was (not) written."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def install_policy(*, chain: str | None = None, notice_days: int | None = None) -> PolicyVersion:
    """Publish a version of the preset with another review chain or notice length (only its YAML changes)."""
    import re

    from careerpath.core.loader import read_policy_source
    from careerpath.policy_versions.services import policy_version_create, policy_version_publish

    text, _ = read_policy_source("logistics-dual-track")
    if chain is not None:
        text = re.sub(r"^  review_steps: \[.*?\]", f"  review_steps: [{chain}]", text, flags=re.M)
    if notice_days is not None:
        text = re.sub(r"^  notice_working_days: \d+", f"  notice_working_days: {notice_days}", text, flags=re.M)
    text = re.sub(r'^version: "([^"]+)"', r'version: "\1-notices"', text, count=1, flags=re.M)
    pv = policy_version_create(actor=None, yaml_text=text)
    assert not pv.problems, pv.problems
    return policy_version_publish(actor=None, version=pv, published_on=date(2026, 1, 2), consultation_note="职代会",
                                  announcement_note="已公告")


def page(client, user, url: str, **params):  # noqa: ANN001, ANN201
    """GET ``url`` as ``user`` (the response's ``.text`` is the page)."""
    client.force_login(user)
    return client.get(url, params)
