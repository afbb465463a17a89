"""Django settings for careerpath, read from the environment.

Embedded mode needs no configuration at all: a SQLite file under ``var/``, DEBUG off (so no page ever
shows Django's debug page), a generated secret key in ``var/secret_key``, localhost only. Development sets DEBUG=true. Production sets
``DEBUG=false``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL`` (PostgreSQL). Every variable is
documented in docs/admin.md.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from careerpath.config.env import (
    env_bool,
    env_int,
    env_list,
    env_origins,
    env_pinned_date,
    env_positive_int,
    env_proxy_header,
    env_robot_base_urls,
    env_str,
    env_url,
    env_workbook_limits,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/careerpath


def _project_dir() -> Path:
    """Return the repository root in a source checkout, else the current directory.

    The embedded database lives under ``var/`` there, so ``careerpath demo`` run from anywhere in an
    installed (non-editable) environment still gets a writable place.
    """
    repo = PACKAGE_DIR.parent.parent
    if (repo / "pyproject.toml").is_file() and (repo / "src" / "careerpath").is_dir():
        return repo
    return Path.cwd()


PROJECT_DIR = _project_dir()
VAR_DIR = Path(env_str("CAREERPATH_VAR_DIR", str(PROJECT_DIR / "var")))

# Off unless asked for (DEBUG=true, for development): with it on, an unknown URL or an error would show
# Django's debug page, with settings and tracebacks, to whoever opens the site — the demo included.
DEBUG = env_bool("DEBUG", False)
# A production site says so with DEBUG=false (docs/deployment/production.env): then the secret key, the
# host names and secure cookies are required or on. Left unset, the embedded defaults below apply.
PRODUCTION = env_str("DEBUG", "") != "" and not DEBUG

_DEV_SECRET_KEY = "careerpath-insecure-development-key-never-use-in-production"


def _secret_key() -> str:
    """SECRET_KEY from the environment; in embedded mode a random one kept in var/secret_key.

    Production (DEBUG=false) must set it: a key made up on one machine would sign sessions another
    machine's workers cannot read.
    """
    key = env_str("SECRET_KEY", "")
    if key:
        return key
    if DEBUG:
        return _DEV_SECRET_KEY
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    import secrets

    path = VAR_DIR / "secret_key"
    try:
        stored = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        stored = ""
    if len(stored) < 50:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        stored = secrets.token_urlsafe(50)
        path.write_text(stored + "\n", encoding="utf-8")
        path.chmod(0o600)
    return stored


SECRET_KEY = _secret_key()

# Production names its hosts; the embedded mode answers on this machine only.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
# Origins (scheme://host[:port]) allowed to post forms over HTTPS, e.g. the public name behind a proxy.
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "careerpath.accounts.admin_site.CareerpathAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Serves Swagger UI and Redoc from its own static files: /api/docs works without internet.
    "ninja",
    "axes",
    "django_htmx",
    "careerpath.accounts",
    "careerpath.people",
    "careerpath.evidence",
    "careerpath.web",
    "careerpath.audit",
    "careerpath.policy_versions",
    "careerpath.calendars",
    "careerpath.api",
    "careerpath.promotions",
    "careerpath.org",
    "careerpath.discipline",
    "careerpath.cycles",
    "careerpath.placement",
    "careerpath.talent",
    "careerpath.jobs",
    "careerpath.evaluation",
    # Issue 10: the background worker's queue (django-tasks, its database backend) and the growth apps.
    "django_tasks",
    "django_tasks_db",
    "careerpath.notifications",
    "careerpath.training",
    "careerpath.mentoring",
    "careerpath.recognition",
    "careerpath.voice",
]

MIDDLEWARE = [
    # First, so every /api/ response below it, error or not, is JSON with a request id.
    "careerpath.api.errors.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "careerpath.web.middleware.QueryLanguageMiddleware",
    "careerpath.web.middleware.RequestCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: views answer an HTMX request with the fragment instead of the whole page.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a flagged (locked-out) login into the lockout page or JSON.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careerpath.config.urls"
WSGI_APPLICATION = "careerpath.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careerpath.web.layout.layout",
            ],
        },
    },
]


def _database(url: str) -> dict:
    try:
        # Persistent connections: opening one (and, on SQLite, setting its pragmas) per request cost
        # about a quarter of an API read; health checks drop a connection the server has closed.
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
                                       conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} is not a valid database URL: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = config.get("NAME") or ""
        if name and name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets the web server read while an import writes; IMMEDIATE avoids "database is locked"
        # when two writers upgrade their read locks at the same moment.
        config.setdefault("OPTIONS", {}).update(
            {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            }
        )
    # Lets several checkouts (or people) run the suite against one PostgreSQL server at once.
    test_name = env_str("DATABASE_TEST_NAME", "")
    if test_name:
        config["TEST"] = {"NAME": test_name}
    return config


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'careerpath.sqlite3'}")
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The lockout check comes first; a locked-out username never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "careerpath.accounts.lockout.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"

# Login throttling (django-axes) on the site, the admin and token creation: after LOGIN_FAILURE_LIMIT
# wrong passwords for one username, that username is refused for LOGIN_LOCKOUT_MINUTES (HR or an admin
# may unlock it sooner). By username, not by address: behind a proxy every client has the proxy's.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "careerpath.accounts.lockout.lockout_response"
# The access log (every login) is the audit trail's job, not a second table growing without end.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLED = env_bool("LOGIN_THROTTLE_ENABLED", True)
# axes.W006 asks for the client address too; by username nothing is bypassed by rotating user agents or
# cookies, and locking by address would lock a whole office sharing one proxy or NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# API tokens: the default lifetime, and the longest one a token may ask for when created.
API_TOKEN_EXPIRY_DAYS = env_int("API_TOKEN_EXPIRY_DAYS", 90, minimum=1)
API_TOKEN_MAX_EXPIRY_DAYS = env_int("API_TOKEN_MAX_EXPIRY_DAYS", 365, minimum=1)
if API_TOKEN_EXPIRY_DAYS > API_TOKEN_MAX_EXPIRY_DAYS:
    raise ImproperlyConfigured(f"API_TOKEN_EXPIRY_DAYS={API_TOKEN_EXPIRY_DAYS} exceeds "
                               f"API_TOKEN_MAX_EXPIRY_DAYS={API_TOKEN_MAX_EXPIRY_DAYS}")
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
if LANGUAGE_CODE not in {code for code, _ in LANGUAGES}:
    raise ImproperlyConfigured(f"LANGUAGE_CODE={LANGUAGE_CODE!r} must be one of zh-hans, en")
LANGUAGE_COOKIE_NAME = "careerpath_language"
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# Uploaded documents (demotion case evidence); never served publicly, only through permission checks.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Embedded mode serves the app folders directly, so `careerpath demo` works without collectstatic.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG

# Transport. Off by default (the embedded mode is plain HTTP on localhost); production turns them on
# (docs/deployment/production.env). HSTS pins browsers to HTTPS for SECURE_HSTS_SECONDS: start small.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# "Header-Name,value" set by the TLS-terminating proxy, e.g. X-Forwarded-Proto,https.
SECURE_PROXY_SSL_HEADER = env_proxy_header("SECURE_PROXY_SSL_HEADER")

# Content-Security-Policy: only the site's own files; no inline script or style anywhere (the templates
# keep behaviour and looks in static files). data: images are Swagger UI's and the admin's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The promotion policy (a preset name under careerpath/policies or a YAML path) the site runs.
CAREERPATH_POLICY = env_str("CAREERPATH_POLICY", "logistics-dual-track")
# Printed on letters and notices.
CAREERPATH_COMPANY_NAME = env_str("CAREERPATH_COMPANY_NAME", "示例物流有限公司")
# Pin "today" (YYYY-MM-DD) for a training or demo site; unset means the real date (careerpath.clock).
# Parsed once, here: a valid value is kept as a date; a bad one is kept as its text so the system
# check careerpath.E001 (careerpath.clock) stops runserver/check/migrate naming it.
CAREERPATH_TODAY = env_pinned_date("CAREERPATH_TODAY")
# The fairness panel (分析 › 公平性) leaves out groups smaller than this (privacy; small groups mislead).
CAREERPATH_FAIRNESS_MIN_GROUP = env_int("CAREERPATH_FAIRNESS_MIN_GROUP", 5, minimum=1, maximum=1000)
# Survey results (员工声音) are withheld for any group of fewer respondents than this, the whole survey included.
CAREERPATH_VOICE_MIN_GROUP = env_int("CAREERPATH_VOICE_MIN_GROUP", 5, minimum=2, maximum=1000)

# --- Notifications (docs/notifications.md) -----------------------------------------------------------
# The background worker's queue: django-tasks with its database backend (no other server), run by
# `careerpath db_worker` (docs/deployment.md). "immediate" runs each task inside the caller instead: only
# for a one-process trial, never where a slow mail server would hold up a request.
_TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend",
                  "immediate": "django_tasks.backends.immediate.ImmediateBackend"}
_task_backend = env_str("CAREERPATH_TASK_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"CAREERPATH_TASK_BACKEND={_task_backend!r} must be database or immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default", "notifications"]}}
# The address every message links back to (the stable link of its page).
CAREERPATH_SITE_URL = env_url("CAREERPATH_SITE_URL", "http://127.0.0.1:8000")
# Email: Django's backends. Without EMAIL_HOST mail is written to the worker's console (a trial site).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                        else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive: set one of them")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1, maximum=300)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "careerpath@localhost")
# Group robots: "vendor=base-url" pairs replacing the vendor's public host (私有化部署, a proxy, tests).
CAREERPATH_ROBOT_BASE_URLS = env_robot_base_urls("CAREERPATH_ROBOT_BASE_URLS")
# A failed delivery is tried again after BACKOFF, 2×BACKOFF, 4×BACKOFF … seconds, at most MAX_ATTEMPTS
# times in all; then it is marked failed for good and shown to HR (通知发送失败).
CAREERPATH_DELIVERY_MAX_ATTEMPTS = env_int("CAREERPATH_DELIVERY_MAX_ATTEMPTS", 5, minimum=1, maximum=20)
CAREERPATH_DELIVERY_BACKOFF_SECONDS = env_int("CAREERPATH_DELIVERY_BACKOFF_SECONDS", 60, minimum=1, maximum=86400)
# Reminders (`careerpath send-reminders`, daily): thresholds in working days.
CAREERPATH_REMIND_REVIEW_DAYS = env_int("CAREERPATH_REMIND_REVIEW_DAYS", 3, minimum=1, maximum=60)
CAREERPATH_REMIND_NOMINATION_DAYS = env_int("CAREERPATH_REMIND_NOMINATION_DAYS", 2, minimum=0, maximum=60)
CAREERPATH_REMIND_PROBATION_DAYS = env_int("CAREERPATH_REMIND_PROBATION_DAYS", 10, minimum=0, maximum=60)
CAREERPATH_REMIND_EVIDENCE_DAYS = env_int("CAREERPATH_REMIND_EVIDENCE_DAYS", 3, minimum=1, maximum=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Bounded input (docs/deployment: "Limits") -------------------------------------------------------
# Every workbook read (CLI, import, uploads) is refused beyond these before it is materialised.
CAREERPATH_WORKBOOK_LIMITS = env_workbook_limits()
# An uploaded file (the exam sheet, evidence documents) may be at most this large.
CAREERPATH_UPLOAD_MAX_BYTES = env_positive_int("CAREERPATH_UPLOAD_MAX_MB", 20) * 1024 * 1024
# An attachment to a record (a praise letter scan, a certificate, an objection): PDF or an image, at most this.
CAREERPATH_ATTACHMENT_MAX_BYTES = env_positive_int("CAREERPATH_ATTACHMENT_MAX_MB", 10) * 1024 * 1024
# A request body other than a file may hold a base64 document of that size; a file above 2.5 MB goes to a
# temporary file on disk instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = CAREERPATH_UPLOAD_MAX_BYTES * 4 // 3 + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
