"""Profile images in a signature-checking S3 server (SeaweedFS), with the storage settings the
app really builds from its environment (settings.py's S3 block: django-storages' S3Storage,
SigV4, private bucket, presigned URLs that expire).

moto's server (test_profiles.py) accepts any signature; these tests would pass there with a
tampered or expired URL, which is why they run against a server that checks.
"""

from __future__ import annotations

import io
import runpy
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import boto3
import pytest
import requests

from tests.envelopes import error, ok
from tests.images import decoded, image_bytes
from tests.servers import SEAWEED_ACCESS_KEY, SEAWEED_SECRET_KEY, signature_checking_s3_server

pytestmark = pytest.mark.django_db

BUCKET = "prism-media"
SETTINGS_FILE = Path(__file__).resolve().parents[2] / "prism" / "settings.py"


@pytest.fixture(scope="module")
def s3_endpoint():
    with signature_checking_s3_server() as endpoint:
        s3_client(endpoint).create_bucket(Bucket=BUCKET)
        yield endpoint


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=SEAWEED_ACCESS_KEY,
        aws_secret_access_key=SEAWEED_SECRET_KEY,
    )


def storages_from_environment(monkeypatch, endpoint, **extra_env):
    """STORAGES exactly as settings.py builds it when production's variables are set."""
    env = {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": SEAWEED_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SEAWEED_SECRET_KEY,
        **extra_env,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))["STORAGES"]


@pytest.fixture
def real_s3(settings, monkeypatch, s3_endpoint):
    settings.STORAGES = storages_from_environment(monkeypatch, s3_endpoint)
    assert settings.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    return s3_endpoint


def upload(client, content, name="avatar.png"):
    file = io.BytesIO(content)
    file.name = name
    return client.put("/api/v1/users/profile/image", {"image": file}, format="multipart")


def fetch(url: str) -> tuple[int, bytes]:
    response = requests.get(url, timeout=10)
    return response.status_code, response.content


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    assert set(changes) <= set(query), f"{set(changes) - set(query)} not in {url}"
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


def test_uploaded_image_is_served_by_its_presigned_url(
    real_s3, user, user_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        url = ok(upload(user_client, image_bytes("PNG", size=(12, 9))))["profileImageUrl"]
    assert url.startswith(f"{real_s3}/{BUCKET}/")
    query = dict(parse_qsl(urlsplit(url).query))
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Expires"] == "3600"

    status, body = fetch(url)
    assert status == 200
    assert decoded(body)[:2] == ("PNG", (12, 9))
    # The same object is what /users/me names, freshly signed.
    me_url = ok(user_client.get("/api/v1/users/me"))["profileImageUrl"]
    assert fetch(me_url) == (200, body)


def test_a_tampered_signature_is_refused(real_s3, user_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        url = ok(upload(user_client, image_bytes("JPEG"), "me.jpg"))["profileImageUrl"]
    signature = dict(parse_qsl(urlsplit(url).query))["X-Amz-Signature"]
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")

    assert fetch(url)[0] == 200
    assert fetch(with_query(url, **{"X-Amz-Signature": flipped}))[0] == 403
    # A signature is bound to its key and its lifetime: reuse on another object or a longer
    # expiry is refused too.
    assert fetch(url.replace(".jpg?", "x.jpg?", 1))[0] == 403
    assert fetch(with_query(url, **{"X-Amz-Expires": "604800"}))[0] == 403
    # Without any signature the private bucket answers 403 as well.
    assert fetch(urlunsplit(urlsplit(url)._replace(query="")))[0] == 403


def test_an_expired_url_is_refused(
    settings, monkeypatch, s3_endpoint, user_client, django_capture_on_commit_callbacks
):
    settings.STORAGES = storages_from_environment(
        monkeypatch, s3_endpoint, AWS_QUERYSTRING_EXPIRE="1"
    )
    with django_capture_on_commit_callbacks(execute=True):
        url = ok(upload(user_client, image_bytes("WEBP"), "me.webp"))["profileImageUrl"]
    assert dict(parse_qsl(urlsplit(url).query))["X-Amz-Expires"] == "1"
    time.sleep(2.1)
    assert fetch(url)[0] == 403


def test_replacing_deleting_and_refusing_through_the_api(
    real_s3, user, user_client, django_capture_on_commit_callbacks
):
    s3 = s3_client(real_s3)
    with django_capture_on_commit_callbacks(execute=True):
        first_url = ok(upload(user_client, image_bytes("PNG")))["profileImageUrl"]
    user.refresh_from_db()
    first_key = user.profile_image.name
    assert s3.head_object(Bucket=BUCKET, Key=first_key)["ContentLength"] > 0

    with django_capture_on_commit_callbacks(execute=True):
        ok(upload(user_client, image_bytes("JPEG"), "me.jpg"))
    user.refresh_from_db()
    # The replaced object is gone from the bucket, so its old URL no longer serves it.
    assert fetch(first_url)[0] == 404
    assert s3.head_object(Bucket=BUCKET, Key=user.profile_image.name)["ContentLength"] > 0

    error(upload(user_client, b"not an image"), 400, "Global_400_1")
    user.refresh_from_db()
    second_key = user.profile_image.name
    assert s3.head_object(Bucket=BUCKET, Key=second_key)

    with django_capture_on_commit_callbacks(execute=True):
        assert ok(user_client.delete("/api/v1/users/profile/image")) is None
    with pytest.raises(s3.exceptions.ClientError):
        s3.head_object(Bucket=BUCKET, Key=second_key)
