"""Assertions on the contract's two bodies (DESIGN D1, D2)."""

from __future__ import annotations


def ok(response, status: int = 200):
    """Assert a success envelope with the logical `status`; return its `data`."""
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True and body["status"] == status, body
    return body["data"]


def error(response, status: int, code: str) -> str:
    """Assert an error envelope with this HTTP status and code; return its message."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message"}, body
    assert body["code"] == code, body
    assert body["message"]
    return body["message"]
