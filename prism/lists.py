"""Cleaning list input (skills, roles, categories) the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable


def distinct_stripped(values: Iterable[str]) -> list[str]:
    """Values stripped of surrounding space, blanks dropped, first occurrence kept."""
    seen: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in seen:
            seen.append(value)
    return seen
