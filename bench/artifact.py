"""The Lambda package as `sam build` makes it, zipped and unpacked as Lambda unpacks it.

Shared by `make bench` and the artifact test (tests/foundation/test_lambda_artifact.py):

- `built_package()` runs the Makefile's own recipe (`make build-WebFunction`, what
  `sam build` calls) into a folder cached under bench/.runtime, keyed by a digest of every
  input (requirements, Makefile, the finishing script, the app's sources and static files),
  so a session builds at most once and a changed input always rebuilds.
- `zip_package()` stores it as SAM does (every entry dated 1980-01-01).
- `unpack_as_lambda()` extracts a zip into a read-only tree whose files are all dated
  1980-01-01, as Lambda's /var/task is.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "bench" / ".runtime"
APP_DIRS = ("prism", "accounts", "projects", "reviews", "posts", "screens")
LAMBDA_PROVIDED = ("boto3", "botocore", "s3transfer")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
ZIP_EPOCH_SECONDS = 315532800  # 1980-01-01T00:00:00Z


def _inputs_digest(extra: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    files = [ROOT / "requirements.txt", ROOT / "Makefile", ROOT / "template.yaml"]
    files.append(ROOT / "scripts" / "finish_lambda_package.py")
    files.append(ROOT / "manage.py")
    for folder in (*APP_DIRS, "staticfiles", *extra):
        base = ROOT / folder
        files += sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def built_package(app: str = "prism") -> Path:
    """The web function's package built by the Makefile's recipe (cached by its inputs).

    `app="floor"` builds the floor app the same way: pip --target with the same platform,
    then the same finishing script (prune + hash-validated bytecode).
    """
    RUNTIME.mkdir(parents=True, exist_ok=True)
    key = _inputs_digest() if app == "prism" else _inputs_digest(("bench/floor",))
    target = RUNTIME / f"artifact-{app}-{key}"
    if (target / ".complete").exists():
        return target
    for stale in RUNTIME.glob(f"artifact-{app}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix=f"artifact-{app}-", dir=RUNTIME))
    recipe = "build-WebFunction" if app == "prism" else "build-floor"
    command = ["make", "--no-print-directory", recipe, f"ARTIFACTS_DIR={building}"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        raise RuntimeError(
            f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
        )
    (building / ".complete").write_text(key)
    building.rename(target)
    return target


def _package_files(folder: Path, skip: tuple[str, ...] = ()):
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_dir() or relative.name == ".complete":
            continue
        top = relative.parts[0]
        if top in skip or top.split("-")[0] in skip:
            continue
        yield path, relative


def zip_package(folder: Path, archive: Path, *, skip: tuple[str, ...] = ()) -> Path:
    """Zip as SAM does: deflated, every entry dated 1980-01-01, modes kept."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path, relative in _package_files(folder, skip):
            info = zipfile.ZipInfo(str(relative), date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (path.stat().st_mode & 0xFFFF) << 16
            bundle.writestr(info, path.read_bytes())
    return archive


def zipped_sizes_mb(folder: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        full = zip_package(folder, Path(tmp) / "full.zip").stat().st_size
        lean = zip_package(folder, Path(tmp) / "lean.zip", skip=LAMBDA_PROVIDED).stat().st_size
    return {"with_boto3_mb": full / 1e6, "without_boto3_mb": lean / 1e6}


def unpack_as_lambda(archive: Path, destination: Path) -> Path:
    """Extract with every file and folder dated 1980-01-01, then make the tree read-only."""
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(destination)
    for dirpath, dirnames, filenames in os.walk(destination, topdown=False):
        for name in filenames:
            path = os.path.join(dirpath, name)
            os.utime(path, (ZIP_EPOCH_SECONDS, ZIP_EPOCH_SECONDS))
            os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        for name in dirnames:
            path = os.path.join(dirpath, name)
            os.utime(path, (ZIP_EPOCH_SECONDS, ZIP_EPOCH_SECONDS))
            os.chmod(path, stat.S_IRUSR | stat.S_IXUSR)
    os.chmod(destination, stat.S_IRUSR | stat.S_IXUSR)
    return destination


def remove_read_only_tree(folder: Path) -> None:
    """shutil.rmtree for a tree unpack_as_lambda made read-only."""
    if not folder.exists():
        return
    os.chmod(folder, stat.S_IRWXU)
    for dirpath, dirnames, _ in os.walk(folder):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), stat.S_IRWXU)
    shutil.rmtree(folder)
