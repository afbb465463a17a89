"""Every API error is JSON ``{code, message, field?}`` with DEBUG on or off; 401 before any CSRF check.

Finding 8 of issue 7: with DEBUG off errors came back as an HTML page, unauthenticated writes got
``403 CSRF check Failed``, and the OpenAPI schema declared no 4xx response.
"""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from tests.apiclient import Api


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings) -> bool:  # noqa: ANN001
    settings.DEBUG = request.param
    return request.param


def _json_error(res, status: int, code: str) -> dict:  # noqa: ANN001
    assert res.status_code == status, (res.status_code, res.content[:300])
    assert res["Content-Type"].startswith("application/json"), res["Content-Type"]
    data = res.json()
    assert data["code"] == code
    assert data["message"]
    return data


@pytest.mark.parametrize(("method", "path", "status", "code"), [
    ("get", "/api/no-such-endpoint", 404, "not_found"),
    ("get", "/api/applications/7/letter.pdf/more", 404, "not_found"),
    ("delete", "/api/me", 405, "method_not_allowed"),
    ("get", "/api/applications/12345", 404, "not_found"),
])
def test_it_answers_json_for_unknown_paths_and_methods(company, debug, method, path, status, code) -> None:  # noqa: ANN001
    api = Api(company.users["hr"])
    res = getattr(api.client, method)(path)
    _json_error(res, status, code)


def test_it_keeps_the_allowed_methods_on_a_405(company, debug) -> None:  # noqa: ANN001
    res = Api(company.users["hr"]).client.delete("/api/me")
    assert "GET" in res["Allow"]


def test_it_answers_413_json_for_a_body_too_big(company, debug, settings) -> None:  # noqa: ANN001
    api = Api(company.users["hr"])
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    res = api.post("/policies", {"yaml_text": "x" * 5000})
    _json_error(res, 413, "too_large")


def test_a_server_error_is_json_with_a_request_id_that_is_logged(company, debug, monkeypatch,  # noqa: ANN001
                                                                  caplog) -> None:
    # given an endpoint whose selector fails unexpectedly
    api = Api(company.users["hr"])

    def broken(**kwargs):  # noqa: ANN003, ANN202
        raise RuntimeError("boom in the selector")

    monkeypatch.setattr("careerpath.accounts.api.user_employee", broken)
    # when
    with caplog.at_level(logging.ERROR):
        res = api.get("/me")
    # then the client sees a JSON 500 with an id, never the traceback …
    data = _json_error(res, 500, "server_error")
    assert b"boom" not in res.content
    rid = data["request_id"]
    assert res["X-Request-ID"] == rid
    # … and the log has the id with the exception
    logged = [r for r in caplog.records if rid in r.getMessage()]
    assert logged and logged[0].exc_info and "boom in the selector" in str(logged[0].exc_info[1])


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/me"),
    ("get", "/api/applications"),
    ("post", "/api/applications"),
    ("put", "/api/calendar/2026"),
    ("post", "/api/tokens"),
    ("delete", "/api/cycles/2026/quotas/1"),
])
def test_it_answers_401_json_without_a_session_or_token(db, debug, method, path) -> None:  # noqa: ANN001
    # A client that enforces CSRF like a browser would, but carries no session and no token.
    c = Client(enforce_csrf_checks=True)
    res = c.get(path) if method == "get" else getattr(c, method)(path, "{}", content_type="application/json")
    _json_error(res, 401, "unauthorized")


def test_it_answers_401_for_a_wrong_token(db, debug) -> None:  # noqa: ANN001
    c = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION="Bearer cp_not-a-token")
    _json_error(c.post("/api/tokens", "{}", content_type="application/json"), 401, "unauthorized")


def test_a_logged_in_browser_without_a_csrf_token_gets_403_json(company, debug) -> None:  # noqa: ANN001
    c = Client(enforce_csrf_checks=True)
    c.force_login(company.users["hr"])
    res = c.post("/api/tokens", json.dumps({"name": "x"}), content_type="application/json")
    _json_error(res, 403, "csrf_failed")


def test_a_logged_in_browser_with_its_csrf_token_may_write(company) -> None:  # noqa: ANN001
    c = Client(enforce_csrf_checks=True)
    c.force_login(company.users["hr"])
    c.get("/accounts/login/")  # a page with a form sets the csrftoken cookie
    token = c.cookies["csrftoken"].value
    res = c.post("/api/tokens", json.dumps({"name": "x"}), content_type="application/json",
                 HTTP_X_CSRFTOKEN=token)
    assert res.status_code == 201, res.content


def test_every_operation_declares_the_error_responses(db) -> None:  # noqa: ANN001
    schema = Client().get("/api/openapi.json").json()
    assert "Error" in schema["components"]["schemas"]
    missing = [(path, method, status)
               for path, ops in schema["paths"].items() for method, op in ops.items()
               for status in ("400", "401", "403", "404", "409")
               if op["responses"].get(status, {}).get("content", {}).get("application/json", {})
               .get("schema", {}).get("$ref") != "#/components/schemas/Error"]
    assert missing == []
