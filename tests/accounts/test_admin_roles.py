"""Roles in the admin: a user put in the `hr` group gets into the admin, and the change is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from careerpath.accounts.models import Role
from careerpath.accounts.services import roles_ensure_groups, user_upsert
from careerpath.audit.models import AuditEvent
from tests.apiclient import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-12345"


def _change_form(user) -> dict:  # noqa: ANN001
    return {"username": user.username, "first_name": "", "last_name": "", "email": "", "is_active": "on",
            "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00",
            "initial-date_joined_0": "2026-01-01", "initial-date_joined_1": "09:00:00"}


def test_a_user_added_to_the_hr_group_in_the_admin_enters_the_admin(client) -> None:
    # given: an administrator and a plain login
    groups = roles_ensure_groups()
    root = user_upsert(username="root", password=PASSWORD, roles=[Role.ADMIN], superuser=True)
    clerk = make_user("clerk")
    client.force_login(root)

    # when: the administrator puts the clerk into the hr group on the user's change page
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    res = client.post(url, {**_change_form(clerk), "groups": [groups[Role.HR].pk]})

    # then
    assert res.status_code == 302, res.context["adminform"].form.errors if res.context else res
    clerk.refresh_from_db()
    assert clerk.is_staff and list(clerk.groups.values_list("name", flat=True)) == ["hr"]
    client.force_login(clerk)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:people_employee_changelist")).status_code == 200
    event = AuditEvent.objects.get(action="user.set_roles", target_id=str(clerk.pk))
    assert (event.actor, event.from_state, event.to_state) == (root, "", "hr")


def test_a_role_held_enters_the_admin_even_when_the_staff_flag_was_never_set(client) -> None:
    # given: a login put into the hr group outside the services (a shell, a script)
    roles_ensure_groups()
    clerk = make_user("clerk", "hr")
    assert not clerk.is_staff
    # when
    client.force_login(clerk)
    # then
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_hr_user_cannot_make_someone_admin_in_the_admin(client) -> None:
    groups = roles_ensure_groups()
    hr = user_upsert(username="hr", password=PASSWORD, roles=[Role.HR])
    clerk = make_user("clerk")
    client.force_login(hr)
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    res = client.post(url, {**_change_form(clerk), "groups": [groups[Role.ADMIN].pk]})
    assert res.status_code in (200, 403)
    assert not get_user_model().objects.get(pk=clerk.pk).groups.filter(name="admin").exists()
