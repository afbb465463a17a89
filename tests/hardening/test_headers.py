"""Finding 10: CSP, HSTS and the transport settings from the environment; `check --deploy` clean; offline docs."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from careerpath.config import env

ROOT = Path(__file__).resolve().parents[2]
# Rendered to PDF by WeasyPrint, never served to a browser: the letters and notices, the certificates.
PDF_TEMPLATES = ("promotions/templates/", "training/templates/training/certificate.html",
                 "recognition/templates/recognition/certificate.html")
TEMPLATES = sorted((ROOT / "src" / "careerpath").glob("**/templates/**/*.html"))
PRODUCTION_ENV = ROOT / "docs" / "deployment" / "production.env"


def _csp(res) -> dict[str, list[str]]:  # noqa: ANN001
    header = res["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/", "/api/docs"])
def test_every_page_sends_a_policy_without_inline_script(path: str) -> None:
    res = Client().get(path)
    assert res.status_code == 200
    policy = _csp(res)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in policy.get("style-src", policy["default-src"])


@pytest.mark.django_db
def test_the_api_docs_use_our_own_static_files() -> None:
    html = Client().get("/api/docs").content.decode()
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert "cdn" not in html.lower()
    # no inline script that would run (a JSON data block is not executed)
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs or not body.strip()


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "src")))
def test_no_served_template_has_inline_script_or_style(template: Path) -> None:
    text = template.read_text()
    if any(part in str(template) for part in PDF_TEMPLATES):
        pytest.skip("rendered to PDF by WeasyPrint, never served to a browser")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\sstyle=", text), "style attribute"
    assert "<style" not in text, "<style> element"
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"


def _deploy_check(extra: dict[str, str]) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    environ.update(extra)
    return subprocess.run([sys.executable, "-m", "careerpath", "check", "--deploy", "--fail-level", "WARNING"],
                          env=environ, capture_output=True, text=True, timeout=120)


def _production_env() -> dict[str, str]:
    pairs = {}
    for line in PRODUCTION_ENV.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    # The documented file holds a placeholder; a real site puts its own secret there.
    pairs["SECRET_KEY"] = secrets.token_urlsafe(50)
    return pairs


def test_check_deploy_is_clean_with_the_documented_production_environment() -> None:
    res = _deploy_check(_production_env())
    assert res.returncode == 0, res.stdout + res.stderr
    assert "WARNING" not in res.stderr and "?:" not in res.stderr


def test_check_deploy_warns_without_the_transport_settings() -> None:
    environment = _production_env()
    del environment["SECURE_HSTS_SECONDS"]
    res = _deploy_check(environment)
    assert res.returncode != 0
    assert "security.W004" in res.stdout + res.stderr


def test_the_production_environment_turns_the_transport_settings_on() -> None:
    code = ("from django.conf import settings as s; import django; django.setup(); "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
            "s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)")
    environ = {**os.environ, **_production_env(), "DJANGO_SETTINGS_MODULE": "careerpath.config.settings"}
    environ.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[:4] == ["31536000", "True", "True", "True"]
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in out.stdout
    assert "https://careerpath.example.com" in out.stdout


@pytest.mark.parametrize(("reader", "name", "raw"), [
    (lambda: env.env_int("SECURE_HSTS_SECONDS", 0, minimum=0), "SECURE_HSTS_SECONDS", "-5"),
    (lambda: env.env_int("SECURE_HSTS_SECONDS", 0, minimum=0), "SECURE_HSTS_SECONDS", "a year"),
    (lambda: env.env_proxy_header("SECURE_PROXY_SSL_HEADER"), "SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto"),
    (lambda: env.env_proxy_header("SECURE_PROXY_SSL_HEADER"), "SECURE_PROXY_SSL_HEADER", "A,b,c"),
    (lambda: env.env_origins("CSRF_TRUSTED_ORIGINS"), "CSRF_TRUSTED_ORIGINS", "careerpath.example.com"),
    (lambda: env.env_origins("CSRF_TRUSTED_ORIGINS"), "CSRF_TRUSTED_ORIGINS", "https://a.example/path"),
])
def test_bad_transport_values_fail_loudly(monkeypatch, reader, name, raw) -> None:  # noqa: ANN001
    monkeypatch.setenv(name, raw)
    with pytest.raises(ImproperlyConfigured, match=name):
        reader()


def test_the_proxy_header_is_read_as_a_pair(monkeypatch) -> None:
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto, https")
    assert env.env_proxy_header("SECURE_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "")
    assert env.env_proxy_header("SECURE_PROXY_SSL_HEADER") is None
