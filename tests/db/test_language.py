"""Chinese by default, English on request — an English browser alone does not switch the interface."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_chinese(client) -> None:  # noqa: ANN001
    res = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert res.status_code == 200 and res["Content-Language"] == "zh-hans"


def test_lang_en_switches_and_is_remembered(client) -> None:  # noqa: ANN001
    assert client.get("/accounts/login/?lang=en")["Content-Language"] == "en"
    assert client.get("/accounts/login/")["Content-Language"] == "en"
    assert client.get("/accounts/login/?lang=zh")["Content-Language"] == "zh-hans"
