"""The contract's project date formats (api-contract §1.5, DESIGN D4).

Requests carry `yyyyMMddHHmmss` in the service's time zone; summaries and details show
`yyyy-MM-dd`; search results carry epoch milliseconds; create/update responses an ISO-8601
instant in UTC with milliseconds.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone

REQUEST_FORMAT = "%Y%m%d%H%M%S"


def parse_request_date(value: str) -> datetime:
    """`20240701000000` → an aware datetime in the service's zone; ValueError if malformed."""
    if len(value) != 14 or not value.isdigit():
        raise ValueError("expected 14 digits, yyyyMMddHHmmss")
    naive = datetime.strptime(value, REQUEST_FORMAT)
    return timezone.make_aware(naive, timezone.get_default_timezone())


def calendar_date(value: datetime | None) -> str | None:
    return timezone.localtime(value).date().isoformat() if value else None


def epoch_millis(value: datetime | None) -> int | None:
    return int(value.timestamp() * 1000) if value else None


def iso_instant(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="milliseconds") if value else None


def parse_local_datetime(value: str) -> datetime:
    """Post dates: ISO local date-time without offset (`2025-01-02T00:05:27`), in the
    service's zone; a trailing `Z` is tolerated and ignored, numeric offsets are refused."""
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1]
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is not None:
        raise ValueError("no time-zone offset allowed")
    return timezone.make_aware(parsed, timezone.get_default_timezone())


def local_datetime(value: datetime | None) -> str | None:
    """`2025-01-02T00:05:27`, with a fraction only when there is one (contract §1.5)."""
    if value is None:
        return None
    local = timezone.localtime(value).replace(tzinfo=None)
    return local.isoformat(timespec="microseconds" if local.microsecond else "seconds")
