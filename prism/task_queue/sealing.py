"""Secrets that must travel through the task queue, sealed with a key the database never holds.

A verification code is stored only as a keyed digest, yet its mail is sent later by a task
whose arguments live in the queue table (`PRISM_TASKS_BACKEND=database`). The code therefore
travels sealed: encrypted and authenticated (Fernet) with a key derived from `SECRET_KEY`,
which lives in the environment/Secrets Manager, not in the database. A leaked queue table
gives away no code; a rotated `SECRET_KEY` (with the old one in `SECRET_KEY_FALLBACKS`)
still opens what was sealed before the rotation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings

# Domain separation: this key is used for nothing else that SECRET_KEY signs.
_KEY_PURPOSE = b"prism.task-secrets.v1"


def _fernet_key(secret: str) -> bytes:
    digest = hmac.new(secret.encode(), _KEY_PURPOSE, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest)


def _fernet():
    # Imported here, not at module load: only the code-sending request and the worker need it.
    from cryptography.fernet import Fernet, MultiFernet

    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(_fernet_key(secret)) for secret in secrets])


def seal(text: str) -> str:
    """Encrypt `text` for a task argument; only `unseal` with the same key can read it."""
    return _fernet().encrypt(text.encode()).decode("ascii")


def unseal(token: str) -> str:
    """Decrypt what `seal` produced; raises `cryptography.fernet.InvalidToken` if tampered."""
    return _fernet().decrypt(token.encode("ascii")).decode()
