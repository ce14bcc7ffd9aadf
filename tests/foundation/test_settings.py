"""Settings from the environment, and the checks that catch misconfiguration."""

import subprocess

import pytest
from django.core import mail
from django.db import transaction
from django.tasks import task

from prism import checks
from prism.task_queue.enqueue import enqueue_in_transaction
from tests.subprocesses import clean_environment, run_python


def settings_in_subprocess(env: dict, expression: str) -> subprocess.CompletedProcess:
    code = (
        "import django; from django.conf import settings; django.setup(); "
        f"print(repr(({expression})))"
    )
    return run_python("-c", code, env=clean_environment(**env), timeout=60)


def test_no_variables_means_local_development_on_sqlite():
    done = settings_in_subprocess({}, "settings.DEBUG, settings.DATABASES['default']['ENGINE']")
    assert done.stdout.strip() == "(True, 'django.db.backends.sqlite3')", done.stderr


def test_secret_key_is_required_when_debug_is_off():
    done = settings_in_subprocess({"DJANGO_DEBUG": "false"}, "1")
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in done.stderr


def test_bad_boolean_fails_fast():
    done = settings_in_subprocess({"DJANGO_DEBUG": "maybe"}, "1")
    assert "DJANGO_DEBUG must be true or false" in done.stderr


def test_postgres_url_and_oracle_variables_select_their_engines():
    pg = settings_in_subprocess(
        {"DATABASE_URL": "postgres://u:p@db.internal:5432/prism", "CONN_MAX_AGE": "60"},
        "settings.DATABASES['default']['ENGINE'], "
        "settings.DATABASES['default']['CONN_HEALTH_CHECKS']",
    )
    assert pg.stdout.strip() == "('django.db.backends.postgresql', True)", pg.stderr
    oracle = settings_in_subprocess(
        {
            "ORACLE_USER": "prism",
            "ORACLE_PASSWORD": "pw",
            "ORACLE_DSN": "adb.example.com:1522/prism_tp",
            "ORACLE_WALLET_DIR": "/opt/wallet",
            "ORACLE_WALLET_PASSWORD": "wpw",
        },
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], "
        "sorted(settings.DATABASES['default']['OPTIONS'])",
    )
    assert oracle.stdout.strip() == (
        "('django.db.backends.oracle', 'adb.example.com:1522/prism_tp', "
        "['config_dir', 'retry_count', 'tcp_connect_timeout', 'wallet_location', "
        "'wallet_password'])"
    ), oracle.stderr


def test_bucket_selects_s3_storage_and_smtp_variables_reach_the_mailer():
    done = settings_in_subprocess(
        {
            "AWS_STORAGE_BUCKET_NAME": "prism-media",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "smtp.example.com",
            "EMAIL_PORT": "587",
            "EMAIL_USE_TLS": "true",
        },
        "settings.STORAGES['default']['BACKEND'], settings.MAILERS['default']['OPTIONS']['host'], "
        "settings.MAILERS['default']['OPTIONS']['port'], "
        "settings.MAILERS['default']['OPTIONS']['use_tls']",
    )
    assert done.stdout.strip() == (
        "('storages.backends.s3.S3Storage', 'smtp.example.com', 587, True)"
    ), done.stderr


def test_unknown_tasks_backend_fails_fast():
    done = settings_in_subprocess({"PRISM_TASKS_BACKEND": "celery"}, "1")
    assert "PRISM_TASKS_BACKEND must be one of" in done.stderr


def test_system_checks_catch_misconfiguration(settings):
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": "short"}
    assert [e.id for e in checks.check_signing_key(None)] == ["prism.E001"]

    oracle_without_dsn = {"ENGINE": "django.db.backends.oracle", "NAME": "", "USER": ""}
    assert [e.id for e in checks.database_config_problems(oracle_without_dsn)] == [
        "prism.E002",
        "prism.E003",
    ]

    settings.PRISM_FRONTEND_ORIGIN = "prism.example.com/path"
    assert [e.id for e in checks.check_origins(None)] == ["prism.E004"]


def test_production_warnings_name_the_fix(settings):
    settings.DEBUG = False
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    settings.PRISM_TASKS_BACKEND = "immediate"
    assert [w.id for w in checks.check_production_services(None)] == ["prism.W001", "prism.W002"]


@task
def send_probe_mail(subject: str) -> None:
    mail.send_mail(subject, "body", None, ["someone@example.com"])


@pytest.mark.django_db(transaction=True)
def test_deferred_task_runs_only_after_commit():
    with transaction.atomic():
        enqueue_in_transaction(send_probe_mail, subject="kept")
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["kept"]

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_in_transaction(send_probe_mail, subject="rolled back")
        raise RuntimeError("abort")
    assert [m.subject for m in mail.outbox] == ["kept"]
