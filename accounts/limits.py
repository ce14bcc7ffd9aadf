"""Abuse limits (DESIGN D10): counters in the shared cache, so every instance sees them.

The cache is the database cache table in every deployment, so a limit holds across all
Lambda instances. Keys are hashed: addresses never appear in the cache table.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

from prism import errors
from prism.errors import DomainError

HOUR = 3600


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"limit:{kind}:{digest}"


def _count(key: str, window_seconds: int) -> int:
    """Add one to the counter at `key` (created with the window's expiry); return it."""
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window_seconds)
        return 1


def _consume(key: str, limit: int, window_seconds: int) -> None:
    if window_seconds <= 0:  # a zero window switches that limit off
        return
    if _count(key, window_seconds) > limit:
        raise DomainError(errors.GLOBAL_429_1)


def consume_code_send(*, email: str, purpose: str, ip: str) -> None:
    """One send per address and purpose per cooldown; hourly caps per address and per IP."""
    _consume(_key("send-cooldown", email, purpose), 1, settings.PRISM_CODE_RESEND_SECONDS)
    _consume(_key("send-address", email), settings.PRISM_CODE_SENDS_PER_ADDRESS_PER_HOUR, HOUR)
    _consume(_key("send-ip", ip), settings.PRISM_CODE_SENDS_PER_IP_PER_HOUR, HOUR)


def consume_verify_attempt(*, ip: str) -> None:
    _consume(_key("verify-ip", ip), settings.PRISM_VERIFY_ATTEMPTS_PER_IP_PER_HOUR, HOUR)


def _login_key(email: str, ip: str) -> str:
    return _key("login-failures", email, ip)


def ensure_login_allowed(*, email: str, ip: str) -> None:
    """Refuse logins for (e-mail, IP) after repeated failures, until the lockout ends."""
    failures = cache.get(_login_key(email, ip), 0)
    if failures >= settings.PRISM_LOGIN_MAX_FAILURES:
        raise DomainError(errors.GLOBAL_429_1)


def record_login_failure(*, email: str, ip: str) -> None:
    _count(_login_key(email, ip), settings.PRISM_LOGIN_LOCKOUT_SECONDS)


def clear_login_failures(*, email: str, ip: str) -> None:
    cache.delete(_login_key(email, ip))
