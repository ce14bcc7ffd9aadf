"""Run by test_database_unavailable.py in a fresh process whose database cannot be reached.

Answers a signed-in `GET /api/v1/users/me` and `GET /healthcheck` through the Lambda handler
and prints each answer's status, body and duration as JSON.
"""

import json
import time
import uuid

from prism.lambda_handler import handler


def v2_get(path: str, token: str | None = None) -> dict:
    headers = {"host": "localhost", "x-forwarded-proto": "https"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "http": {
                "method": "GET",
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.1",
            },
            "stage": "$default",
        },
        "isBase64Encoded": False,
    }


def access_token() -> str:
    # Imported once the handler has set Django up (simplejwt loads the auth models).
    from rest_framework_simplejwt.tokens import AccessToken

    token = AccessToken()
    token["userId"] = str(uuid.uuid4())
    return str(token)


token = access_token()
answers = {}
for name, event in (
    ("me", v2_get("/api/v1/users/me", token)),
    ("health", v2_get("/healthcheck")),
):
    began = time.monotonic()
    result = handler(event, None)
    answers[name] = {
        "status": result["statusCode"],
        "body": json.loads(result["body"]),
        "retryAfter": result["headers"].get("retry-after") or result["headers"].get("Retry-After"),
        "seconds": time.monotonic() - began,
    }
print(json.dumps(answers))
