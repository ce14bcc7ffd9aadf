"""Checking an API Gateway event before apig-wsgi turns it into a WSGI request.

apig-wsgi trusts the event's shape: a missing `requestContext`, `headers: null`, a body
that is not a string, bad base64 or a path with characters beyond Latin-1 raise out of
the handler, and Lambda reports an invocation error instead of an HTTP answer. The last
one a client can send (API Gateway passes a raw UTF-8 path through). Here the event is
normalised where its meaning is clear (null lists and maps are empty, a Unicode path is
percent-encoded as UTF-8, as WSGI expects) and refused with a reason otherwise.
"""

from __future__ import annotations

import binascii
from base64 import b64decode
from typing import Any
from urllib.parse import quote


class MalformedEvent(Exception):
    """The event cannot be read as an HTTP request; the message says why (no event data)."""


def _string_map(event: dict[str, Any], key: str, *, values_are_lists: bool = False) -> None:
    value = event.get(key)
    if value is None:
        event[key] = {}
        return
    if not isinstance(value, dict):
        raise MalformedEvent(f"{key} must be an object")
    for name, item in value.items():
        items = item if values_are_lists else [item]
        if (
            not isinstance(name, str)
            or not isinstance(items, list)
            or not all(isinstance(i, str) for i in items)
        ):
            kind = "lists of strings" if values_are_lists else "strings"
            raise MalformedEvent(f"{key} must map names to {kind}")


def _utf8_path(path: Any, key: str, *, safe: str = "/%:@!$&'()*+,;=-._~") -> str:
    if not isinstance(path, str):
        raise MalformedEvent(f"{key} must be a string")
    if path.isascii():
        return path
    try:
        # API Gateway hands over the path (and the raw query string) with characters beyond
        # ASCII as they are: they become their UTF-8 bytes, percent-encoded (existing
        # escapes stay as they are), which apig-wsgi decodes into WSGI's byte string. Left
        # as they are, they would not fit WSGI's Latin-1 and raise, or be read as Latin-1.
        return quote(path, safe=safe, encoding="utf-8", errors="strict")
    except UnicodeEncodeError:  # a lone surrogate: no bytes to send
        raise MalformedEvent(f"{key} is not valid Unicode") from None


def _wsgi_text(value: str) -> str:
    # WSGI carries header values as Latin-1 code points standing for bytes: a cookie with
    # Hangul in it arrives as its UTF-8 bytes, which Django decodes back (a lone surrogate
    # has no bytes and becomes "?").
    if value.isascii():
        return value
    return value.encode("utf-8", errors="replace").decode("latin-1")


def _check_body(event: dict[str, Any]) -> None:
    body = event.get("body")
    if body is None:
        return
    if not isinstance(body, str):
        raise MalformedEvent("body must be a string")
    if event.get("isBase64Encoded"):
        try:
            b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise MalformedEvent("body is not valid base64") from None
    else:
        try:
            body.encode("utf-8")
        except UnicodeEncodeError:
            raise MalformedEvent("body is not valid Unicode") from None


def checked_event(event: object) -> dict[str, Any]:
    """A copy of `event` apig-wsgi can adapt, or MalformedEvent with the reason."""
    if not isinstance(event, dict):
        raise MalformedEvent("the event must be an object")
    event = dict(event)
    version = event.get("version", "1.0")
    if version not in ("1.0", "2.0"):
        raise MalformedEvent("unknown event version")
    if version == "2.0":
        context = event.get("requestContext")
        if not isinstance(context, dict):
            context = {}
        http = context.get("http")
        if not isinstance(http, dict) or not all(
            isinstance(http.get(key), str) for key in ("method", "sourceIp")
        ):
            raise MalformedEvent("requestContext.http needs a method and a sourceIp")
        if not isinstance(http.get("protocol"), str):
            event["requestContext"] = {**context, "http": {**http, "protocol": "HTTP/1.1"}}
        event["rawPath"] = _utf8_path(event.get("rawPath"), "rawPath")
        if event.get("rawQueryString") is None:
            event["rawQueryString"] = ""
        event["rawQueryString"] = _utf8_path(
            event["rawQueryString"], "rawQueryString", safe="/?%:@!$&'()*+,;=-._~"
        )
        cookies = event.get("cookies")
        if cookies is None:
            event.pop("cookies", None)
        elif not isinstance(cookies, list) or not all(isinstance(c, str) for c in cookies):
            raise MalformedEvent("cookies must be a list of strings")
        else:
            event["cookies"] = [_wsgi_text(cookie) for cookie in cookies]
        _string_map(event, "headers")
    else:
        if not isinstance(event.get("httpMethod"), str):
            raise MalformedEvent("httpMethod is missing")
        event["path"] = _utf8_path(event.get("path"), "path")
        if not isinstance(event.get("requestContext") or {}, dict):
            raise MalformedEvent("requestContext must be an object")
        _string_map(event, "headers")
        _string_map(event, "multiValueHeaders", values_are_lists=True)
        if event.get("multiValueHeaders") == {}:
            event.pop("multiValueHeaders")  # apig-wsgi then reads the single-value map
        for key in ("queryStringParameters", "multiValueQueryStringParameters"):
            if event.get(key) is not None and not isinstance(event[key], dict):
                raise MalformedEvent(f"{key} must be an object")
    _check_body(event)
    return event
