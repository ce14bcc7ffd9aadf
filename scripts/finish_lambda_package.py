"""Finish a Lambda package folder (the Makefile's build_function, the artifact test, the bench).

    finish_lambda_package.py FOLDER

1. Drops what never runs in Lambda: console scripts, translation sources (`.po`; the compiled
   `.mo` is what Django loads), catalogues of languages PRism never activates, GeoDjango,
   package static folders whose files are already in `staticfiles/` (collected, hashed), and
   Pillow's font, AVIF and Tk extensions with the libraries only they need.
2. Compiles every module, app and dependencies alike, to bytecode validated by a hash of its
   source (`unchecked-hash`). Lambda unpacks the zip with every file dated 1980, so
   timestamp-validated bytecode no longer matches its source and Python would recompile it on
   every cold start (in memory only: the disk is read-only). Unchecked hashes are trusted as
   they are: the package is immutable once built.

Must run on the runtime's Python (template.yaml's `Runtime`), whose bytecode Lambda loads.
"""

from __future__ import annotations

import compileall
import py_compile
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# LANGUAGE_CODE is en-us and there is no LocaleMiddleware: no other catalogue is ever read.
# Korean stays for whoever turns it on (the team's language).
KEPT_LANGUAGES = ("en", "en_US", "ko")

# Folders (relative to the package) that nothing at run time imports or serves.
UNUSED_TREES = (
    "bin",  # console scripts (django-admin, sqlformat, jp.py)
    "django/contrib/gis",  # GeoDjango: not installed, not imported
    "rest_framework/static",  # browsable API assets: the API renders JSON only
    "django/contrib/admin/static",  # collected into staticfiles/ (hashed names)
)

# Pillow extensions PRism never loads (it decodes PNG, JPEG and WebP: accounts/images.py) and
# the bundled libraries only they link: AVIF, fonts (FreeType, HarfBuzz, Brotli, libpng), Tk.
# Pillow treats a missing optional extension as an unsupported feature.
UNUSED_FILES = (
    "PIL/_avif.*.so",
    "PIL/_imagingft.*.so",
    "PIL/_imagingtk.*.so",
    "pillow.libs/libavif-*",
    "pillow.libs/libfreetype-*",
    "pillow.libs/libharfbuzz-*",
    "pillow.libs/libbrotlicommon-*",
    "pillow.libs/libbrotlidec-*",
    "pillow.libs/libpng16-*",
)


def runtime_python() -> tuple[int, int]:
    template = (ROOT / "template.yaml").read_text()
    match = re.search(r"^\s+Runtime:\s*python(\d+)\.(\d+)\s*$", template, re.M)
    if not match:
        raise SystemExit("template.yaml names no python runtime")
    return int(match.group(1)), int(match.group(2))


def prune(folder: Path) -> None:
    for relative in UNUSED_TREES:
        shutil.rmtree(folder / relative, ignore_errors=True)
    for pattern in UNUSED_FILES:
        for path in folder.glob(pattern):
            path.unlink()
    for cache in list(folder.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)
    for path in list(folder.rglob("*.po")):
        path.unlink()
    for locale in list(folder.rglob("locale")):
        if not locale.is_dir():
            continue
        for language in locale.iterdir():
            if language.is_dir() and language.name not in KEPT_LANGUAGES:
                shutil.rmtree(language)


def compile_all(folder: Path) -> None:
    ok = compileall.compile_dir(
        str(folder),
        quiet=1,
        force=True,
        workers=0,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    if not ok:
        raise SystemExit(f"some modules under {folder} did not compile")


def main() -> None:
    folder = Path(sys.argv[1]).resolve()
    wanted = runtime_python()
    if sys.version_info[:2] != wanted:
        raise SystemExit(
            f"bytecode must be compiled by Python {wanted[0]}.{wanted[1]} (the Lambda runtime), "
            f"not {sys.version_info[0]}.{sys.version_info[1]}"
        )
    prune(folder)
    compile_all(folder)


if __name__ == "__main__":
    main()
