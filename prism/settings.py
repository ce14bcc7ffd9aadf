"""PRism settings: one module, every per-environment value from the environment.

No variables set means local development on an embedded SQLite database. Production
(Lambda) sets DJANGO_DEBUG=false, a secret key, an Oracle DSN and an S3 bucket. Every
variable is listed in the README's table; `prism/checks.py` fails fast on bad combinations.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import timedelta
from pathlib import Path
from typing import Any, NoReturn

from prism import typing_patch_shim

BASE_DIR = Path(__file__).resolve().parent.parent


def configuration_error(message: str) -> NoReturn:
    """Stop with one clear line: the operator's fix is in the message, a traceback hides it."""
    raise SystemExit(f"Configuration error: {message}")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    configuration_error(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        configuration_error(f"{name} must be an integer, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- Core ----------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        configuration_error(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off "
            "(50 or more random characters, e.g. from `python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'`)"
        )
    # Development only: a fixed key keeps tokens valid across `make run` restarts.
    SECRET_KEY = "dev-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "testserver"])

INSTALLED_APPS = [
    # The admin, discovered on its first use rather than in every cold start.
    "prism.admin_site.LazyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "django_tasks_db",
    "prism",
    "accounts",
    "projects",
    "reviews",
]
# django-tasks-db imports the admin, sitemaps and more at start-up for a typing patch it
# needs a sliver of: a stand-in gives it that sliver (prism/typing_patch_shim.py).
typing_patch_shim.install()

MIDDLEWARE = [
    "prism.access_log.AccessLogMiddleware",  # first, so its duration covers the others
    "django.middleware.security.SecurityMiddleware",
    "prism.middleware.StaticFilesOnDemandMiddleware",  # WhiteNoise, started on first use
    # Answers CORS preflights before anything can ask for a token (contract §3.5).
    "corsheaders.middleware.CorsMiddleware",
    "prism.middleware.RequestSizeLimitMiddleware",
    "prism.middleware.NoStoreApiResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "prism.urls"
WSGI_APPLICATION = "prism.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The API has no trailing slashes; redirecting a POST to a slashed URL would lose its body.
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

# --- Database ------------------------------------------------------------------------------------

LOCAL_DATA_DIR = Path(env_str("PRISM_DATA_DIR") or BASE_DIR / "var")
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 0)
# How long opening a connection may take before the request answers 503 (Oracle's default
# is 20 s per attempt, PostgreSQL's none: either would hold a Lambda until API Gateway's 30 s).
PRISM_DB_CONNECT_TIMEOUT_SECONDS = env_int("PRISM_DB_CONNECT_TIMEOUT_SECONDS", 5)


def database_from_environment() -> dict[str, Any]:
    """Build DATABASES['default'] from DATABASE_URL or the ORACLE_* variables."""
    oracle_user = env_str("ORACLE_USER")
    url = env_str("DATABASE_URL")
    if oracle_user and not url:
        config: dict[str, Any] = {
            "ENGINE": "django.db.backends.oracle",
            "NAME": env_str("ORACLE_DSN"),
            "USER": oracle_user,
            "PASSWORD": env_str("ORACLE_PASSWORD"),
            "HOST": "",
            "PORT": "",
        }
    elif url:
        import dj_database_url

        config = dict(dj_database_url.parse(url))
    else:
        # The embedded default for local development; its folder is created on first use.
        LOCAL_DATA_DIR.mkdir(parents=True, exist_ok=True)
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(LOCAL_DATA_DIR / "db.sqlite3"),
        }
    config["CONN_MAX_AGE"] = CONN_MAX_AGE
    # Lambda freezes between invocations; a kept connection may be dead when it thaws.
    config["CONN_HEALTH_CHECKS"] = CONN_MAX_AGE > 0
    if config["ENGINE"] == "django.db.backends.oracle":
        options = config.setdefault("OPTIONS", {})
        # python-oracledb: per connect attempt, and no retries (the client may retry on 503).
        options.setdefault("tcp_connect_timeout", float(PRISM_DB_CONNECT_TIMEOUT_SECONDS))
        options.setdefault("retry_count", 0)
        # Autonomous Database: mTLS with a wallet, or one-way TLS with no wallet at all.
        wallet_dir = env_str("ORACLE_WALLET_DIR")
        if wallet_dir:
            options["config_dir"] = wallet_dir
            options["wallet_location"] = wallet_dir
            options["wallet_password"] = env_str("ORACLE_WALLET_PASSWORD")
        if env_str("ORACLE_TLS_SERVER_DN_MATCH"):
            options["ssl_server_dn_match"] = env_bool("ORACLE_TLS_SERVER_DN_MATCH", True)
    if config["ENGINE"] == "django.db.backends.postgresql":
        # libpq's connect_timeout (whole seconds; 0 would mean forever).
        config.setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", max(1, PRISM_DB_CONNECT_TIMEOUT_SECONDS)
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Concurrent local requests (and the task worker) must wait, never fail with
        # "database is locked": a write transaction takes the write lock when it begins
        # (IMMEDIATE), so no reader is upgraded to a writer mid-transaction where SQLite
        # cannot wait; WAL lets readers go on while one writer writes.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("timeout", 20)
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("init_command", "PRAGMA journal_mode=WAL;")
    return config


DATABASES = {"default": database_from_environment()}

# Abuse limits are counted in the database (accounts.AbuseCounter), not in a cache, so a
# per-process cache is enough and `migrate` alone creates every table PRism needs.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Passwords -----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS: list[dict[str, Any]] = []  # the contract's password rule is in accounts

# --- Static files and media ----------------------------------------------------------------------

# Largest request body: a 2 MB profile image plus multipart overhead.
PRISM_MAX_REQUEST_BYTES = env_int("PRISM_MAX_REQUEST_BYTES", 3 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = PRISM_MAX_REQUEST_BYTES
SECURE_REFERRER_POLICY = "same-origin"

# Lambda SnapStart snapshots the process after init: then whatever is loaded on first use
# elsewhere (the admin, WhiteNoise's file index, S3 and Oracle modules) is loaded in init.
PRISM_SNAPSTART_INIT = env_str("AWS_LAMBDA_INITIALIZATION_TYPE") == "snap-start"

STATIC_URL = "/static/"
# Where `collectstatic` writes and WhiteNoise reads; the Lambda package has it built in.
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = env_str("PRISM_MEDIA_URL", "/media/")
MEDIA_ROOT = LOCAL_DATA_DIR / "media"

AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": env_str("AWS_S3_REGION_NAME") or env_str("AWS_REGION") or None,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
            "signature_version": "s3v4",
            "default_acl": None,
            # Private bucket: URLs are presigned and expire.
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        # Hashed, compressed admin assets served by WhiteNoise from the Lambda package.
        "BACKEND": "prism.static_storage.StaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- E-mail --------------------------------------------------------------------------------------

# The classic EMAIL_* variable names, mapped onto Django 6.1's MAILERS setting.
_email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options: dict[str, Any] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 10),
    }
elif _email_backend.endswith("filebased.EmailBackend"):
    _email_options = {"file_path": env_str("EMAIL_FILE_PATH") or str(LOCAL_DATA_DIR / "mail")}
else:
    _email_options = {}
MAILERS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": _email_backend, "OPTIONS": _email_options}
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PRism <no-reply@prism.local>")

# --- Deferred work -------------------------------------------------------------------------------

PRISM_TASKS_BACKEND = env_str("PRISM_TASKS_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if PRISM_TASKS_BACKEND not in _TASK_BACKENDS:
    configuration_error(
        f"PRISM_TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}, not {PRISM_TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[PRISM_TASKS_BACKEND]}}
# A failing task is tried this many times in all, the retries spaced out exponentially.
PRISM_TASK_MAX_ATTEMPTS = env_int("PRISM_TASK_MAX_ATTEMPTS", 5)
PRISM_TASK_RETRY_SECONDS = env_int("PRISM_TASK_RETRY_SECONDS", 60)
# Finished tasks stay readable in the admin this long, then the worker deletes them.
PRISM_TASK_RETENTION_DAYS = env_int("PRISM_TASK_RETENTION_DAYS", 7)
# An SQS queue that wakes the worker after each commit that enqueued tasks (the worker's
# schedule stays as the safety net); unset means no AWS calls (prism/task_queue/wakeup.py).
PRISM_WORKER_WAKE_QUEUE_URL = env_str("PRISM_WORKER_WAKE_QUEUE_URL")

# --- PRism ---------------------------------------------------------------------------------------

PRISM_FRONTEND_ORIGIN = env_str("PRISM_FRONTEND_ORIGIN", "http://localhost:3000").rstrip("/")

# Verification codes (DESIGN D10): life, wrong tries, and how long a verified code may
# still be used by the action it authorises (sign-up, reset, linking).
PRISM_CODE_TTL_SECONDS = env_int("PRISM_CODE_TTL_SECONDS", 300)
PRISM_CODE_MAX_ATTEMPTS = env_int("PRISM_CODE_MAX_ATTEMPTS", 5)
PRISM_VERIFIED_CODE_TTL_SECONDS = env_int("PRISM_VERIFIED_CODE_TTL_SECONDS", 1800)
# Abuse limits, counted in the database so they hold across Lambda instances.
PRISM_CODE_RESEND_SECONDS = env_int("PRISM_CODE_RESEND_SECONDS", 60)
PRISM_CODE_SENDS_PER_ADDRESS_PER_HOUR = env_int("PRISM_CODE_SENDS_PER_ADDRESS_PER_HOUR", 5)
PRISM_CODE_SENDS_PER_IP_PER_HOUR = env_int("PRISM_CODE_SENDS_PER_IP_PER_HOUR", 20)
PRISM_VERIFY_ATTEMPTS_PER_IP_PER_HOUR = env_int("PRISM_VERIFY_ATTEMPTS_PER_IP_PER_HOUR", 60)
PRISM_LOGIN_MAX_FAILURES = env_int("PRISM_LOGIN_MAX_FAILURES", 5)
PRISM_LOGIN_LOCKOUT_SECONDS = env_int("PRISM_LOGIN_LOCKOUT_SECONDS", 900)
PRISM_LINK_ATTEMPTS_PER_HOUR = env_int("PRISM_LINK_ATTEMPTS_PER_HOUR", 10)
# Refresh tokens stay usable this long after their first rotation (parallel refreshes, D6).
PRISM_REFRESH_GRACE_SECONDS = env_int("PRISM_REFRESH_GRACE_SECONDS", 60)
# A per-project result is shown only with at least this many reviewers (DESIGN D15).
PRISM_MIN_REVIEWERS = env_int("PRISM_MIN_REVIEWERS", 2)
# Survey invitations (DESIGN D7, D13).
PRISM_SURVEY_REQUIRE_CODE = env_bool("PRISM_SURVEY_REQUIRE_CODE", True)
PRISM_SURVEY_CODE_TTL_DAYS = env_int("PRISM_SURVEY_CODE_TTL_DAYS", 30)
# Review summaries: an OpenAI-compatible model when configured, else the local summariser.
PRISM_LLM_BASE_URL = env_str("PRISM_LLM_BASE_URL")
PRISM_LLM_API_KEY = env_str("PRISM_LLM_API_KEY")
PRISM_LLM_MODEL = env_str("PRISM_LLM_MODEL")
PRISM_LLM_TIMEOUT_SECONDS = env_int("PRISM_LLM_TIMEOUT_SECONDS", 15)
PRISM_LLM_RETRIES = env_int("PRISM_LLM_RETRIES", 2)
# All model calls for one project's members end within this; the rest are summarised locally
# (the worker function's timeout is 120 s).
PRISM_LLM_TOTAL_SECONDS = env_int("PRISM_LLM_TOTAL_SECONDS", 60)
PRISM_PROFILE_IMAGE_MAX_BYTES = env_int("PRISM_PROFILE_IMAGE_MAX_BYTES", 2 * 1024 * 1024)

# --- REST framework, JWT, OpenAPI ----------------------------------------------------------------

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["prism.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "prism.parsers.BoundedJSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "prism.exception_handler.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_RATES": {},
}

SIMPLE_JWT: dict[str, Any] = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=env_int("PRISM_ACCESS_TOKEN_LIFETIME", 3600)),
    "REFRESH_TOKEN_LIFETIME": timedelta(
        seconds=env_int("PRISM_REFRESH_TOKEN_LIFETIME", 14 * 24 * 3600)
    ),
    "ALGORITHM": "HS256",
    "SIGNING_KEY": env_str("PRISM_JWT_SIGNING_KEY") or SECRET_KEY,
    "USER_ID_FIELD": "id",
    # The contract's access-token claim (§3.1).
    "USER_ID_CLAIM": "userId",
    "UPDATE_LAST_LOGIN": False,
}

# The OpenAPI generator is a development dependency: the document is generated at build
# time into prism/openapi.json (`make openapi`) and the Lambda package goes without it
# (see prism/openapi_annotations.py).
OPENAPI_GENERATOR_INSTALLED = importlib.util.find_spec("drf_spectacular") is not None
if OPENAPI_GENERATOR_INSTALLED:
    INSTALLED_APPS.append("drf_spectacular")
    REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "prism.openapi_schema.EnvelopeAutoSchema"
# Swagger UI's assets, served by the app so /swagger-ui.html works offline. A development
# dependency too: `collectstatic` at build time copies the few files the page uses.
if importlib.util.find_spec("drf_spectacular_sidecar") is not None:
    INSTALLED_APPS.append("drf_spectacular_sidecar")

SPECTACULAR_SETTINGS = {
    "TITLE": "PRism API",
    "DESCRIPTION": (
        "Peer reviews for team projects. Every success is wrapped in "
        "`{success, status, data}`; every error is `{code, message}`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Contact and apply methods share one set of values (contract §2.5).
    "ENUM_NAME_OVERRIDES": {"ContactMethodEnum": "projects.models.ContactMethod"},
}

# --- CORS (contract §3.5) ------------------------------------------------------------------------

CORS_ALLOWED_ORIGINS = env_list(
    "PRISM_CORS_ORIGINS",
    [
        "http://localhost:3000",
        "https://prism-space.vercel.app",
        "https://prism.swygbro.com",
        "https://prism-api.shop",
    ],
)
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
CORS_ALLOW_HEADERS = ["authorization", "cache-control", "content-type"]
CORS_PREFLIGHT_MAX_AGE = 3600

# --- Security ------------------------------------------------------------------------------------

# API Gateway terminates TLS; it forwards the original scheme in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_FAILURE_VIEW = "prism.exception_handler.csrf_failure"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Redirects are API Gateway's job; a redirect here would break API clients' POSTs.
SECURE_SSL_REDIRECT = False
SILENCED_SYSTEM_CHECKS = ["security.W008"]

# --- Logging -------------------------------------------------------------------------------------

# JSON lines where Lambda's log format is JSON (it sets AWS_LAMBDA_LOG_FORMAT), else plain.
PRISM_LOG_FORMAT = env_str(
    "PRISM_LOG_FORMAT", "json" if env_str("AWS_LAMBDA_LOG_FORMAT").upper() == "JSON" else "plain"
)
if PRISM_LOG_FORMAT not in {"json", "plain"}:
    configuration_error(f"PRISM_LOG_FORMAT must be json or plain, not {PRISM_LOG_FORMAT!r}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s %(message)s"},
        "json": {"()": "prism.access_log.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": PRISM_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("PRISM_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler on "django" would print every django.* line (autoreload,
        # task states) a second time beside the root's: one handler, the root's, at its level.
        "django": {"handlers": [], "level": "NOTSET", "propagate": True},
        # The dev server's own request lines repeat `prism.access` (which names the route, not
        # the raw path that may hold a code): only its warnings and errors are kept.
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
        # Request bodies never reach logs; Django's request logger only names the path.
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "INFO"},
    },
}
