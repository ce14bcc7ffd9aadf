"""Profile images (DESIGN D14): decoded and re-encoded, never stored as uploaded.

Checking the first bytes let through anything with an image's signature in front (a PNG
header followed by garbage, a PNG+HTML polyglot, `\\xff\\xd8\\xff<?php…`). Here the upload is
fully decoded and a fresh file is encoded from its pixels alone: what does not decode is
refused, and nothing but pixels (no metadata, no trailing bytes) reaches storage. The pixel
count is bounded before decoding, so a small file cannot expand into gigabytes of memory.

Pillow is imported inside `reencoded_image` only: the web function's cold start should not
pay for it on requests that never see an image.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile

# 25 megapixels: a phone photo fits; decoding it takes ~100 MB at most (RGBA).
MAX_PIXELS = 25_000_000

# Pillow's format name → the stored file's extension. Other decoders are never tried.
_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


class ImageRejected(Exception):
    """The upload is not an image we store; the message says why, for the client."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str


def reencoded_image(upload: UploadedFile) -> CleanImage:
    """Decode a PNG, JPEG or WebP upload and encode its pixels again, without metadata."""
    from PIL import Image

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that: make it an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=list(_FORMATS)) as image:
                return _reencoded(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(f"must be at most {MAX_PIXELS // 1_000_000} megapixels.") from None
    except Exception:  # decoders meet hostile bytes here: any failure means "not an image"
        raise ImageRejected("must be a PNG, JPEG or WebP image that decodes.") from None
    finally:
        upload.seek(0)


def _reencoded(image) -> CleanImage:
    from PIL import ImageOps

    width, height = image.size
    if width * height > MAX_PIXELS:  # from the header, before any pixel is decoded
        raise ImageRejected(
            f"must be at most {MAX_PIXELS // 1_000_000} megapixels (this one is {width}×{height})."
        )
    image.load()  # decodes every pixel: a truncated or corrupt image fails here
    pixels = _upright(image, ImageOps)
    if image.format == "JPEG":
        pixels = pixels.convert("RGB") if pixels.mode not in ("L", "RGB") else pixels
    elif pixels.mode not in ("L", "LA", "RGB", "RGBA") or "transparency" in pixels.info:
        # Palettes, 16-bit, CMYK, a transparent colour kept in metadata: one plain mode,
        # with the transparency as an alpha channel before the metadata goes.
        has_alpha = "A" in pixels.mode or "transparency" in pixels.info
        pixels = pixels.convert("RGBA" if has_alpha else "RGB")
    pixels.info = {}  # no EXIF, ICC profile, text chunks or comments carried over
    out = io.BytesIO()
    if image.format == "JPEG":
        pixels.save(out, format="JPEG", quality=90, optimize=True)
    elif image.format == "WEBP":
        pixels.save(out, format="WEBP", quality=90)
    else:
        pixels.save(out, format="PNG", optimize=True)
    return CleanImage(content=out.getvalue(), extension=_FORMATS[image.format])


def _upright(image, image_ops):
    """The image turned as its EXIF orientation says (the tag is dropped with the rest)."""
    try:
        return image_ops.exif_transpose(image)
    except Exception:  # a malformed EXIF block: the pixels decoded, keep them as they are
        return image.copy()
