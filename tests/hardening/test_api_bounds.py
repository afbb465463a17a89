"""Bad input is a 400 JSON ``{code, message, field}``, never a 500: every bound, on every kind of endpoint.

Finding 8 of issue 7: years 0 or 10000, ``as_of`` 0001-01-01, integers beyond 64 bits, NUL bytes and lone
surrogates, strings longer than their column, ``PUT /api/calendar/0``.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.apiclient import Api

BIG = "99999999999999999999999"  # beyond 64 bits

# (method, path, JSON body or None, the field the error names)
BAD = [
    ("post", "/cycles", {"year": 0}, "year"),
    ("post", "/cycles", {"year": 10000}, "year"),
    ("post", "/cycles", {"year": 2026, "as_of": "0001-01-01"}, "as_of"),
    ("get", "/cycles/0", None, "year"),
    ("get", f"/cycles/{BIG}", None, "year"),
    ("get", "/cycles/10000/candidates", None, "year"),
    ("put", "/calendar/0", {}, "year"),
    ("put", "/calendar/2026", {"holidays": {"0001-01-01": "x"}}, "holidays"),
    ("get", "/calendar/deadline?start=9999-12-31&working_days=5", None, "start"),
    ("get", "/calendar/deadline?start=2026-01-05&working_days=" + BIG, None, "working_days"),
    ("get", "/employees/E1/evaluation?as_of=0001-01-01", None, "as_of"),
    ("get", "/employees/E1/evaluation?as_of=9999-12-31", None, "as_of"),
    ("get", f"/applications?page={BIG}", None, "page"),
    ("get", "/applications?page=5000000", None, "page"),
    ("get", f"/applications/{BIG}", None, "pk"),
    ("get", "/applications/0", None, "pk"),
    ("get", f"/placement-runs/1/proposals/{BIG}", None, "pid"),
    ("post", "/notices", {"application_ids": [2**70], "published_on": "2026-10-08",
                          "effective_on": "2026-11-01"}, "application_ids.0"),
    ("post", "/notices", {"application_ids": [1], "published_on": "0001-01-01",
                          "effective_on": "2026-11-01"}, "published_on"),
    ("post", "/notices", {"application_ids": [1], "published_on": "2026-10-08", "effective_on": "2026-11-01",
                          "title": "公" * 201}, "title"),
    ("post", "/placement-runs", {"as_of": "0001-01-01"}, "as_of"),
    ("put", "/org/headcount", {"level": "junior", "planned": 2**40}, "planned"),
    ("put", "/org/headcount", {"level": "junior", "planned": 1, "department_id": 2**64}, "department_id"),
    ("post", "/cycles/2026/quotas", {"move_id": "x", "absolute": 2**40}, "absolute"),
    ("post", "/cycles/2026/exams", {"employee_no": "E1", "exam": "x", "date": "2026-01-01", "score": 1e308,
                                    "passed": True}, "score"),
    ("get", "/discipline/allowances?month=9999-12", None, "month"),
    ("get", "/discipline/allowances?month=0000-01", None, "month"),
    ("post", "/discipline/incidents", {"employee_no": "E1", "date": "0001-01-01", "type": "重大事故"}, "date"),
    ("post", "/discipline/incidents", {"employee_no": "E1", "date": "2026-01-01", "type": "重大事故",
                                       "deduction_amount": "1e30"}, "deduction_amount"),
    ("post", "/discipline/cases/1/approve", {"effective_on": "0001-01-01"}, "effective_on"),
    # NUL bytes: PostgreSQL refuses them in text, in queries and in rows alike.
    ("get", "/employees?q=%00", None, "q"),
    ("get", "/audit?action=a%00b", None, "action"),
    ("get", "/employees/E%001/evaluation", None, "employee_no"),
    ("post", "/applications", {"employee_no": "E1\u0000", "to_level": "intermediate"}, "employee_no"),
    ("post", "/applications", {"employee_no": "E1", "to_level": "intermediate", "statement": "a\x00"},
     "statement"),
    ("post", "/tokens", {"name": "t\x00"}, "name"),
    # Longer than the column.
    ("post", "/applications", {"employee_no": "E" * 33, "to_level": "intermediate"}, "employee_no"),
    ("post", "/tokens", {"name": "x" * 101}, "name"),
    ("post", "/users", {"username": "u" * 151}, "username"),
    ("put", "/users/hr/roles", {"roles": ["r" * 65]}, "roles.0"),
    ("post", "/policies", {"yaml_text": "a\x00"}, "yaml_text"),
    ("post", "/notices/1/objections", {"entry_id": 1, "text": "异" * 10_001}, "text"),
]


def _call(api: Api, method: str, path: str, body: dict | None):  # noqa: ANN202
    if method == "get":
        return api.get(path)
    return getattr(api.client, method)(f"/api{path}", json.dumps(body or {}), content_type="application/json")


@pytest.mark.parametrize(("method", "path", "body", "field"), BAD, ids=[f"{m} {p[:60]}" for m, p, _, _ in BAD])
def test_it_answers_400_json_naming_the_field(company, method, path, body, field) -> None:  # noqa: ANN001
    # given HR, who may call every endpoint
    api = Api(company.users["hr"])
    # when
    res = _call(api, method, path, body)
    # then
    assert res.status_code == 400, (res.status_code, res.content[:500])
    data = res.json()
    assert data["code"] in {"validation_error", "invalid"}  # the schema's bound, or the service's own check
    assert data["message"]
    assert data["field"] == field or data["field"].startswith(field + "."), data


@pytest.mark.parametrize("raw", [
    '{"employee_no": "\\ud800", "to_level": "intermediate"}',
    '{"employee_no": "E1", "to_level": "intermediate", "statement": "x\\udfff"}',
])
def test_it_refuses_lone_surrogates_in_json(company, raw: str) -> None:  # noqa: ANN001
    api = Api(company.users["hr"])
    res = api.client.post("/api/applications", raw, content_type="application/json")
    assert res.status_code == 400, res.content
    assert res.json()["code"] == "validation_error"


def test_it_does_not_echo_the_whole_input_in_an_error(company) -> None:  # noqa: ANN001
    api = Api(company.users["hr"])
    res = api.post("/tokens", {"name": "长" * 5000})
    assert res.status_code == 400
    assert len(res.content) < 2000


def test_the_bounds_are_declared_in_the_openapi_schema(db) -> None:  # noqa: ANN001
    schema = Client().get("/api/openapi.json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/cycles/{year}"]["get"]["parameters"]}
    assert (params["year"]["minimum"], params["year"]["maximum"]) == (2000, 2100)
    token_in = schema["components"]["schemas"]["TokenIn"]["properties"]["name"]
    assert token_in["maxLength"] == 100
