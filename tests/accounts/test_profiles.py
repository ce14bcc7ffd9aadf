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
from tests.images import decoded, image_bytes
from tests.servers import s3_server

pytestmark = pytest.mark.django_db

PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
WEBP = image_bytes("WEBP")


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
        stored = s3.get_object(Bucket="prism-media", Key=keys[0])["Body"].read()
        assert decoded(stored)[:2] == ("PNG", (8, 8))

        with django_capture_on_commit_callbacks(execute=True):
            ok(upload(user_client, JPEG))
        keys_after = [
            obj["Key"] for obj in s3.list_objects_v2(Bucket="prism-media").get("Contents", [])
        ]
        assert len(keys_after) == 1 and keys_after[0].endswith(".jpg")

        error(upload(user_client, b"not an image"), 400, "Global_400_1")
        assert len(s3.list_objects_v2(Bucket="prism-media").get("Contents", [])) == 1


# --- Hostile images: only re-encoded pixels are stored (issue 12 item 6) -------------------------

HTML = b"<html><script>alert(document.cookie)</script></html>"


def png_with_text_chunk(text: bytes) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", text.decode())
    return image_bytes("PNG", pnginfo=info)


def jpeg_with_exif() -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {2: (37.0, 33.0, 0.0)}  # GPS latitude: where the photo was taken
    return image_bytes("JPEG", exif=exif.tobytes())


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, id="png-signature-then-garbage"),
        pytest.param(b"\xff\xd8\xff<?php system($_GET['c']); ?>", id="jpeg-signature-then-php"),
        pytest.param(image_bytes("PNG")[:40], id="truncated-png"),
        pytest.param(b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64, id="webp-header-only"),
        pytest.param(image_bytes("GIF"), id="a-real-gif"),
        pytest.param(image_bytes("BMP"), id="a-real-bmp"),
    ],
)
def test_what_does_not_decode_as_png_jpeg_or_webp_is_400(local_media, user, user_client, content):
    message = error(upload(user_client, content), 400, "Global_400_1")
    assert message.startswith("image:")
    user.refresh_from_db()
    assert not user.profile_image
    assert not any(local_media.rglob("*.*"))


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(image_bytes("PNG") + HTML, id="png-then-html"),
        pytest.param(png_with_text_chunk(HTML), id="html-in-a-png-text-chunk"),
    ],
)
def test_a_png_html_polyglot_is_stored_as_pixels_only(
    local_media, user, user_client, django_capture_on_commit_callbacks, content
):
    with django_capture_on_commit_callbacks(execute=True):
        ok(upload(user_client, content))
    user.refresh_from_db()
    stored = default_storage.open(user.profile_image.name).read()
    assert b"<script" not in stored and b"<html" not in stored
    assert decoded(stored) == ("PNG", (8, 8), set())


def test_metadata_is_stripped(local_media, user, user_client, django_capture_on_commit_callbacks):
    original = jpeg_with_exif()
    assert "exif" in decoded(original)[2]
    with django_capture_on_commit_callbacks(execute=True):
        assert ok(upload(user_client, original))["profileImageUrl"].endswith(".jpg")
    user.refresh_from_db()
    stored = default_storage.open(user.profile_image.name).read()
    image_format, size, info = decoded(stored)
    assert (image_format, size) == ("JPEG", (8, 8))
    assert "exif" not in info and b"Camera maker" not in stored


def test_a_transparent_palette_png_keeps_its_transparency(
    local_media, user, user_client, django_capture_on_commit_callbacks
):
    from PIL import Image

    palette = Image.new("RGBA", (4, 4), (0, 0, 0, 0)).convert("P")
    out = io.BytesIO()
    palette.save(out, format="PNG", transparency=0)
    with django_capture_on_commit_callbacks(execute=True):
        ok(upload(user_client, out.getvalue()))
    user.refresh_from_db()
    with Image.open(default_storage.open(user.profile_image.name)) as stored:
        assert stored.mode == "RGBA" and stored.getpixel((0, 0))[3] == 0


def test_a_decompression_bomb_is_400_before_decoding(local_media, user_client):
    from PIL import Image

    # 64 megapixels of one colour compress to a few kilobytes.
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG")
    bomb = out.getvalue()
    assert len(bomb) < 10_000
    message = error(upload(user_client, bomb), 400, "Global_400_1")
    assert "megapixels" in message
    assert not any(local_media.rglob("*.*"))


def test_no_orphan_file_when_the_database_write_fails(
    local_media, user, django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import DatabaseError

    from accounts import services
    from accounts.images import CleanImage

    with django_capture_on_commit_callbacks(execute=True):
        old_name = services.set_profile_image(user=user, image=CleanImage(PNG, "png"))

    def failing_write(**kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(services, "_replace_profile_image", failing_write)
    with pytest.raises(DatabaseError), django_capture_on_commit_callbacks(execute=True):
        services.set_profile_image(user=user, image=CleanImage(JPEG, "jpg"))
    stored = sorted(path.name for path in local_media.rglob("*.*"))
    assert stored == [old_name.rsplit("/", 1)[-1]]  # the new file is gone, the old one kept
    user.refresh_from_db()
    assert user.profile_image.name == old_name


def test_pillow_is_not_imported_at_start_up():
    from tests.subprocesses import clean_environment, run_python

    code = "import sys, prism.lambda_handler; print('PIL' in sys.modules)"
    result = run_python("-c", code, env=clean_environment())
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
