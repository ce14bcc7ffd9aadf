"""Lambda entry points: API Gateway events give the same answers as the test client."""

import ast
import base64
import json
import sqlite3

import pytest

from prism import lambda_handler
from tests.conftest import bearer_client
from tests.foundation.lambda_events import http_api_v2_event, rest_api_v1_event
from tests.subprocesses import clean_environment, run_python

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.foundation.probe_urls"),
    pytest.mark.usefixtures("handler_in_test_transaction"),
]


def body_of(result: dict) -> dict:
    raw = result["body"]
    if result.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode()
    return json.loads(raw)


def test_v2_healthcheck_is_200_in_the_envelope():
    result = lambda_handler.handler(http_api_v2_event("GET", "/healthcheck"), None)
    assert result["statusCode"] == 200
    assert result["headers"]["content-type"] == "application/json"
    assert body_of(result) == {
        "success": True,
        "status": 200,
        "data": {"status": "ok", "database": "ok"},
    }


def test_v1_healthcheck_is_200_in_the_envelope():
    result = lambda_handler.handler(rest_api_v1_event("GET", "/healthcheck"), None)
    assert result["statusCode"] == 200
    assert body_of(result)["data"]["database"] == "ok"


@pytest.mark.parametrize("make_event", [http_api_v2_event, rest_api_v1_event])
def test_repeated_query_keys_match_the_test_client(api_client, make_event):
    query = [("categories", "1"), ("categories", "2"), ("word", "프리즘")]
    result = lambda_handler.handler(make_event("GET", "/probe/echo", query=query), None)
    expected = api_client.get("/probe/echo", {"categories": ["1", "2"], "word": "프리즘"}).json()
    assert body_of(result) == expected
    assert body_of(result)["data"]["query"] == {"categories": ["1", "2"], "word": ["프리즘"]}


def test_v2_cookies_reach_django():
    event = http_api_v2_event("GET", "/probe/echo", cookies=["a=1", "b=two"])
    assert body_of(lambda_handler.handler(event, None))["data"]["cookies"] == {"a": "1", "b": "two"}


@pytest.mark.parametrize("make_event", [http_api_v2_event, rest_api_v1_event])
def test_base64_json_body_and_validation_errors(api_client, make_event):
    good = json.dumps({"name": "별", "count": "2"}).encode()
    result = lambda_handler.handler(
        make_event("POST", "/probe/echo", headers={"Content-Type": "application/json"}, body=good),
        None,
    )
    assert result["statusCode"] == 200
    assert body_of(result) == {"success": True, "status": 201, "data": {"name": "별", "count": 2}}

    bad = b'{"name": '
    result = lambda_handler.handler(
        make_event("POST", "/probe/echo", headers={"Content-Type": "application/json"}, body=bad),
        None,
    )
    assert result["statusCode"] == 400
    expected = api_client.post("/probe/echo", bad, content_type="application/json")
    assert body_of(result) == expected.json()


def test_binary_multipart_body_survives_base64():
    boundary = "XyZ"
    payload = bytes(range(256))
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + payload
        + f"\r\n--{boundary}--\r\n".encode()
    )
    event = http_api_v2_event(
        "POST",
        "/probe/binary",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        body=body,
    )
    result = lambda_handler.handler(event, None)
    assert body_of(result)["data"] == {"size": 256, "first": "00010203"}


def test_authorization_header_and_401_codes_through_lambda(user):
    token = bearer_client(user)._credentials["HTTP_AUTHORIZATION"]
    ok = lambda_handler.handler(
        http_api_v2_event("GET", "/probe/whoami", headers={"Authorization": token}), None
    )
    assert body_of(ok)["data"] == {"userId": str(user.id)}
    refused = lambda_handler.handler(http_api_v2_event("GET", "/probe/whoami"), None)
    assert refused["statusCode"] == 401
    assert body_of(refused)["code"] == "AuthCode_401_4"


def test_unknown_route_through_lambda_is_global_404():
    result = lambda_handler.handler(http_api_v2_event("GET", "/nowhere"), None)
    assert result["statusCode"] == 404
    assert body_of(result)["code"] == "Global_404_1"


def test_v2_source_ip_becomes_remote_addr_and_forwarded_for_is_not_trusted():
    event = http_api_v2_event(
        "GET", "/healthcheck", headers={"X-Forwarded-For": "1.2.3.4"}, source_ip="198.51.100.9"
    )
    from apig_wsgi import get_environ_v2

    environ = get_environ_v2(event, None)
    assert environ["REMOTE_ADDR"] == "198.51.100.9"


def report_of_fresh_process(code: str, database, **env: str) -> dict:
    """Run `code` in a new interpreter on its own SQLite file; its last line is a JSON report."""
    done = run_python(
        "-c", code, env=clean_environment(DATABASE_URL=f"sqlite:///{database}", **env)
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=False)
def test_migrate_entry_point_creates_the_schema_on_an_empty_sqlite_database(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    code = (
        "import json, sqlite3; from prism.lambda_handler import migrate; "
        "first = migrate({}, None); second = migrate({}, None); "
        f"tables = {{r[0] for r in sqlite3.connect({str(database)!r}).execute("
        "\"select name from sqlite_master where type='table'\")}; "
        "print(json.dumps({'first': first, 'second': second, 'tables': sorted(tables)}))"
    )
    report = report_of_fresh_process(code, database)
    assert report["first"]["status"] == "ok"
    assert report["second"]["appliedMigrations"] == report["first"]["appliedMigrations"] > 0
    assert {"prism_user", "prism_abuse_counter", "django_migrations"} <= set(report["tables"])


def test_migrate_entry_point_refuses_a_misconfigured_deployment_before_migrating(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    code = "from prism.lambda_handler import migrate; migrate({}, None)"
    done = run_python(
        "-c",
        code,
        env=clean_environment(
            DATABASE_URL=f"sqlite:///{database}", PRISM_FRONTEND_ORIGIN="prism.example.com/x"
        ),
    )
    assert done.returncode != 0 and "prism.E004" in done.stderr
    tables = sqlite3.connect(database).execute("select name from sqlite_master").fetchall()
    assert tables == []  # nothing migrated


def test_worker_entry_point_drains_the_database_queue(tmp_path, fresh_database_url):
    marker = tmp_path / "ran.txt"
    env = {
        "DATABASE_URL": fresh_database_url,
        "PRISM_TASKS_BACKEND": "database",
        "PRISM_PROBE_MARKER": str(marker),
    }
    code = (
        "from prism.lambda_handler import migrate, worker; migrate({}, None); "
        "from tests.foundation.probe_tasks import write_marker; "
        "[write_marker.enqueue(text=str(i)) for i in range(3)]; "
        "from types import SimpleNamespace as NS; "
        "ctx = NS(get_remaining_time_in_millis=lambda: 600000); "
        "print(worker({}, ctx)); print(worker({}, ctx))"
    )
    done = run_python("-c", code, env=clean_environment(**env))
    assert done.returncode == 0, done.stderr
    first, second = (ast.literal_eval(line) for line in done.stdout.strip().splitlines()[-2:])
    assert (first["ran"], first["failed"], second["ran"]) == (3, 0, 0)
    assert sorted(marker.read_text().split()) == ["0", "1", "2"]


def test_worker_stops_when_the_invocation_runs_out_of_time(tmp_path, fresh_database_url):
    env = {
        "DATABASE_URL": fresh_database_url,
        "PRISM_TASKS_BACKEND": "database",
        "PRISM_PROBE_MARKER": str(tmp_path / "ran.txt"),
    }
    code = (
        "from prism.lambda_handler import migrate, worker; migrate({}, None); "
        "from tests.foundation.probe_tasks import write_marker; write_marker.enqueue(text='x'); "
        "from types import SimpleNamespace as NS; "
        "print(worker({}, NS(get_remaining_time_in_millis=lambda: 1000)))"
    )
    done = run_python("-c", code, env=clean_environment(**env))
    assert done.returncode == 0, done.stderr
    assert ast.literal_eval(done.stdout.strip().splitlines()[-1])["ran"] == 0


def test_snapshot_hooks_are_registered_and_close_connections(monkeypatch):
    import random

    import snapshot_restore_py

    before = [
        entry[0] if isinstance(entry, tuple) else entry
        for entry in snapshot_restore_py._before_snapshot_registry
    ]
    after = [
        entry[0] if isinstance(entry, tuple) else entry
        for entry in snapshot_restore_py._after_restore_registry
    ]
    assert lambda_handler._close_connections_before_snapshot in before
    assert lambda_handler._reseed_after_restore in after

    closed = []
    monkeypatch.setattr(lambda_handler.connections, "close_all", lambda: closed.append(True))
    lambda_handler._close_connections_before_snapshot()
    assert closed == [True]

    random.seed(1)
    first = random.random()
    random.seed(1)
    lambda_handler._reseed_after_restore()
    assert random.random() != first


COLD_START_THEN_STAFF_PAGES = """
import gc, json, sys
from prism.lambda_handler import handler
from tests.foundation.lambda_events import http_api_v2_event as event

rare = ["accounts.admin", "projects.admin", "reviews.admin", "django.contrib.auth.admin",
        "whitenoise.middleware", "boto3", "storages.backends.s3", "oracledb",
        # The apps' URL tables, views and serializers wait for a request that reaches them.
        "accounts.views", "projects.views", "reviews.views", "accounts.serializers"]
# Every URL table of the project's own apps (a new app's too): none loads before a request
# reaches it (`app_routes` in prism/urls.py).
import importlib.util
from pathlib import Path
from django.apps import apps
from django.conf import settings
rare += [f"{app.name}.urls" for app in apps.get_app_configs()
         if Path(app.path).parent == Path(settings.BASE_DIR) and app.name != "prism"
         and importlib.util.find_spec(f"{app.name}.urls")]
health = handler(event("GET", "/healthcheck"), None)["statusCode"]
loaded = [module for module in rare if module in sys.modules]
me = handler(event("GET", "/api/v1/users/me"), None)  # anonymous: 401, no database needed
app_views = [m for m in ("accounts.views", "projects.views", "reviews.views") if m in sys.modules]
login = handler(event("GET", "/admin/login/"), None)["statusCode"]
css = handler(event("GET", "/static/admin/css/base.css"), None)["statusCode"]
print(json.dumps({"health": health, "loaded": loaded, "login": login, "css": css,
                  "me": me["statusCode"], "app_views": app_views,
                  "admin_after": "accounts.admin" in sys.modules,
                  "init_frozen": gc.get_freeze_count() > 0}))
"""


def test_a_cold_start_leaves_rarely_used_modules_unloaded(tmp_path):
    """The API's cold start loads no admin, static-file index, S3 or Oracle module, nor any
    app's views; a request loads its own app's, the staff pages theirs, on first use."""
    report = report_of_fresh_process(COLD_START_THEN_STAFF_PAGES, tmp_path / "cold.sqlite3")
    assert report == {
        "health": 200,
        "loaded": [],
        "me": 401,
        "app_views": ["accounts.views"],  # the first app in the URL table, and no other
        "login": 200,
        "css": 200,
        "admin_after": True,
        "init_frozen": True,  # kept out of the garbage collector's scans
    }


def test_snapstart_init_loads_what_cold_requests_would_load_lazily(tmp_path):
    code = (
        "import json, sys; import prism.lambda_handler; "
        "print(json.dumps([m for m in ('accounts.admin', 'storages.backends.s3',"
        " 'whitenoise.middleware', 'projects.views', 'reviews.views') if m not in sys.modules]))"
    )
    missing = report_of_fresh_process(
        code, tmp_path / "snap.sqlite3", AWS_LAMBDA_INITIALIZATION_TYPE="snap-start"
    )
    assert missing == []


# As in the Lambda package, where the OpenAPI generator is absent (None blocks an import).
PACKAGE_WITHOUT_OPENAPI_GENERATOR = """
import json, sys
sys.modules.update(dict.fromkeys(["drf_spectacular", "yaml", "uritemplate", "jsonschema"]))
from django.conf import settings
from prism.lambda_handler import handler, migrate
from tests.foundation.lambda_events import http_api_v2_event as event

migrate({}, None)
docs = handler(event("GET", "/api-docs"), None)
ui = handler(event("GET", "/swagger-ui.html"), None)
exists = handler(event("GET", "/api/v1/auth/email/exists", query=[("email", "a@b.c")]), None)
print(json.dumps({
    "docs": docs["statusCode"],
    "type": {k.lower(): v for k, v in docs["headers"].items()}["content-type"],
    "paths": len(json.loads(docs["body"])["paths"]),
    "ui": ui["statusCode"],
    "exists": json.loads(exists["body"]),
    "generator": settings.OPENAPI_GENERATOR_INSTALLED,
}))
"""


def test_the_package_serves_everything_without_the_openapi_generator(tmp_path):
    report = report_of_fresh_process(
        PACKAGE_WITHOUT_OPENAPI_GENERATOR, tmp_path / "package.sqlite3"
    )
    assert report["docs"] == 200 and report["type"] == "application/json"
    assert report["paths"] > 30
    assert report["ui"] == 200
    assert report["exists"] == {"success": True, "status": 200, "data": False}
    assert report["generator"] is False
