"""Walking the project's URLconf, for the tests that must cover every route."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

METHODS = ("get", "post", "put", "patch", "delete")


def url_patterns() -> Iterator[tuple[str, URLPattern]]:
    """(full route, pattern) for every route outside the Django admin's own screens."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern) != "admin/":  # staff-only, covered by the admin tests
                    yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern

    yield from walk(get_resolver().url_patterns)


def view_methods(pattern: URLPattern) -> list[str]:
    """The HTTP methods a class-based view answers (empty for function views)."""
    view_class = getattr(pattern.callback, "view_class", None)
    return [method for method in METHODS if view_class and hasattr(view_class, method)]
