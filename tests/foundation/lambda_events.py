"""Sample API Gateway events, shaped like the ones HTTP API (v2) and REST API (v1) send."""

from __future__ import annotations

import base64
from urllib.parse import urlencode


def http_api_v2_event(
    method: str,
    path: str,
    *,
    query: list[tuple[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    cookies: list[str] | None = None,
    body: bytes | None = None,
    source_ip: str = "203.0.113.7",
) -> dict:
    raw_query = urlencode(query or [])
    single_query: dict[str, str] = {}
    for key, value in query or []:
        single_query[key] = f"{single_query[key]},{value}" if key in single_query else value
    event = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": raw_query,
        "headers": {
            "host": "localhost",
            "x-forwarded-proto": "https",
            "x-forwarded-port": "443",
            "user-agent": "pytest",
            **{key.lower(): value for key, value in (headers or {}).items()},
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api-id",
            "domainName": "localhost",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": "pytest",
            },
            "requestId": "request-id",
            "routeKey": "$default",
            "stage": "$default",
            "timeEpoch": 1700000000000,
        },
        "isBase64Encoded": False,
    }
    if query:
        event["queryStringParameters"] = single_query
    if cookies:
        event["cookies"] = cookies
    if body is not None:
        event["body"] = base64.b64encode(body).decode()
        event["isBase64Encoded"] = True
    return event


def rest_api_v1_event(
    method: str,
    path: str,
    *,
    query: list[tuple[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    source_ip: str = "203.0.113.7",
) -> dict:
    multi_query: dict[str, list[str]] = {}
    for key, value in query or []:
        multi_query.setdefault(key, []).append(value)
    all_headers = {"Host": "localhost", "X-Forwarded-Proto": "https", **(headers or {})}
    event = {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {key: [value] for key, value in all_headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "path": f"/prod{path}",
            "stage": "prod",
            "identity": {"sourceIp": source_ip},
        },
        "body": None,
        "isBase64Encoded": False,
    }
    if body is not None:
        event["body"] = base64.b64encode(body).decode()
        event["isBase64Encoded"] = True
    return event
