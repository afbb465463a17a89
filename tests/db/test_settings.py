"""Settings read from the environment fail loudly on bad values (no database needed)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from careerpath.config.env import env_bool, env_int, env_list


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("1", True), ("No", False), ("off", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("CP_FLAG", raw)
    assert env_bool("CP_FLAG", not expected) is expected


def test_env_bool_rejects_a_typo(monkeypatch):
    monkeypatch.setenv("CP_FLAG", "flase")
    with pytest.raises(ImproperlyConfigured, match="CP_FLAG"):
        env_bool("CP_FLAG", False)


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("CP_N", "x1")
    with pytest.raises(ImproperlyConfigured, match="CP_N"):
        env_int("CP_N", 0)
    monkeypatch.setenv("CP_HOSTS", "a.example, b.example,,")
    assert env_list("CP_HOSTS", []) == ["a.example", "b.example"]


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    code = "import careerpath.config.settings as s; print(s.DATABASES['default']['ENGINE'])"
    return subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True, timeout=60
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = _load_settings(DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_database_url_is_named(tmp_path):
    result = _load_settings(DATABASE_URL="nosuchdb://x")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_postgresql_urls_select_the_postgresql_backend():
    result = _load_settings(DATABASE_URL="postgresql://postgres@127.0.0.1:5432/anything")
    assert result.stdout.strip() == "django.db.backends.postgresql"


def _settings_value(expr: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    code = f"import careerpath.config.settings as s; print({expr})"
    return subprocess.run([sys.executable, "-c", code], env={**environ, **env}, capture_output=True, text=True,
                          timeout=60)


def test_the_embedded_mode_runs_without_debug_and_keeps_a_generated_secret_key(tmp_path):
    # given nothing configured but a folder for var/: DEBUG is off, so no visitor ever gets the debug page
    first = _settings_value("s.DEBUG, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE, s.SECRET_KEY",
                            CAREERPATH_VAR_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("False ['127.0.0.1', 'localhost', '[::1]'] False ")
    # the key is random, long, private to the owner, and the same on the next start
    key = (tmp_path / "secret_key").read_text().strip()
    assert len(key) >= 50 and key in first.stdout
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    again = _settings_value("s.SECRET_KEY", CAREERPATH_VAR_DIR=str(tmp_path))
    assert again.stdout.strip() == key


def test_development_asks_for_debug_explicitly(tmp_path):
    result = _settings_value("s.DEBUG", DEBUG="true", CAREERPATH_VAR_DIR=str(tmp_path))
    assert result.stdout.strip() == "True"
    assert not (tmp_path / "secret_key").exists()
