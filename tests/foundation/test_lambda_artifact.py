"""The Lambda package `make sam-build` ships, checked as Lambda runs it (issues 13.6 and 17).

The package is built once per session by the Makefile's own recipe (`make build-WebFunction`,
what `sam build` calls; cached under bench/.runtime by a digest of its inputs), zipped as SAM
zips it (entries dated 1980), and unpacked into a read-only tree whose files are all dated
1980. A fresh interpreter with PYTHONDONTWRITEBYTECODE then imports the handler and answers
a request: no module of the package may be compiled from source on the way.
"""

from __future__ import annotations

import json
import py_compile
import subprocess
import sys
from pathlib import Path

import pytest

from bench.artifact import (
    built_package,
    remove_read_only_tree,
    unpack_as_lambda,
    zip_package,
    zipped_sizes_mb,
)
from tests.subprocesses import clean_environment

ROOT = Path(__file__).resolve().parents[2]
PROBE = ROOT / "bench" / "bytecode_probe.py"
# The interpreter without this virtualenv's packages: only the unpacked package is importable.
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)


@pytest.fixture(scope="session")
def package() -> Path:
    return built_package()


@pytest.fixture(scope="session")
def unpacked(package: Path, tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("lambda-task")
    archive = zip_package(package, workdir / "package.zip")
    task = unpack_as_lambda(archive, workdir / "task")
    yield task
    remove_read_only_tree(task)


def probe(package_dir: Path, module: str, *args: str, tmp_path: Path) -> dict:
    env = clean_environment(
        PYTHONPATH=str(package_dir),
        PYTHONDONTWRITEBYTECODE="1",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="artifact-test-" + "k" * 48,
        DJANGO_ALLOWED_HOSTS="localhost",
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    )
    env.pop("PYTHONHOME", None)
    done = subprocess.run(
        [BASE_PYTHON, "-s", str(PROBE), str(package_dir), module, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_handler_and_first_request_use_only_the_shipped_bytecode(unpacked: Path, tmp_path):
    # A path no route matches walks every app's URL table, which loads on first use
    # (prism/urls.py): their views, serializers and services are checked too.
    report = probe(
        unpacked, "prism.lambda_handler", "/healthcheck", "/api/v1/no-such-route", tmp_path=tmp_path
    )

    assert report["dont_write_bytecode"] == 1
    assert report["statuses"] == [200, 404]
    assert report["compiled_from_source"] == []
    # The probe really imported Django, DRF and the app from the unpacked package.
    assert report["modules_from_package"] > 300


def test_the_probe_sees_timestamped_bytecode_recompiled_after_unpacking(tmp_path):
    # The failure this guards against: bytecode validated by timestamp, as pip writes it.
    package = tmp_path / "package"
    (package / "stale_app").mkdir(parents=True)
    source = package / "stale_app" / "__init__.py"
    source.write_text("VALUE = 1\n")
    py_compile.compile(str(source), invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
    archive = zip_package(package, tmp_path / "stale.zip")
    task = unpack_as_lambda(archive, tmp_path / "task")
    try:
        report = probe(task, "stale_app", tmp_path=tmp_path)
    finally:
        remove_read_only_tree(task)

    assert report["compiled_from_source"] == ["stale_app/__init__.py"]


def test_the_package_ships_no_tests_or_dev_tools_and_fits_the_budget(package: Path):
    shipped = {path.name for path in package.iterdir()}

    for dev_only in ("tests", "bench", "scripts", "drf_spectacular", "pytest", "ruff", "bin"):
        assert dev_only not in shipped
    assert not (package / "django" / "contrib" / "gis").exists()
    assert list(package.rglob("*.po")) == []
    assert zipped_sizes_mb(package)["without_boto3_mb"] <= 25


def test_the_images_profile_pictures_use_still_decode_without_the_dropped_extensions(
    unpacked: Path, tmp_path
):
    script = (
        "import io, sys\n"
        "from PIL import Image, ImageOps\n"
        "for fmt in ('PNG', 'JPEG', 'WEBP'):\n"
        "    data = io.BytesIO(); Image.new('RGB', (4, 4)).save(data, fmt); data.seek(0)\n"
        "    ImageOps.exif_transpose(Image.open(data, formats=[fmt])).load()\n"
        "print(Image.__file__)\n"
    )
    done = subprocess.run(
        [BASE_PYTHON, "-s", "-c", script],
        cwd=tmp_path,
        env=clean_environment(PYTHONPATH=str(unpacked), PYTHONDONTWRITEBYTECODE="1"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().startswith(str(unpacked))
