"""Abuse limits (DESIGN D10): slots counted in the database, so every instance sees them.

A request takes its slot before the work it limits, with statements that are atomic in the
database (a conditional UPDATE, or an INSERT for the window's first slot), so a parallel
burst gets exactly the cap, on SQLite, PostgreSQL and Oracle alike. Slots are taken outside
the caller's transaction: a refused or failed action still used its slot.

Keys are digests: neither addresses nor IPs are stored.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import AbuseCounter
from prism import errors
from prism.errors import DomainError

HOUR = 3600


def _key(kind: str, *parts: str) -> str:
    return hashlib.sha256("\x1f".join([kind, *parts]).encode()).hexdigest()


def _take_in_existing_row(key: str, cap: int, window_seconds: int) -> bool:
    now = timezone.now()
    counters = AbuseCounter.objects.filter(key=key)
    # Each UPDATE re-checks its condition on the row it locks, so two requests cannot both
    # take the last slot, nor both restart an expired window.
    if counters.filter(count__lt=cap, expires_at__gt=now).update(count=F("count") + 1):
        return True
    restarted = counters.filter(expires_at__lte=now).update(
        count=1, window_start=now, expires_at=now + timedelta(seconds=window_seconds)
    )
    return bool(restarted)


def take_slot(key: str, *, cap: int, window_seconds: int) -> bool:
    """Take one of `cap` slots of the current window at `key`; False when none is left."""
    if window_seconds <= 0:  # a zero window switches that limit off
        return True
    if cap <= 0:
        return False
    if _take_in_existing_row(key, cap, window_seconds):
        return True
    now = timezone.now()
    try:
        with transaction.atomic():
            AbuseCounter.objects.create(
                key=key,
                window_start=now,
                expires_at=now + timedelta(seconds=window_seconds),
                count=1,
            )
        return True
    except IntegrityError:  # a parallel request created the row first
        return _take_in_existing_row(key, cap, window_seconds)


def _consume(key: str, cap: int, window_seconds: int) -> None:
    if not take_slot(key, cap=cap, window_seconds=window_seconds):
        raise DomainError(errors.GLOBAL_429_1)


def consume_code_send(*, email: str, purpose: str, ip: str) -> None:
    """One send per address and purpose per cooldown; hourly caps per address and per IP.

    The IP's slot comes first (every request from it counts), then the cooldown, then the
    address's hourly cap, so parallel sends to one address mail exactly once per purpose.
    """
    _consume(_key("send-ip", ip), settings.PRISM_CODE_SENDS_PER_IP_PER_HOUR, HOUR)
    _consume(_key("send-cooldown", email, purpose), 1, settings.PRISM_CODE_RESEND_SECONDS)
    _consume(_key("send-address", email), settings.PRISM_CODE_SENDS_PER_ADDRESS_PER_HOUR, HOUR)


def consume_verify_attempt(*, ip: str) -> None:
    _consume(_key("verify-ip", ip), settings.PRISM_VERIFY_ATTEMPTS_PER_IP_PER_HOUR, HOUR)


def consume_link_attempt(*, user_id: str, ip: str) -> None:
    """Project linking (P11): an hourly cap per account and per client IP."""
    cap = settings.PRISM_LINK_ATTEMPTS_PER_HOUR
    _consume(_key("link-user", user_id), cap, HOUR)
    _consume(_key("link-ip", ip), cap, HOUR)


def _login_key(email: str, ip: str) -> str:
    return _key("login-attempts", email, ip)


def consume_login_attempt(*, email: str, ip: str) -> None:
    """Take a login slot for (e-mail, IP) before the password is checked.

    A failed login keeps its slot, so after `PRISM_LOGIN_MAX_FAILURES` failures the pair is
    locked until the window ends, however many attempts arrive in parallel.
    """
    _consume(
        _login_key(email, ip),
        settings.PRISM_LOGIN_MAX_FAILURES,
        settings.PRISM_LOGIN_LOCKOUT_SECONDS,
    )


def clear_login_attempts(*, email: str, ip: str) -> None:
    """A successful login gives the pair its full allowance back."""
    AbuseCounter.objects.filter(key=_login_key(email, ip)).delete()


def purge_expired_counters() -> int:
    """Delete counters whose window ended; returns how many."""
    deleted, _ = AbuseCounter.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
