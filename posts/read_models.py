"""What the post reads return: frozen values with status and visibility already decided, so
the output serializers only map attributes to wire names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from posts.project_detail import PublicProjectDetail


@dataclass(frozen=True, slots=True)
class RecruitPosition:
    position: str
    count: int


@dataclass(frozen=True, slots=True)
class WrittenPost:
    """A post as its writer just saved it (T3's `PostRecruitmentInfo`, and the PUT's)."""

    id: int
    writer_user_id: str
    project_id: int
    title: str
    content: str
    view_count: int
    contact_method: str
    contact_info: str
    apply_method: str
    apply_info: str
    process_method: str
    open_until_recruited: bool
    recruitment_start_at: datetime | None
    recruitment_end_at: datetime | None
    created_at: datetime
    recruitment_status: str
    positions: tuple[RecruitPosition, ...]


@dataclass(frozen=True, slots=True)
class WriterInfo:
    """The writer as a list item shows them."""

    user_id: str
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class PostListItem:
    """One post of a page (T1, T4)."""

    id: int
    title: str
    content: str
    categories: tuple[str, ...]
    positions: tuple[str, ...]
    open_until_recruited: bool
    recruitment_start_at: datetime | None
    recruitment_end_at: datetime | None
    view_count: int
    bookmarked: bool
    recruitment_status: str
    writer: WriterInfo


@dataclass(frozen=True, slots=True)
class WriterProfile:
    """The writer as the detail shows them: the profile's public fields."""

    user_id: str
    name: str
    email: str
    interest_jobs: tuple[str, ...]
    skills: tuple[str, ...]
    introduction: str | None


@dataclass(frozen=True, slots=True)
class PositionDetail:
    id: int
    position: str
    count: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PostDetail:
    """A post as its detail shows it (T2); `views_before` is the count before this view."""

    id: int
    project_id: int
    title: str
    content: str
    recruitment_status: str
    writer: WriterProfile
    views_before: int
    created_at: datetime
    recruitment_start_at: datetime | None
    recruitment_end_at: datetime | None
    process_method: str
    contact_method: str
    contact_info: str
    apply_method: str
    apply_info: str
    positions: tuple[PositionDetail, ...]


@dataclass(frozen=True, slots=True)
class PostWithProject:
    """T2's answer: the post beside its project's public detail (P10's shape)."""

    post: PostDetail
    project: PublicProjectDetail
