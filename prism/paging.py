"""0-based pages of a queryset, in the contract's page shape (§1.4)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Page:
    total_count: int
    page_no: int
    page_size: int
    items: list

    @property
    def total_pages(self) -> int:
        return -(-self.total_count // self.page_size)


def page_of(queryset: QuerySet, *, page_no: int, page_size: int) -> Page:
    """Two queries: the count, then the page's rows (ordered by the caller)."""
    start = page_no * page_size
    return Page(
        total_count=queryset.count(),
        page_no=page_no,
        page_size=page_size,
        items=list(queryset[start : start + page_size]),
    )
