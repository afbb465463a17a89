"""Test helpers shared by the procedure suites: users with roles, and a token-authenticated API client."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from careerpath.people.models import Employee


def make_user(name: str, *roles: str, employee: Employee | None = None):  # noqa: ANN201
    u = get_user_model().objects.create_user(name, password="pw-12345")
    for r in roles:
        u.groups.add(Group.objects.get_or_create(name=r)[0])
    if employee is not None:
        employee.user = u
        employee.save(update_fields=["user"])
    return u


class Api:
    """A JSON client authenticated with the user's own API token."""

    def __init__(self, user) -> None:  # noqa: ANN001
        c = Client()
        c.force_login(user)
        res = c.post("/api/tokens", json.dumps({"name": "tests"}), content_type="application/json")
        assert res.status_code == 201, res.content
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {res.json()['token']}")

    def get(self, path: str):  # noqa: ANN201
        return self.client.get(f"/api{path}")

    def post(self, path: str, body: dict | None = None):  # noqa: ANN201
        return self.client.post(f"/api{path}", json.dumps(body or {}), content_type="application/json")

    def put(self, path: str, body: dict):  # noqa: ANN201
        return self.client.put(f"/api{path}", json.dumps(body), content_type="application/json")

    def upload(self, path: str, name: str, content: bytes):  # noqa: ANN201
        """POST one file as multipart field ``file``."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(f"/api{path}", {"file": SimpleUploadedFile(name, content)})

    def post_form(self, path: str, **form):  # noqa: ANN003, ANN201
        """POST a multipart form (files and fields)."""
        return self.client.post(f"/api{path}", form)
