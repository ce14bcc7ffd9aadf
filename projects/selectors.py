"""Reads of projects, with the access rules of contract §2.2 in one place.

The screen reads here return read models (`projects.read_models`) with access and
visibility decided. Every list and detail read costs a fixed number of queries, whatever the
number of projects, members and categories (prefetches and annotations, no per-row
queries); lists are built from `.values()` rows.

The screens that also show review facts (P6, P7, P10, P13) are composed in
`screens.project_pages.selectors` from the pieces here and the reviews' selectors.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User, UserInterestJob
from prism import errors
from prism.errors import DomainError, ErrorCode
from prism.paging import Page, page_of
from projects.models import (
    Category,
    CategoryLink,
    Membership,
    MembershipRole,
    Project,
    ProjectQuerySet,
    ProjectSkill,
)
from projects.read_models import (
    NO_ACCOUNT,
    InvolvedProject,
    MemberDetail,
    ProjectDetail,
    ProjectSummary,
    SearchResult,
    TeamMember,
)

NO_EVALUATION = "총평 데이터 없음"


# --- Access --------------------------------------------------------------------------------------


def refusal(project_id: int, *, not_allowed: ErrorCode) -> DomainError:
    """The error for a project the caller may not use: Project_400_1 when it does not exist,
    else `not_allowed` (the endpoint's code for "not yours": Project_400_7 for most)."""
    if not Project.objects.filter(pk=project_id).exists():
        return DomainError(errors.PROJECT_NOT_FOUND)
    return DomainError(not_allowed)


def project_for_owner(
    *,
    project_id: int,
    user: User,
    lock: bool = False,
    not_owner: ErrorCode = errors.PROJECT_FORBIDDEN,
) -> Project:
    """The project if `user` owns it (locked with `lock`); else `refusal` with `not_owner`.

    Every "owner only" rule asks this, each endpoint with its contract's code.
    """
    projects = Project.objects.owned_by(user).filter(pk=project_id)
    # Unsliced under the lock (Oracle refuses FOR UPDATE with a row limit).
    found = list(projects.select_for_update() if lock else projects)
    if not found:
        raise refusal(project_id, not_allowed=not_owner)
    return found[0]


def project_for_member(
    *, project_id: int, user: User, projects: ProjectQuerySet | None = None
) -> Project:
    """The project (from `projects`, loaded as the caller needs) if `user` owns it or is a
    member; else `refusal` with Project_400_7. Every "owner or member" rule asks this."""
    candidates = Project.objects.all() if projects is None else projects
    project: Project | None = candidates.owned_or_joined_by(user).filter(pk=project_id).first()
    if project is None:
        raise refusal(project_id, not_allowed=errors.PROJECT_FORBIDDEN)
    return project


# --- Loading -------------------------------------------------------------------------------------


def categories_by_id(lookup: str = "categories") -> Prefetch[str, Any, str]:
    """Prefetch projects' categories, ordered by id, into the list `sorted_categories`.

    A plain list rather than the related manager: the list pages read it for every row, and
    building a manager per row cost more than reading the rows.
    """
    return Prefetch(lookup, queryset=Category.objects.order_by("id"), to_attr="sorted_categories")


def category_names(project: Project) -> list[str]:
    """Names of a project loaded with `categories_by_id()`."""
    categories: list[Category] = project.sorted_categories
    return [category.name for category in categories]


def _members_prefetch() -> Prefetch[str, Any, str]:
    roles = Prefetch("roles", queryset=MembershipRole.objects.order_by("position"))
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("user").prefetch_related(roles).order_by("id"),
    )


def _member_profiles() -> Prefetch[str, Any, str]:
    return Prefetch(
        "memberships__user__interest_jobs", queryset=UserInterestJob.objects.order_by("position")
    )


def _with_details() -> ProjectQuerySet:
    """Projects ready for the detail shape: categories, skills, members, roles and users."""
    return Project.objects.prefetch_related(
        categories_by_id(),
        Prefetch("skills", queryset=ProjectSkill.objects.order_by("position")),
        _members_prefetch(),
    )


# --- Whose account a view shows (DESIGN D16, W-06) -----------------------------------------------


def masked_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:2]}{'*' * max(1, len(local) - 2)}@{domain}"


def masked_name(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1)


def _account_shown(member: Membership, *, owner_id: object, viewer: User | None) -> bool:
    """Whether the view may show and link the member's account (DESIGN D16, W-06).

    Public views (no `viewer`) show it only when its person confirmed the membership and
    did not hide it (as `Membership.objects.counted_publicly()`). Member views show
    confirmed members' accounts, and an unconfirmed one to its person and to the owner.
    Anyone else appears as the owner's listing of someone without an account ("-1").
    Decided on the loaded rows: as an annotation, the rule cost the detail reads more in
    query compilation than the rows cost to check.
    """
    if member.user_id is None:
        return False
    if viewer is None:
        return member.is_confirmed and member.anony_visibility
    return member.is_confirmed or viewer.pk in (member.user_id, owner_id)


ShownMember = tuple[Membership, User | None]


def _shown_members(project: Project, *, viewer: User | None) -> list[ShownMember]:
    """Each member of a project loaded with `_members_prefetch`, with the account the view
    may show for them, or None."""
    owner_id = project.owner_id
    return [
        (member, member.user if _account_shown(member, owner_id=owner_id, viewer=viewer) else None)
        for member in project.memberships.all()
    ]


def _results_shown(member: Membership, account: User | None) -> bool:
    """Whether the member's review results may be shown beside them: not for a registered
    person the view does not show and who has not confirmed (only the owner's claim)."""
    return member.user_id is None or member.is_confirmed or account is not None


def project_counts_of(users: list[User], *, public: bool) -> dict[Any, int]:
    """How many confirmed projects each registered user is a member of, in one query; in
    `public` views, not counting those they hide."""
    ids = [user.pk for user in users]
    if not ids:
        return {}
    members = Membership.objects
    memberships = members.counted_publicly() if public else members.confirmed()
    rows = (
        memberships.filter(user_id__in=ids)
        .values("user_id")
        .annotate(count=Count("project", distinct=True))
    )
    return {row["user_id"]: row["count"] for row in rows}


def _member_details(
    project: Project,
    *,
    viewer: User | None,
    keywords: Mapping[int, list[str]],
    project_counts: Mapping[object, int],
) -> list[MemberDetail]:
    """Public views (no `viewer`) show a shown account's profile and mask members who hide
    themselves; member views show what the owner listed, unmasked, without profiles."""
    public = viewer is None
    details = []
    for member, account in _shown_members(project, viewer=viewer):
        # In public views a shown account is one its person did not hide.
        profile = account if public else None
        hidden = public and not member.anony_visibility
        name = profile.name if profile is not None else member.name
        details.append(
            MemberDetail(
                user_id=str(account.pk) if account is not None else NO_ACCOUNT,
                name=masked_name(name) if hidden else name,
                email=masked_email(member.email) if hidden else member.email,
                roles=[role.name for role in member.roles.all()],
                anony_visibility=member.anony_visibility,
                introduction=profile.introduction if profile is not None else None,
                interest_domains=(
                    [job.value for job in profile.interest_jobs.all()]
                    if profile is not None
                    else None
                ),
                project_count=project_counts.get(member.user_id, 0) if profile is not None else 0,
                strength_keywords=keywords.get(member.pk),
            )
        )
    return details


def _project_detail(
    project: Project,
    *,
    viewer: User | None,
    traits: str | None = None,
    keywords: Mapping[int, list[str]] | None = None,
    project_counts: Mapping[object, int] | None = None,
) -> ProjectDetail:
    return ProjectDetail(
        name=project.name,
        organization=project.organization,
        start_date=project.start_date,
        end_date=project.end_date,
        url_link=project.url_link,
        url_visibility=project.url_visibility,
        description=project.description,
        most_common_traits=traits,
        categories=category_names(project),
        skills=[skill.name for skill in project.skills.all()],
        members=_member_details(
            project, viewer=viewer, keywords=keywords or {}, project_counts=project_counts or {}
        ),
        anonymous_count=sum(1 for m in project.memberships.all() if m.anony_visibility),
    )


# --- Details -------------------------------------------------------------------------------------


def member_project_detail(*, project_id: int, user: User) -> ProjectDetail:
    """A project's detail for one of its members or its owner (P9, P11)."""
    project = project_for_member(project_id=project_id, user=user, projects=_with_details())
    return _project_detail(project, viewer=user)


def public_project(*, project_id: int) -> Project:
    """The project as anyone may see it (P10), for `public_detail_of`: its members, the
    registered ones with their profiles."""
    projects = _with_details().prefetch_related(_member_profiles())
    project = projects.filter(pk=project_id).first()
    if project is None:
        raise DomainError(errors.PROJECT_NOT_FOUND)
    return project


def public_detail_of(
    project: Project, *, traits: str | None, keywords: Mapping[int, list[str]]
) -> ProjectDetail:
    """P10's read model of a project loaded by `public_project`, with its review facts
    (most common trait; keywords by membership id, of confirmed shown members only)."""
    shown = [account for _, account in _shown_members(project, viewer=None) if account]
    counts = project_counts_of(shown, public=True)
    return _project_detail(
        project, viewer=None, traits=traits, keywords=keywords, project_counts=counts
    )


def team(*, project_id: int, user: User) -> Project:
    """The members of a project with their profiles, for its members and owner (P13), for
    `team_members_of`."""
    # Only members and their profiles: no categories or skills on this screen.
    projects = Project.objects.prefetch_related(_members_prefetch(), _member_profiles())
    return project_for_member(project_id=project_id, user=user, projects=projects)


def team_members_of(
    project: Project, *, viewer: User, keywords: Mapping[int, list[str]]
) -> list[TeamMember]:
    """P13's read model of a project loaded by `team` for `viewer`; `keywords` by
    membership id, shown only for members whose results may be shown."""
    shown = _shown_members(project, viewer=viewer)
    counts = project_counts_of([account for _, account in shown if account], public=False)
    members = []
    for member, account in shown:
        members.append(
            TeamMember(
                user_id=str(account.pk) if account is not None else NO_ACCOUNT,
                name=member.name,
                email=member.email,
                introduction=account.introduction if account is not None else None,
                roles=[role.name for role in member.roles.all()],
                strengths=(keywords.get(member.pk) if _results_shown(member, account) else None)
                or [],
                interest_domains=(
                    [job.value for job in account.interest_jobs.all()]
                    if account is not None
                    else []
                ),
                joins_project=counts.get(account.pk, 0) if account is not None else 0,
                anony_visibility=member.anony_visibility,
            )
        )
    return members


# --- Lists ---------------------------------------------------------------------------------------

_SUMMARY_COLUMNS = (
    "id",
    "name",
    "organization",
    "start_date",
    "end_date",
    "url_visibility",
    "survey_participants",
)


def summaries(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects ready for the summary shape: participants counted, latest end first.

    The count is a correlated subquery, not a join with GROUP BY: the database can then walk
    the end-date index, stop at the page's last row and count for those rows only (P4 at
    full scale: 5 ms → 0.3 ms of SQL on SQLite).
    """
    participants = (
        Membership.objects.filter(project=OuterRef("pk"), review_done=True)
        .order_by()
        .values("project")
        .annotate(reviewed=Count("pk"))
        .values("reviewed")
    )
    return projects.annotate(survey_participants=Coalesce(Subquery(participants), 0)).order_by(
        "-end_date", "-id"
    )


def _summary_rows(
    projects: QuerySet[Project],
) -> tuple[list[dict[str, Any]], dict[int, list[str]]]:
    """The summary columns of `summaries(projects)` and each project's category names, in
    two queries (one when there are no projects)."""
    rows = list(projects.values(*_SUMMARY_COLUMNS))
    return rows, _category_names([row["id"] for row in rows])


def _category_names(project_ids: list[int]) -> dict[int, list[str]]:
    """Each project's category names, by category id, in one query (none for no projects)."""
    names: dict[int, list[str]] = {project_id: [] for project_id in project_ids}
    if project_ids:
        links = (
            CategoryLink.objects.filter(project_id__in=project_ids)
            .order_by("category_id")
            .values_list("project_id", "category__name")
        )
        for project_id, name in links:
            names[project_id].append(name)
    return names


def _plain_summaries(projects: QuerySet[Project]) -> list[ProjectSummary]:
    rows, names = _summary_rows(projects)
    return [
        ProjectSummary(
            **row, categories=names[row["id"]], user_evaluation=None, anony_visibility=False
        )
        for row in rows
    ]


def registered_projects(*, user: User) -> list[ProjectSummary]:
    """The projects the user owns (P8)."""
    return _plain_summaries(summaries(Project.objects.owned_by(user)))


LINKABLE_LIMIT = 50


def linkable_projects_query(*, name_contains: str) -> QuerySet[Project]:
    """Projects whose link is public and whose name contains the text, newest first."""
    projects = Project.objects.filter(url_visibility=True, name__icontains=name_contains)
    return summaries(projects)[:LINKABLE_LIMIT]


def linkable_projects(*, name_contains: str) -> list[ProjectSummary]:
    """P4: at most `LINKABLE_LIMIT` of `linkable_projects_query`."""
    return _plain_summaries(linkable_projects_query(name_contains=name_contains))


FILTERED_LIMIT = 100


def filtered_projects(
    *,
    project_name: str | None = None,
    member_name: str | None = None,
    category_names: list[str] | None = None,
    organization_name: str | None = None,
) -> list[ProjectSummary]:
    """P5 with every given filter applied (AND; the earlier OR returned everything, W-20)."""
    projects = Project.objects.all()
    if project_name:
        projects = projects.filter(name__icontains=project_name)
    if organization_name:
        projects = projects.filter(organization__icontains=organization_name)
    if member_name:
        projects = projects.with_public_member_named(member_name)
    if category_names:
        projects = projects.in_any_category(category__name__in=category_names)
    return _plain_summaries(summaries(projects)[:FILTERED_LIMIT])


def own_memberships(*, user: User) -> list[Membership]:
    """The caller's memberships (P6), confirmed or not (D16)."""
    return list(Membership.objects.of(user))


def involved_projects_of(
    memberships: list[Membership], *, evaluations: Mapping[int, str]
) -> list[InvolvedProject]:
    """P6's items: the projects of the caller's `own_memberships`, each with the caller's
    flag, confirmation and evaluation (`evaluations`: membership id → text)."""
    # One membership per project: the last listed, as the caller's row there.
    mine = {m.project_id: m for m in memberships}
    evaluation = _evaluation_by_project(memberships, evaluations)
    rows, names = _summary_rows(summaries(Project.objects.filter(pk__in=list(mine))))
    return [
        InvolvedProject(
            **row,
            categories=names[row["id"]],
            user_evaluation=evaluation.get(row["id"], NO_EVALUATION),
            anony_visibility=mine[row["id"]].anony_visibility,
            confirmed=mine[row["id"]].is_confirmed,
        )
        for row in rows
    ]


def person_memberships(*, user_id: str, viewer: User | None = None) -> list[Membership]:
    """The memberships P7 lists: linked to the account, confirmed (D16) and not hidden;
    signed in, the person sees their unconfirmed ones too. None for a malformed id."""
    try:
        parsed = uuid.UUID(user_id)
    except ValueError:
        return []
    memberships = Membership.objects.filter(user_id=parsed)
    if viewer is not None and viewer.pk == parsed:
        return list(memberships.filter(anony_visibility=True))
    return list(memberships.counted_publicly())


def person_projects_of(
    memberships: list[Membership], *, evaluations: Mapping[int, str]
) -> list[ProjectSummary]:
    """P7's items: the projects of `person_memberships`, each with the person's evaluation
    (`evaluations`: membership id → text)."""
    if not memberships:
        return []
    evaluation = _evaluation_by_project(memberships, evaluations)
    projects = Project.objects.filter(pk__in=[m.project_id for m in memberships])
    rows, names = _summary_rows(summaries(projects))
    return [
        ProjectSummary(
            **row,
            categories=names[row["id"]],
            user_evaluation=evaluation.get(row["id"], NO_EVALUATION),
            anony_visibility=False,
        )
        for row in rows
    ]


def _evaluation_by_project(
    memberships: list[Membership], evaluations: Mapping[int, str]
) -> dict[int, str]:
    return {m.project_id: evaluations[m.pk] for m in memberships if m.pk in evaluations}


# --- Search (S1) ---------------------------------------------------------------------------------

_SEARCH_COLUMNS = ("id", "name", "organization", "start_date", "end_date")


def search_projects(
    *,
    search_type: str | None = None,
    search_word: str | None = None,
    category_ids: list[int] | None = None,
    page_no: int = 0,
    page_size: int = 8,
) -> Page:
    """Projects with at least one member, filtered and paged, latest end date first (D4):
    a page of `SearchResult`."""
    projects = Project.objects.with_any_member()
    word = (search_word or "").strip()
    if search_type and word:
        if search_type == "PROJECT_NAME":
            projects = projects.filter(name__icontains=word)
        else:
            # Member names only: searching by e-mail would reveal who is in which project (W-06).
            projects = projects.with_public_member_named(word)
    if category_ids:
        projects = projects.in_any_category(category_id__in=category_ids)
    ordered = projects.order_by("-end_date", "-id").values(*_SEARCH_COLUMNS)
    page = page_of(ordered, page_no=page_no, page_size=page_size)
    names = _category_names([row["id"] for row in page.items])
    items = [SearchResult(**row, categories=names[row["id"]]) for row in page.items]
    return replace(page, items=items)
