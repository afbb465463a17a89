"""The notifications REST API: preferences, robots (masked secrets), failures and retry, bad input → 4xx."""

from __future__ import annotations

import pytest

from careerpath.notifications.models import Delivery, DeliveryState, Message, Robot
from tests.apiclient import Api

pytestmark = pytest.mark.django_db


def test_my_preferences_round_trip(company) -> None:  # noqa: ANN001
    api = Api(company.users["agent"])
    got = api.get("/notifications/preferences").json()
    assert got["email"]["application"] is True and got["email"]["training"] is False
    res = api.put("/notifications/preferences", {"email": {"application": False, "training": True}})
    assert res.status_code == 200, res.content
    again = api.get("/notifications/preferences").json()["email"]
    assert (again["application"], again["training"]) == (False, True)
    assert api.get("/notifications/events").json()[0]["key"] == "application"


@pytest.mark.parametrize("body", [{"email": {"nonsense": True}}, {"email": {"application": "maybe"}}, {"email": []},
                                  {}])
def test_bad_preferences_are_4xx(company, body) -> None:  # noqa: ANN001
    res = Api(company.users["agent"]).put("/notifications/preferences", body)
    assert 400 <= res.status_code < 500, res.content
    assert res.json()


def test_hr_configures_a_robot_and_never_sees_the_secret_again(company) -> None:  # noqa: ANN001
    hr = Api(company.users["hr"])
    res = hr.post("/notifications/robots", {
        "department_id": company.dept.pk, "vendor": "dingtalk", "name": "一部钉钉群", "events": ["notice"],
        "token": "https://oapi.dingtalk.com/robot/send?access_token=9f8e7d6c5b4a3210",
        "secret": "SECabcdef0123456789"})
    assert res.status_code == 201, res.content
    body = res.json()
    assert (body["token"], body["secret"]) == ("…3210", "…6789")
    listed = hr.get("/notifications/robots").content.decode()
    assert "9f8e7d6c5b4a3210" not in listed and "SECabcdef0123456789" not in listed
    rid = body["id"]
    res = hr.put(f"/notifications/robots/{rid}", {"department_id": company.dept.pk, "vendor": "dingtalk",
                                                  "name": "一部群", "events": ["notice", "training"]})
    assert res.status_code == 200, res.content
    assert Robot.objects.get(pk=rid).secret == "SECabcdef0123456789"  # kept without retyping
    res = hr.post(f"/notifications/robots/{rid}/test")
    assert res.status_code == 202 and res.json()["state"] == "pending"
    assert hr.client.delete(f"/api/notifications/robots/{rid}").status_code == 204


@pytest.mark.parametrize(("body", "field"), [
    ({"vendor": "slack"}, None),
    ({"events": ["evidence"]}, "events"),
    ({"events": []}, "events"),
    ({"token": "not a key"}, "token"),
    ({"token": ""}, "token"),
    ({"name": "x" * 101}, None),
])
def test_bad_robots_are_4xx(company, body, field) -> None:  # noqa: ANN001
    base = {"department_id": company.dept.pk, "vendor": "wecom", "name": "群", "events": ["notice"],
            "token": "groupkey123"}
    res = Api(company.users["hr"]).post("/notifications/robots", {**base, **body})
    assert res.status_code in (400, 422), res.content
    if field:
        assert res.json()["field"] == field
    assert not Robot.objects.exists()


@pytest.mark.parametrize("path", ["/notifications/robots", "/notifications/failures"])
def test_robots_and_failures_are_hr_only(company, path) -> None:  # noqa: ANN001
    assert Api(company.users["agent"]).get(path).status_code == 403
    assert Api(company.users["hr"]).get(path).status_code == 200


def test_hr_lists_failures_and_retries_one(company) -> None:  # noqa: ANN001
    msg = Message.objects.create(event="application", text="失败的邮件", url="/x/")
    d = Delivery.objects.create(message=msg, channel="email", target="a@example.com", state=DeliveryState.DEAD,
                                attempts=5, last_error="SMTPServerDisconnected: Connection unexpectedly closed")
    hr = Api(company.users["hr"])
    rows = hr.get("/notifications/failures").json()
    assert [(r["id"], r["last_error"][:22]) for r in rows] == [(d.pk, "SMTPServerDisconnected")]
    assert Api(company.users["agent"]).post(f"/notifications/failures/{d.pk}/retry").status_code == 403
    assert hr.post(f"/notifications/failures/{d.pk}/retry").json()["state"] == "pending"
    assert hr.post(f"/notifications/failures/{d.pk}/retry").status_code == 400  # not failed any more
    assert hr.post("/notifications/failures/999999/retry").status_code == 404
