"""The people admin saves through the services: level, supervisor and user-link edits are audited."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from careerpath.audit.models import AuditEvent
from careerpath.people.models import Employee, Position


class _FormValues(HTMLParser):
    """The values a browser would submit for the page's main form (inputs, selects, textareas)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[name] = a.get("value") or "on"
            else:
                self.values[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def _form(client: Client, url: str) -> dict[str, str]:
    parser = _FormValues()
    parser.feed(client.get(url).content.decode())
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


@pytest.fixture
def admin_client(company) -> Client:  # noqa: ANN001
    boss = get_user_model().objects.create_superuser("root", password="pw-12345")
    client = Client()
    client.force_login(boss)
    client.user = boss  # type: ignore[attr-defined]
    return client


def _url(emp: Employee) -> str:
    return f"/admin/people/employee/{emp.pk}/change/"


def test_a_supervisor_and_user_link_edit_in_the_admin_writes_an_audit_event(company, admin_client) -> None:  # noqa: ANN001
    # given
    data = _form(admin_client, _url(company.other_agent))
    new_user = get_user_model().objects.create_user("zhao", password="pw-12345")

    # when
    data.update(supervisor=str(company.supervisor.pk), user=str(new_user.pk))
    res = admin_client.post(_url(company.other_agent), data)

    # then
    assert res.status_code == 302, res.content.decode()[:3000]
    emp = Employee.objects.get(pk=company.other_agent.pk)
    assert emp.supervisor == company.supervisor and emp.user == new_user
    [event] = AuditEvent.objects.filter(action="employee.update", target_id=str(emp.pk))
    assert event.actor == admin_client.user
    assert event.data["changes"]["supervisor"] == {"from": None, "to": "S1 李主管"}
    assert set(event.data["changes"]) == {"supervisor", "user"}


def test_a_level_change_in_the_admin_goes_through_position_change(company, admin_client) -> None:  # noqa: ANN001
    # given: E1 holds junior since 2025-06-01
    data = _form(admin_client, _url(company.agent))
    prefix = next(k.removesuffix("-TOTAL_FORMS") for k in data if k.endswith("-TOTAL_FORMS") and k != "positions-TOTAL_FORMS")

    # when: one new row in "变动职级"
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-level": "intermediate",
                 f"{prefix}-0-start_on": "2026-10-01", f"{prefix}-0-reason": "任命", f"{prefix}-0-why": "任命文件"})
    res = admin_client.post(_url(company.agent), data)

    # then: the old row closed, one open row, one audit event with actor and reason
    assert res.status_code == 302, res.content.decode()[:3000]
    assert list(Position.objects.filter(employee=company.agent).order_by("start_on").values_list(
        "level", "end_on")) == [("junior", date(2026, 9, 30)), ("intermediate", None)]
    [event] = AuditEvent.objects.filter(action="position.change", target_id=str(company.agent.pk))
    assert event.actor == admin_client.user and event.reason == "任命：任命文件"
    assert not AuditEvent.objects.filter(action="employee.update").exists()  # nothing else changed


@pytest.mark.parametrize(("level", "start_on", "message"), [
    ("chief", "2026-10-01", "未知职级"),
    ("intermediate", "2025-01-01", "新职级须晚于该日开始"),
    ("junior", "2026-10-01", "已是该职级"),
])
def test_a_bad_level_change_in_the_admin_is_shown_and_saves_nothing(company, admin_client, level: str,  # noqa: ANN001
                                                                   start_on: str, message: str) -> None:
    data = _form(admin_client, _url(company.agent))
    prefix = next(k.removesuffix("-TOTAL_FORMS") for k in data if k.endswith("-TOTAL_FORMS") and k != "positions-TOTAL_FORMS")
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-level": level, f"{prefix}-0-start_on": start_on,
                 f"{prefix}-0-reason": "任命"})
    res = admin_client.post(_url(company.agent), data)
    assert res.status_code == 200 and message in res.content.decode()
    assert Position.objects.filter(employee=company.agent).count() == 1
    assert not AuditEvent.objects.filter(action="position.change").exists()


def test_the_position_history_cannot_be_edited_directly(company, admin_client) -> None:  # noqa: ANN001
    pos = Position.objects.get(employee=company.agent)
    assert admin_client.get("/admin/people/position/add/").status_code == 403
    res = admin_client.post(f"/admin/people/position/{pos.pk}/change/", {"level": "expert"})
    assert res.status_code == 403
    assert Position.objects.get(pk=pos.pk).level == "junior"
