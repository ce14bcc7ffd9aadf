"""The caller's IP address as API Gateway saw it, for rate limits and lockouts."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """API Gateway's own `sourceIp`; never a client-supplied `X-Forwarded-For`.

    apig-wsgi takes REMOTE_ADDR from `sourceIp` for HTTP API (v2) events but from the first
    `X-Forwarded-For` entry for REST API (v1) events, which a client can forge, so the
    request context is read directly when it is there.
    """
    context = request.META.get("apig_wsgi.request_context") or {}
    source_ip = (context.get("http") or {}).get("sourceIp") or (context.get("identity") or {}).get(
        "sourceIp"
    )
    return source_ip or request.META.get("REMOTE_ADDR") or "unknown"
