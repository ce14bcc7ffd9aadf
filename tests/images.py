"""Real images for upload tests, made by Pillow in memory."""

from __future__ import annotations

import io


def image_bytes(image_format: str = "PNG", size=(8, 8), color=(200, 30, 60), **save_options):
    """An image of one colour in `image_format`, with Pillow's `save` options (exif, pnginfo…)."""
    from PIL import Image

    out = io.BytesIO()
    mode = "RGBA" if image_format in ("PNG", "WEBP") and len(color) == 4 else "RGB"
    Image.new(mode, size, color).save(out, format=image_format, **save_options)
    return out.getvalue()


def decoded(content: bytes):
    """The stored file opened again: (format, size, info keys)."""
    from PIL import Image

    with Image.open(io.BytesIO(content)) as image:
        image.load()
        return image.format, image.size, set(image.info)
