"""With DEBUG off and no network, as documented: Swagger UI's assets, the admin, local media,
and configuration mistakes that stop with one clear line."""

from __future__ import annotations

import json
import re

import pytest

from tests.envelopes import error
from tests.subprocesses import clean_environment, run_python

KEY = "k3y-for-tests-only-" * 3  # 57 characters

ASSET = re.compile(rb'(?:src|href)="([^"]+)"')


def debug_off_environment(tmp_path, **variables) -> dict[str, str]:
    base = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": KEY,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "PRISM_DATA_DIR": str(tmp_path),
    }
    return clean_environment(**{**base, **variables})


# In a fresh process with DEBUG off: the pages, their assets and a stored image as served.
DEBUG_OFF_VISIT = """
import json, re, django
django.setup()
from pathlib import Path
from django.conf import settings
from django.test import Client
image = Path(settings.MEDIA_ROOT) / "profile-images" / "ab" / "x.png"
image.parent.mkdir(parents=True)
image.write_bytes(b"\\x89PNG\\r\\n\\x1a\\n<html><script>alert(1)</script>")
(image.parent / "page.html").write_text("<script>alert(1)</script>")
client = Client()
report = {}
for path in ["/admin/login/", "/swagger-ui.html"]:
    page = client.get(path)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.content.decode())
    report[path] = {
        "status": page.status_code,
        "assets": {a: client.get(a).status_code for a in assets if a.startswith("/static/")},
        "external": [a for a in assets if "://" in a],
    }
media = client.get("/media/profile-images/ab/x.png")
report["media"] = {k: media.get(k) for k in
    ["Content-Type", "X-Content-Type-Options", "Content-Security-Policy"]}
report["media"]["status"] = media.status_code
report["html"] = client.get("/media/profile-images/ab/page.html").status_code
report["traversal"] = client.get("/media/../../prism/settings.py").status_code
print(json.dumps(report))
"""


def test_debug_off_serves_the_admin_swagger_ui_offline_and_local_images_safely(tmp_path):
    done = run_python("-c", DEBUG_OFF_VISIT, env=debug_off_environment(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for path in ["/admin/login/", "/swagger-ui.html"]:
        assert report[path]["status"] == 200
        assert report[path]["external"] == []  # nothing from a CDN: works offline
        assert report[path]["assets"] and set(report[path]["assets"].values()) == {200}
    assert any("swagger-ui-bundle" in a for a in report["/swagger-ui.html"]["assets"])
    assert report["media"] == {
        "status": 200,
        "Content-Type": "image/png",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    assert report["html"] == 404 and report["traversal"] == 404


def test_a_missing_static_manifest_is_a_clear_check_error_not_a_500(tmp_path):
    env = debug_off_environment(tmp_path, DJANGO_STATIC_ROOT=str(tmp_path / "never-collected"))
    done = run_python("manage.py", "check", env=env, timeout=60)
    assert done.returncode != 0
    assert "prism.E005" in done.stderr and "collectstatic" in done.stderr


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off"),
        ({"PRISM_TASK_MAX_ATTEMPTS": "many"}, "PRISM_TASK_MAX_ATTEMPTS must be an integer"),
    ],
)
def test_configuration_mistakes_stop_with_one_clear_line(tmp_path, variables, message):
    done = run_python("manage.py", "check", env=debug_off_environment(tmp_path, **variables))
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()  # one line, no traceback
    assert line.startswith(f"Configuration error: {message}")


def test_a_key_django_would_call_weak_is_refused(tmp_path):
    done = run_python(
        "manage.py", "check", env=debug_off_environment(tmp_path, DJANGO_SECRET_KEY="k" * 40)
    )
    assert done.returncode != 0 and "prism.E001" in done.stderr


def test_swagger_ui_page_loads_nothing_from_a_cdn(api_client):
    page = api_client.get("/swagger-ui.html")
    assets = [a.decode() for a in ASSET.findall(page.content)]
    assert assets and all(a.startswith("/static/") for a in assets), assets


@pytest.mark.django_db
def test_local_media_serves_only_images(api_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "a.svg").write_text("<svg onload='alert(1)'/>")
    error(api_client.get("/media/a.svg"), 404, "Global_404_1")
    error(api_client.get("/media/missing.png"), 404, "Global_404_1")
