"""What the project screens show, as typed values with access and visibility decided.

Selectors build these; output serializers only map their attributes to wire names. Who is
shown as an account, who is masked and whose results show is decided while building them
(`projects.selectors`, "Whose account a view shows"), beside the Membership QuerySet's
visibility rules that the queries apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# `userId` of a member the view does not show as an account: the owner's listing of someone
# (contract D5), a person who has not confirmed, or a hidden one in a public view.
NO_ACCOUNT = "-1"


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    """An item of the summary lists (P4–P8)."""

    id: int
    name: str
    organization: str | None
    start_date: datetime
    end_date: datetime
    categories: list[str]
    url_visibility: bool
    survey_participants: int
    # The caller's (P6) or the person's (P7) written evaluation there; None elsewhere.
    user_evaluation: str | None
    # The caller's own flag there (P6); False elsewhere.
    anony_visibility: bool


@dataclass(frozen=True, slots=True)
class InvolvedProject(ProjectSummary):
    """An item of P6, the caller's own list: also whether they confirmed the membership."""

    confirmed: bool


@dataclass(frozen=True, slots=True)
class MemberDetail:
    """A member as a project detail shows them (`MemberDetail`), already masked."""

    user_id: str
    name: str
    email: str
    roles: list[str]
    anony_visibility: bool
    introduction: str | None
    interest_domains: list[str] | None
    project_count: int
    strength_keywords: list[str] | None


@dataclass(frozen=True, slots=True)
class ProjectDetail:
    """`ProjectDetail` (P9, P10, P11)."""

    name: str
    organization: str | None
    start_date: datetime
    end_date: datetime
    url_link: str | None
    url_visibility: bool
    description: str | None
    most_common_traits: str | None
    categories: list[str]
    skills: list[str]
    members: list[MemberDetail]
    # Despite the wire name, the contract counts the members shown publicly.
    anonymous_count: int


@dataclass(frozen=True, slots=True)
class TeamMember:
    """An item of P13, a team as its members and owner see it."""

    user_id: str
    name: str
    email: str
    introduction: str | None
    roles: list[str]
    strengths: list[str]
    interest_domains: list[str]
    joins_project: int
    anony_visibility: bool


@dataclass(frozen=True, slots=True)
class SearchResult:
    """An item of a search page (S1)."""

    id: int
    name: str
    organization: str | None
    start_date: datetime
    end_date: datetime
    categories: list[str]
