"""The notification settings read from the environment fail loudly when wrong."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from careerpath.config.env import env_robot_base_urls, env_url


@pytest.mark.parametrize(("raw", "expected"), [
    (None, "http://127.0.0.1:8000"),
    ("https://hr.example.com/", "https://hr.example.com"),
])
def test_site_url(monkeypatch, raw, expected) -> None:  # noqa: ANN001
    if raw is None:
        monkeypatch.delenv("X_URL", raising=False)
    else:
        monkeypatch.setenv("X_URL", raw)
    assert env_url("X_URL", "http://127.0.0.1:8000") == expected


@pytest.mark.parametrize("raw", ["hr.example.com", "ftp://x", "https://"])
def test_a_bad_site_url_stops_the_start(monkeypatch, raw) -> None:  # noqa: ANN001
    monkeypatch.setenv("X_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="X_URL"):
        env_url("X_URL", "http://127.0.0.1:8000")


def test_robot_base_urls(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("X_ROBOTS", "wecom=https://wecom-gw.corp.local/, feishu=http://127.0.0.1:9000")
    assert env_robot_base_urls("X_ROBOTS") == {"wecom": "https://wecom-gw.corp.local", "feishu": "http://127.0.0.1:9000"}


@pytest.mark.parametrize("raw", ["slack=https://x", "wecom", "wecom=notaurl"])
def test_bad_robot_base_urls_stop_the_start(monkeypatch, raw) -> None:  # noqa: ANN001
    monkeypatch.setenv("X_ROBOTS", raw)
    with pytest.raises(ImproperlyConfigured, match="X_ROBOTS"):
        env_robot_base_urls("X_ROBOTS")
