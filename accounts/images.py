"""Profile images (DESIGN D14): recognised by their bytes, never by their file name."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

# Magic numbers of the accepted formats → the extension the stored file gets.
_SIGNATURES: list[tuple[int, bytes, str]] = [
    (0, b"\x89PNG\r\n\x1a\n", "png"),
    (0, b"\xff\xd8\xff", "jpg"),
]


def sniff_image_type(upload: UploadedFile) -> str | None:
    """'png', 'jpg' or 'webp' from the file's first bytes; None for anything else."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for offset, signature, extension in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None
