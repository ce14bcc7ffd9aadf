"""`manage.py migrate` alone gives a working database (issue 13 §1).

A fresh SQLite file gets a plain `migrate` and nothing else (no `createcachetable`, no
seeding); a second process then runs code → verification → sign-up → login through the API.
"""

import json

from tests.subprocesses import clean_environment, run_python

FLOW = """
import json, re
import django
django.setup()
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()  # the in-memory outbox, and the test client's host allowed
client = Client(REMOTE_ADDR="198.51.100.77")
email = "fresh@example.com"

def post(path, body):
    response = client.post(path, body, content_type="application/json")
    return response.status_code, response.json()

report = {"tables": sorted(connection.introspection.table_names())}
report["code"] = post("/api/v1/auth/code", {"email": email, "authType": "SIGNUP"})[0]
code = re.search(r"인증 번호: ([A-Z0-9]{6})", mail.outbox[-1].body).group(1)
report["verify"] = post(
    "/api/v1/auth/code/verification", {"email": email, "authCode": code, "authType": "SIGNUP"}
)[0]
status, body = post(
    "/api/v1/auth/signup",
    {"username": "fresh", "email": email, "authCode": code, "password": "fresh1234!"},
)
report["signup"] = [status, body.get("status")]
status, body = post("/api/v1/auth/login", {"email": email, "password": "fresh1234!"})
report["login"] = status
report["tokens"] = sorted((body.get("data") or {}).keys())
print(json.dumps(report))
"""


def test_plain_migrate_is_enough_for_the_sign_up_flow(tmp_path):
    env = clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    migrated = run_python("manage.py", "migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr[-3000:]

    done = run_python("-c", FLOW, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert "prism_abuse_counter" in report["tables"]
    assert "prism_cache" not in report["tables"]
    assert (report["code"], report["verify"], report["login"]) == (200, 200, 200)
    assert report["signup"] == [200, 201]  # the envelope's logical status (DESIGN D1)
    assert {"accessToken", "refreshToken"} <= set(report["tokens"])
