"""Django settings for careerpath, read from the environment.

Embedded mode needs no configuration at all: DEBUG on, a SQLite file under ``var/``. Production sets
``DEBUG=false``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL`` (PostgreSQL). Every variable is
documented in docs/admin.md.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from careerpath.config.env import env_bool, env_int, env_list, env_pinned_date, env_str

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

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "careerpath-insecure-development-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = _DEV_SECRET_KEY

# With DEBUG on and an empty list Django already allows localhost; production must name its hosts.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "careerpath.accounts.admin_site.CareerpathAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
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
    "careerpath.jobs",
]

MIDDLEWARE = [
    # First, so every /api/ response below it, error or not, is JSON with a request id.
    "careerpath.api.errors.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "careerpath.web.middleware.QueryLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
LOGIN_URL = "login"
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

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)

# The promotion policy (a preset name under careerpath/policies or a YAML path) the site runs.
CAREERPATH_POLICY = env_str("CAREERPATH_POLICY", "logistics-dual-track")
# Printed on letters and notices.
CAREERPATH_COMPANY_NAME = env_str("CAREERPATH_COMPANY_NAME", "示例物流有限公司")
# Pin "today" (YYYY-MM-DD) for a training or demo site; unset means the real date (careerpath.clock).
# Parsed once, here: a valid value is kept as a date; a bad one is kept as its text so the system
# check careerpath.E001 (careerpath.clock) stops runserver/check/migrate naming it.
CAREERPATH_TODAY = env_pinned_date("CAREERPATH_TODAY")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
