"""Configuration checks: a misconfigured deployment fails fast with a clear message.

They run with every management command (including the Lambda `migrate` entry point) and
at the start of the test suite.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

MIN_KEY_CHARACTERS = 50


@register(Tags.security)
def check_signing_key(app_configs, **kwargs) -> list:
    # Django's own `check --deploy` wants 50+ characters (security.W009); one threshold for
    # both keys, so a key this check accepts is one Django accepts too.
    key = settings.SIMPLE_JWT["SIGNING_KEY"]
    if len(key) < MIN_KEY_CHARACTERS:
        return [
            Error(
                f"The JWT signing key is shorter than {MIN_KEY_CHARACTERS} characters.",
                hint=(
                    f"Set DJANGO_SECRET_KEY (or PRISM_JWT_SIGNING_KEY) to "
                    f"{MIN_KEY_CHARACTERS}+ random characters."
                ),
                id="prism.E001",
            )
        ]
    return []


# Tagged apart from `staticfiles`: `collectstatic`, which creates the manifest, runs only the
# checks tagged `staticfiles`; `check`, `runserver` and the migrate Lambda run this one.
@register("deployment")
def check_static_manifest(app_configs, **kwargs) -> list:
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        return []
    return [
        Error(
            f"No static files manifest in {settings.STATIC_ROOT} (DJANGO_DEBUG is off): the "
            "admin's pages would fail.",
            hint=(
                "Run `make static` (collectstatic), or set DJANGO_STATIC_ROOT to the folder "
                "it was collected to."
            ),
            id="prism.E005",
        )
    ]


@register(Tags.database)
def check_database_settings(app_configs, **kwargs) -> list:
    return database_config_problems(settings.DATABASES["default"])


def database_config_problems(config: dict) -> list:
    problems = []
    if config["ENGINE"] == "django.db.backends.oracle":
        if not config.get("NAME"):
            problems.append(
                Error(
                    "Oracle is selected but no DSN is set.",
                    hint="Set ORACLE_DSN (an Easy Connect string or a TNS alias).",
                    id="prism.E002",
                )
            )
        if not config.get("USER") or not config.get("PASSWORD"):
            problems.append(
                Error(
                    "Oracle is selected but the user or password is missing.",
                    hint="Set ORACLE_USER and ORACLE_PASSWORD (or a full oracle:// DATABASE_URL).",
                    id="prism.E003",
                )
            )
    return problems


def _is_origin(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and parts.path in {"", "/"}


@register()
def check_origins(app_configs, **kwargs) -> list:
    problems = []
    if not _is_origin(settings.PRISM_FRONTEND_ORIGIN):
        problems.append(
            Error(
                f"PRISM_FRONTEND_ORIGIN is not an origin: {settings.PRISM_FRONTEND_ORIGIN!r}.",
                hint="Use scheme and host only, e.g. https://prism.example.com.",
                id="prism.E004",
            )
        )
    return problems


@register()
def check_production_services(app_configs, **kwargs) -> list:
    if settings.DEBUG:
        return []
    problems = []
    if settings.MAILERS["default"]["BACKEND"].endswith("console.EmailBackend"):
        problems.append(
            Warning(
                "E-mails are only printed to the log.",
                hint="Set EMAIL_BACKEND (SMTP or SES) and EMAIL_HOST for production.",
                id="prism.W001",
            )
        )
    if settings.PRISM_TASKS_BACKEND == "immediate":
        problems.append(
            Warning(
                "Background tasks run inside the request (PRISM_TASKS_BACKEND=immediate).",
                hint="Use PRISM_TASKS_BACKEND=database with the worker function in production.",
                id="prism.W002",
            )
        )
    return problems
