"""U1–U3 and the profile image (DESIGN D11, D14)."""

import io
import uuid

import boto3
import pytest
from django.core.files.storage import default_storage

from accounts.models import UserSkill
from tests.conftest import bearer_client
from tests.envelopes import error, ok
from tests.factories import UserFactory
from tests.servers import s3_server

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64


# --- U1/U2 ---------------------------------------------------------------------------------------


def test_me_returns_the_contract_fields(user, user_client):
    UserSkill.objects.create(user=user, position=0, value="Django")
    assert ok(user_client.get("/api/v1/users/me")) == {
        "userId": str(user.id),
        "email": user.email,
        "username": user.name,
        "interestJobs": [],
        "skills": ["Django"],
        "profileImageUrl": None,
    }


def test_me_needs_a_token(api_client):
    error(api_client.get("/api/v1/users/me"), 401, "AuthCode_401_4")


def test_public_profile_for_anyone(api_client, user):
    user.introduction = "hello"
    user.save()
    data = ok(api_client.get(f"/api/v1/users/{user.id}/profile"))
    assert data == {
        "username": user.name,
        "email": user.email,
        "interestJobs": [],
        "skills": [],
        "introduction": "hello",
        "profileImageUrl": None,
    }
    assert ok(bearer_client(UserFactory()).get(f"/api/v1/users/{user.id}/profile")) == data


@pytest.mark.parametrize("user_id", [str(uuid.uuid4()), "not-a-uuid", "-1"])
def test_unknown_profile_is_404(api_client, user_id):
    error(api_client.get(f"/api/v1/users/{user_id}/profile"), 404, "Global_404_1")


def test_profile_reads_use_a_constant_number_of_queries(api_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries = []
    for count in (1, 25):
        user = UserFactory()
        for index in range(count):
            UserSkill.objects.create(user=user, position=index, value=f"skill{index}")
        with CaptureQueriesContext(connection) as captured:
            assert len(ok(api_client.get(f"/api/v1/users/{user.id}/profile"))["skills"]) == count
        queries.append(len(captured))
    assert queries == [3, 3]


# --- U3 (DESIGN D11) -----------------------------------------------------------------------------


def patch(client, body):
    return client.patch("/api/v1/users/profile", body, format="json")


def test_profile_patch_semantics(user, user_client):
    assert (
        ok(
            patch(
                user_client,
                {
                    "username": "새이름",
                    "skills": ["A", " B ", "A", ""],
                    "interestJobs": ["PM"],
                    "introduction": "hi",
                },
            )
        )
        is None
    )
    me = ok(user_client.get(f"/api/v1/users/{user.id}/profile"))
    assert (me["username"], me["skills"], me["interestJobs"], me["introduction"]) == (
        "새이름",
        ["A", "B"],
        ["PM"],
        "hi",
    )

    # Blank strings change nothing; absent lists stay; an empty list clears (the client's delete).
    ok(patch(user_client, {"username": "   ", "introduction": "", "skills": []}))
    me = ok(user_client.get(f"/api/v1/users/{user.id}/profile"))
    assert (me["username"], me["skills"], me["interestJobs"], me["introduction"]) == (
        "새이름",
        [],
        ["PM"],
        "hi",
    )

    # null clears the introduction.
    ok(patch(user_client, {"introduction": None}))
    assert ok(user_client.get(f"/api/v1/users/{user.id}/profile"))["introduction"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"username": ""},
        {"username": "x" * 21},
        {"introduction": "x" * 101},
        {"skills": "Django"},
        {"skills": ["x" * 101]},
    ],
)
def test_profile_patch_validation(user_client, body):
    error(patch(user_client, body), 400, "Global_400_1")


def test_profile_patch_needs_a_token(api_client):
    error(patch(api_client, {"username": "a"}), 401, "AuthCode_401_4")


# --- Profile image (D14) -------------------------------------------------------------------------


def upload(client, content, name="avatar.png"):
    file = io.BytesIO(content)
    file.name = name
    return client.put("/api/v1/users/profile/image", {"image": file}, format="multipart")


@pytest.fixture
def local_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


@pytest.mark.parametrize(("content", "extension"), [(PNG, "png"), (JPEG, "jpg"), (WEBP, "webp")])
def test_upload_recognises_images_by_content(
    local_media, user, user_client, django_capture_on_commit_callbacks, content, extension
):
    with django_capture_on_commit_callbacks(execute=True):
        data = ok(upload(user_client, content, name="whatever.txt"))
    assert data["profileImageUrl"].endswith(f".{extension}")
    user.refresh_from_db()
    assert default_storage.exists(user.profile_image.name)
    assert ok(user_client.get("/api/v1/users/me"))["profileImageUrl"] == data["profileImageUrl"]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"GIF89a" + b"\x00" * 20, "a.png"),
        (b"<svg></svg>", "a.png"),
        (PNG + b"\x00" * (2 * 1024 * 1024), "big.png"),
    ],
)
def test_non_images_and_oversized_files_are_400(local_media, user_client, content, name):
    message = error(upload(user_client, content, name), 400, "Global_400_1")
    assert message.startswith("image:")


def test_upload_without_a_file_is_400(local_media, user_client):
    error(
        user_client.put("/api/v1/users/profile/image", {}, format="multipart"), 400, "Global_400_1"
    )


def test_profile_image_endpoints_need_a_token(api_client):
    error(upload(api_client, PNG), 401, "AuthCode_401_4")
    error(api_client.delete("/api/v1/users/profile/image"), 401, "AuthCode_401_4")


def test_replacing_and_deleting_remove_old_files(
    local_media, user, user_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ok(upload(user_client, PNG))
    user.refresh_from_db()
    first = user.profile_image.name
    with django_capture_on_commit_callbacks(execute=True):
        ok(upload(user_client, JPEG))
    user.refresh_from_db()
    assert not default_storage.exists(first) and default_storage.exists(user.profile_image.name)
    second = user.profile_image.name
    with django_capture_on_commit_callbacks(execute=True):
        assert ok(user_client.delete("/api/v1/users/profile/image")) is None
    assert not default_storage.exists(second)
    assert ok(user_client.get("/api/v1/users/me"))["profileImageUrl"] is None


def test_profile_image_in_a_real_s3_compatible_server(
    settings, user, user_client, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with s3_server() as endpoint:
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        s3.create_bucket(Bucket="prism-media")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "prism-media",
                    "endpoint_url": endpoint,
                    "region_name": "us-east-1",
                    "signature_version": "s3v4",
                    "querystring_auth": True,
                    "file_overwrite": False,
                },
            },
        }
        with django_capture_on_commit_callbacks(execute=True):
            first_url = ok(upload(user_client, PNG))["profileImageUrl"]
        keys = [obj["Key"] for obj in s3.list_objects_v2(Bucket="prism-media").get("Contents", [])]
        assert len(keys) == 1 and keys[0].endswith(".png")
        assert first_url.startswith(endpoint) and "X-Amz-Signature" in first_url
        assert s3.get_object(Bucket="prism-media", Key=keys[0])["Body"].read() == PNG

        with django_capture_on_commit_callbacks(execute=True):
            ok(upload(user_client, JPEG))
        keys_after = [
            obj["Key"] for obj in s3.list_objects_v2(Bucket="prism-media").get("Contents", [])
        ]
        assert len(keys_after) == 1 and keys_after[0].endswith(".jpg")

        error(upload(user_client, b"not an image"), 400, "Global_400_1")
        assert len(s3.list_objects_v2(Bucket="prism-media").get("Contents", [])) == 1
