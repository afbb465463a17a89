"""Users and roles without a shell: `careerpath user …` and /api/users, through the same services."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from careerpath.audit.models import AuditEvent
from careerpath.people.models import Employee
from tests.apiclient import Api, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent() -> Employee:
    return Employee.objects.create(employee_no="E1", name="张三", education="大专", hired_on=date(2023, 3, 1))


def _user(*args: str, stdin: str | None = None) -> str:
    out = StringIO()
    call_command("user", *args, stdout=out, **({"stdin": StringIO(stdin)} if stdin is not None else {}))
    return out.getvalue()


class _Tty(StringIO):
    def isatty(self) -> bool:
        return True


def test_it_adds_a_user_linked_to_an_employee_with_a_password_from_stdin(agent: Employee) -> None:
    out = _user("add", "zhang", "--employee", "E1", "--role", "employee", "supervisor", stdin="S3cure-pass-9\n")
    user = get_user_model().objects.get(username="zhang")
    assert user.check_password("S3cure-pass-9") and "password" not in out
    assert Employee.objects.get(employee_no="E1").user == user
    assert sorted(user.groups.values_list("name", flat=True)) == ["employee", "supervisor"] and not user.is_staff
    assert AuditEvent.objects.filter(action="user.add", target_id=str(user.pk)).exists()


def test_it_prints_a_generated_password_once_on_a_terminal() -> None:
    out = StringIO()
    call_command("user", "add", "lihr", "--role", "hr", stdout=out, stdin=_Tty())
    password = out.getvalue().rsplit(": ", 1)[1].strip()
    user = get_user_model().objects.get(username="lihr")
    assert len(password) >= 12 and user.check_password(password) and user.is_staff


def test_it_sets_roles_and_lists_users_in_a_table(agent: Employee) -> None:
    _user("add", "zhang", "--employee", "E1", "--role", "employee", stdin="S3cure-pass-9\n")
    assert "admin site" in _user("roles", "zhang", "--set", "employee", "hr")
    assert get_user_model().objects.get(username="zhang").is_staff
    table = _user("list").splitlines()
    assert table[0].split()[:2] == ["用户名", "username"]
    row = next(line for line in table if line.startswith("zhang"))
    assert row.split()[:4] == ["zhang", "E1", "张三", "employee,"] and "hr" in row and "\x1b" not in row


@pytest.mark.parametrize("args,message", [
    (("add", "x", "--role", "boss"), "unknown role: boss"),
    (("add", "x", "--employee", "E404", "--role", "employee"), "no employee with 工号 'E404'"),
    (("add", "taken", "--role", "employee"), "user 'taken' exists"),
    (("add", "x", "--employee", "E1", "--role", "employee"), "E1 已关联账号"),
    (("roles", "nobody", "--set", "hr"), "no user 'nobody'"),
])
def test_bad_input_exits_2_with_a_clear_message(agent: Employee, args: tuple[str, ...], message: str) -> None:
    linked = make_user("taken", "employee", employee=agent)
    assert linked.employee == agent
    with pytest.raises(CommandError) as exc:
        _user(*args, stdin="S3cure-pass-9\n")
    assert exc.value.returncode == 2 and message in str(exc.value)


def test_hr_and_admin_manage_users_over_the_api(agent: Employee) -> None:
    hr = Api(make_user("hr", "hr"))
    # add, with a generated password returned once
    res = hr.post("/users", {"username": "zhang", "employee_no": "E1", "roles": ["employee", "mentor"]})
    assert res.status_code == 201, res.json()
    body = res.json()
    assert (body["employee_no"], body["roles"], body["is_staff"]) == ("E1", ["employee", "mentor"], False)
    assert get_user_model().objects.get(username="zhang").check_password(body["password"])
    assert "password" not in hr.get("/users").json()["items"][0]
    # roles
    res = hr.put("/users/zhang/roles", {"roles": ["employee", "supervisor"]})
    assert res.status_code == 200 and res.json()["roles"] == ["employee", "supervisor"]
    assert {u["username"] for u in hr.get("/users").json()["items"]} == {"hr", "zhang"}
    # a chosen password is not echoed back
    res = hr.post("/users", {"username": "li", "roles": [], "password": "An0ther-good-one"})
    assert res.status_code == 201 and res.json()["password"] is None


@pytest.mark.parametrize("body,status,code", [
    ({"username": "x", "roles": ["boss"]}, 400, "unknown_role"),
    ({"username": "x", "employee_no": "E404", "roles": []}, 404, "employee_not_found"),
    ({"username": "hr", "roles": []}, 409, "user_exists"),
    ({"username": "x", "employee_no": "E1", "roles": []}, 409, "employee_linked"),
    ({"username": "x", "roles": ["admin"]}, 403, "forbidden_role"),  # only an admin grants admin
    ({"username": "x", "roles": [], "password": "123"}, 400, "weak_password"),
])
def test_the_api_refuses_bad_input_with_json_errors(agent: Employee, body: dict, status: int, code: str) -> None:
    make_user("linked", "employee", employee=agent)
    res = Api(make_user("hr", "hr")).post("/users", body)
    assert (res.status_code, res.json()["code"]) == (status, code)


@pytest.mark.parametrize("role", ["employee", "supervisor", "manager", "committee", "vp"])
def test_other_roles_get_403(role: str) -> None:
    api = Api(make_user("someone", role))
    assert api.get("/users").status_code == 403
    assert api.post("/users", {"username": "x", "roles": []}).status_code == 403
    assert api.put("/users/someone/roles", {"roles": ["hr"]}).status_code == 403
    assert api.put("/users/nobody/roles", {"roles": []}).status_code == 403  # no probing of usernames


def test_an_admin_grants_admin_and_unknown_users_are_404() -> None:
    admin = Api(make_user("boss", "admin"))
    assert admin.post("/users", {"username": "root2", "roles": ["admin"]}).json()["is_staff"] is True
    assert admin.put("/users/nobody/roles", {"roles": []}).status_code == 404
