"""The deploy's migration step: CloudFormation's custom-resource protocol, answered offline."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from prism.deploy_migrations import (
    REASON_MAX_CHARS,
    handle_custom_resource,
    stack_is_rolling_back,
)
from tests.subprocesses import clean_environment, run_python


class CloudFormationStandIn:
    """Receives the answers PUT on pre-signed URLs, as S3 does for CloudFormation."""

    def __init__(self) -> None:
        self.answers: list[dict] = []
        self.content_types: list[str | None] = []
        self.refuse_first = 0
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if stand_in.refuse_first:
                    stand_in.refuse_first -= 1
                    self.send_response(503)
                else:
                    stand_in.answers.append(json.loads(body))
                    stand_in.content_types.append(self.headers.get("Content-Type"))
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/bucket/response?X-Amz-Signature=s"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def cloudformation():
    stand_in = CloudFormationStandIn()
    yield stand_in
    stand_in.stop()


def request(stand_in: CloudFormationStandIn, request_type: str, **extra) -> dict:
    event = {
        "RequestType": request_type,
        "ResponseURL": stand_in.url,
        "StackId": "arn:aws:cloudformation:ap-northeast-2:123456789012:stack/prism/abc",
        "RequestId": "request-123",
        "ResourceType": "Custom::DatabaseMigrations",
        "LogicalResourceId": "DatabaseMigrations",
        "ResourceProperties": {"ServiceToken": "arn:aws:lambda:...", "CodeVersion": "7"},
    }
    if request_type != "Create":
        event["PhysicalResourceId"] = "DatabaseMigrations-prism"
    return {**event, **extra}


class Migrations:
    def __init__(self, error: BaseException | None = None, delay: float = 0) -> None:
        self.calls = 0
        self.error = error
        self.delay = delay

    def __call__(self) -> dict:
        self.calls += 1
        time.sleep(self.delay)
        if self.error is not None:
            raise self.error
        return {"status": "ok", "appliedMigrations": 42}


def not_rolling_back(stack_id: str) -> bool:
    return False


def test_create_migrates_and_answers_success(cloudformation):
    migrations = Migrations()
    result = handle_custom_resource(
        request(cloudformation, "Create"),
        None,
        migrate=migrations,
        is_rolling_back=not_rolling_back,
    )
    assert result == {"status": "SUCCESS"} and migrations.calls == 1
    [answer] = cloudformation.answers
    assert answer == {
        "Status": "SUCCESS",
        "Reason": "Migrations applied",
        "PhysicalResourceId": "DatabaseMigrations-prism",
        "StackId": "arn:aws:cloudformation:ap-northeast-2:123456789012:stack/prism/abc",
        "RequestId": "request-123",
        "LogicalResourceId": "DatabaseMigrations",
        "Data": {"appliedMigrations": 42},
    }
    # S3 checks the signature over the content type: the answer must send none.
    assert cloudformation.content_types == [""]


def test_a_failing_migration_answers_failed_with_a_short_reason_and_no_secrets(
    cloudformation, settings
):
    settings.DATABASES["default"]["PASSWORD"] = "Sup3r-Secret-Pw"
    error = RuntimeError(
        "ORA-00955: name is already used by an existing object (password Sup3r-Secret-Pw)"
        + " detail" * 500
        + "\nsecond line with more internals"
    )
    migrations = Migrations(error)
    handle_custom_resource(
        request(cloudformation, "Update"),
        None,
        migrate=migrations,
        is_rolling_back=not_rolling_back,
    )
    [answer] = cloudformation.answers
    assert answer["Status"] == "FAILED"
    assert answer["PhysicalResourceId"] == "DatabaseMigrations-prism"
    assert answer["Reason"].startswith("Migration failed: RuntimeError: ORA-00955: name is already")
    assert "Sup3r-Secret-Pw" not in answer["Reason"]
    assert "second line" not in answer["Reason"]
    assert len(answer["Reason"]) <= REASON_MAX_CHARS + 50


def test_delete_answers_success_without_migrating(cloudformation):
    migrations = Migrations()
    handle_custom_resource(
        request(cloudformation, "Delete"),
        None,
        migrate=migrations,
        is_rolling_back=not_rolling_back,
    )
    assert migrations.calls == 0
    assert [a["Status"] for a in cloudformation.answers] == ["SUCCESS"]


def test_the_update_of_a_rollback_does_not_migrate(cloudformation):
    migrations = Migrations(RuntimeError("would fail again and block the rollback"))
    handle_custom_resource(
        request(cloudformation, "Update"), None, migrate=migrations, is_rolling_back=lambda s: True
    )
    assert migrations.calls == 0
    assert [a["Status"] for a in cloudformation.answers] == ["SUCCESS"]


@pytest.mark.parametrize("failure", [KeyError("appliedMigrations"), SystemExit(1)])
def test_unexpected_failures_still_answer(cloudformation, failure):
    migrations = Migrations(failure)
    with contextlib.suppress(SystemExit):  # re-raised after answering
        handle_custom_resource(
            request(cloudformation, "Create"),
            None,
            migrate=migrations,
            is_rolling_back=not_rolling_back,
        )
    [answer] = cloudformation.answers
    assert answer["Status"] == "FAILED"
    assert type(failure).__name__ in answer["Reason"]


def test_unknown_request_type_and_a_broken_rollback_check_still_answer(cloudformation):
    def check_breaks(stack_id):
        raise ValueError("no")

    handle_custom_resource(
        request(cloudformation, "Rename"),
        None,
        migrate=Migrations(),
        is_rolling_back=not_rolling_back,
    )
    handle_custom_resource(
        request(cloudformation, "Update"), None, migrate=Migrations(), is_rolling_back=check_breaks
    )
    assert [a["Status"] for a in cloudformation.answers] == ["FAILED", "FAILED"]


def test_an_answer_refused_once_is_sent_again(cloudformation):
    cloudformation.refuse_first = 1
    handle_custom_resource(
        request(cloudformation, "Create"),
        None,
        migrate=Migrations(),
        is_rolling_back=not_rolling_back,
    )
    assert [a["Status"] for a in cloudformation.answers] == ["SUCCESS"]


def test_failed_is_answered_before_the_invocation_times_out(cloudformation):
    # 10.5 s left with a 10 s margin: the answer is due after ~1 s, the migration takes 1.5 s.
    context = SimpleNamespace(get_remaining_time_in_millis=lambda: 10_500)
    migrations = Migrations(delay=1.5)
    handle_custom_resource(
        request(cloudformation, "Create"),
        context,
        migrate=migrations,
        is_rolling_back=not_rolling_back,
    )
    [answer] = cloudformation.answers  # the late SUCCESS is not sent after the FAILED
    assert (answer["Status"], answer["Reason"]) == (
        "FAILED",
        "Migration timed out before it finished",
    )


def test_the_migrate_function_answers_a_create_by_migrating_an_empty_database(
    cloudformation, tmp_path
):
    database = tmp_path / "deploy.sqlite3"
    event = request(cloudformation, "Create")
    code = (
        "import json, sqlite3; from prism.lambda_handler import migrate_on_deploy\n"
        f"print(json.dumps(migrate_on_deploy({event!r}, None)))\n"
        f"tables = {{r[0] for r in sqlite3.connect({str(database)!r}).execute("
        "\"select name from sqlite_master where type='table'\")}\n"
        "print(json.dumps(sorted(tables)))\n"
    )
    done = run_python("-c", code, env=clean_environment(DATABASE_URL=f"sqlite:///{database}"))
    assert done.returncode == 0, done.stderr[-2000:]
    result, tables = (json.loads(line) for line in done.stdout.strip().splitlines()[-2:])
    assert result == {"status": "SUCCESS"}
    assert {"prism_user", "django_migrations"} <= set(tables)
    [answer] = cloudformation.answers
    assert answer["Status"] == "SUCCESS" and answer["Data"]["appliedMigrations"] > 0


@pytest.mark.parametrize(
    ("status", "rolling_back"),
    [("UPDATE_IN_PROGRESS", False), ("UPDATE_ROLLBACK_IN_PROGRESS", True)],
)
def test_the_stack_status_tells_a_rollback(monkeypatch, status, rolling_back):
    import boto3

    class CloudFormation:
        def describe_stacks(self, StackName):
            return {"Stacks": [{"StackName": StackName, "StackStatus": status}]}

    monkeypatch.setattr(boto3, "client", lambda service: CloudFormation())
    assert stack_is_rolling_back("arn:aws:cloudformation:...:stack/prism/abc") is rolling_back


def test_an_unknown_stack_status_means_migrate_as_usual(monkeypatch):
    from moto import mock_aws

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "ap-northeast-2",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        assert stack_is_rolling_back("no-such-stack") is False
