"""Reads of projects, with the access rules of contract §2.2 in one place.

Every list and detail read here costs a fixed number of queries, whatever the number of
projects, members and categories (prefetches and annotations, no per-row queries).
"""

from __future__ import annotations

import uuid

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User, UserInterestJob
from prism import errors
from prism.errors import DomainError, ErrorCode
from prism.paging import Page, page_of
from projects.models import Category, Membership, MembershipRole, Project, ProjectSkill

NO_EVALUATION = "총평 데이터 없음"


def _members_prefetch() -> Prefetch:
    roles = Prefetch("roles", queryset=MembershipRole.objects.order_by("position"))
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("user").prefetch_related(roles).order_by("id"),
    )


def categories_by_id(lookup: str = "categories") -> Prefetch:
    """Prefetch projects' categories, ordered by id, into the list `sorted_categories`.

    A plain list rather than the related manager: the list pages read it for every row, and
    building a manager per row cost more than reading the rows.
    """
    return Prefetch(lookup, queryset=Category.objects.order_by("id"), to_attr="sorted_categories")


def summaries(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects ready for the summary shape: categories prefetched, participants counted.

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
    return (
        projects.annotate(survey_participants=Coalesce(Subquery(participants), 0))
        .prefetch_related(categories_by_id())
        .order_by("-end_date", "-id")
    )


def with_details(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects ready for the detail shape: categories, skills, members, roles and users."""
    return projects.select_related("owner").prefetch_related(
        categories_by_id(),
        Prefetch("skills", queryset=ProjectSkill.objects.order_by("position")),
        _members_prefetch(),
    )


# --- Access --------------------------------------------------------------------------------------


def project_for_owner(
    *,
    project_id: int,
    user: User,
    lock: bool = False,
    not_owner: ErrorCode = errors.PROJECT_FORBIDDEN,
) -> Project:
    """The project if `user` owns it: Project_400_1 when missing, else `not_owner` (the
    endpoint's code for "not yours", Project_400_7 for most)."""
    projects = Project.objects.select_for_update() if lock else Project.objects
    try:
        project = projects.get(pk=project_id)
    except Project.DoesNotExist:
        raise DomainError(errors.PROJECT_NOT_FOUND) from None
    if project.owner_id != user.pk:
        raise DomainError(not_owner)
    return project


# --- Whose account a view shows (DESIGN D16, W-06) -----------------------------------------------


def _account_shown(member: Membership, *, owner_id, viewer: User | None, public: bool) -> bool:
    if member.user_id is None:
        return False
    if viewer is not None and viewer.pk in (member.user_id, owner_id) and not public:
        return True
    if not member.is_confirmed:
        return False  # the owner's claim only: shown like a member without an account
    return member.anony_visibility or not public


def _decide_accounts(project: Project, *, viewer: User | None, public: bool) -> list[User]:
    """Give each member of the loaded project `account`: the user the view may show and
    link to, or None, and `results_shown`: whether their keywords may be shown. Returns
    the accounts shown.

    Public views show a member's account only when the person confirmed the membership and
    did not hide it; the member views (members and owner) show confirmed members, and the
    owner and the person see an unconfirmed one too. Otherwise the member appears as the
    owner's listing of someone without an account (userId "-1").
    """
    shown = []
    for member in project.memberships.all():
        visible = _account_shown(member, owner_id=project.owner_id, viewer=viewer, public=public)
        member.account = member.user if visible else None
        member.results_shown = (
            member.user_id is None or member.is_confirmed or member.account is not None
        )
        if member.account is not None:
            shown.append(member.account)
    return shown


def _shown_keywords(project: Project, keywords: dict[int, list[str]]) -> dict[int, list[str]]:
    return {
        member.pk: keywords[member.pk]
        for member in project.memberships.all()
        if member.results_shown and member.pk in keywords
    }


def _project_for_member(projects: QuerySet[Project], *, project_id: int, user: User) -> Project:
    project = projects.filter(pk=project_id).first()
    if project is None:
        raise DomainError(errors.PROJECT_NOT_FOUND)
    members = project.memberships.all()
    # The owner may read too, even when not listed as a member (contract §7.2 #13).
    if project.owner_id != user.pk and not any(
        m.user_id == user.pk or (m.user_id is None and m.email == user.email) for m in members
    ):
        raise DomainError(errors.PROJECT_FORBIDDEN)
    return project


def member_project_detail(*, project_id: int, user: User) -> tuple[Project, dict]:
    """A project's detail for one of its members or its owner (P9, P11)."""
    project = _project_for_member(
        with_details(Project.objects.all()), project_id=project_id, user=user
    )
    _decide_accounts(project, viewer=user, public=False)
    return project, {"public": False, "traits": None}


def _member_profiles() -> Prefetch:
    return Prefetch(
        "memberships__user__interest_jobs", queryset=UserInterestJob.objects.order_by("position")
    )


def _with_member_profiles(projects: QuerySet[Project]) -> QuerySet[Project]:
    return with_details(projects).prefetch_related(_member_profiles())


def public_project_detail(*, project_id: int) -> tuple[Project, dict]:
    """Anyone's view of a project (P10); registered members bring their profiles."""
    project = _with_member_profiles(Project.objects.filter(pk=project_id)).first()
    if project is None:
        raise DomainError(errors.PROJECT_NOT_FOUND)
    users = _decide_accounts(project, viewer=None, public=True)
    traits, keywords = _review_facts(project.pk, public=True)
    return project, {
        "public": True,
        "traits": traits,
        "keywords": keywords,
        "project_counts": project_counts_of(users, public=True),
    }


def team_members(*, project_id: int, user: User) -> tuple[Project, dict]:
    """The members of a project with their profiles (P13), for its members and owner."""
    # Only members and their profiles: no categories or skills on this screen.
    projects = Project.objects.prefetch_related(_members_prefetch(), _member_profiles())
    project = _project_for_member(projects, project_id=project_id, user=user)
    users = _decide_accounts(project, viewer=user, public=False)
    _, keywords = _review_facts(project.pk, public=False)
    return project, {
        "project_counts": project_counts_of(users, public=False),
        "keywords": _shown_keywords(project, keywords),
    }


def _review_facts(project_id: int, *, public: bool) -> tuple[str | None, dict[int, list[str]]]:
    from reviews.selectors import project_review_facts

    return project_review_facts(project_id, public=public)


def project_counts_of(users: list[User], *, public: bool) -> dict:
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


# --- Lists ---------------------------------------------------------------------------------------


def involved_projects(*, user: User) -> tuple[QuerySet[Project], dict]:
    """Projects the user is a member of (P6), confirmed or not (D16), with the user's own
    flag, evaluation and confirmation."""
    mine = list(Membership.objects.of(user))
    context = {
        "visibility": {m.project_id: m.anony_visibility for m in mine},
        "confirmed": {m.project_id: m.is_confirmed for m in mine},
        "evaluations": evaluations_of(mine),
        "default_evaluation": NO_EVALUATION,
    }
    return summaries(Project.objects.filter(pk__in=[m.project_id for m in mine])), context


def projects_of_person(
    *, user_id: str, viewer: User | None = None
) -> tuple[QuerySet[Project], dict]:
    """Projects where the account is a linked member who confirmed the membership (D16)
    and has not hidden themselves (P7); signed in, the person sees the unconfirmed too."""
    try:
        parsed = uuid.UUID(user_id)
    except ValueError:
        return Project.objects.none(), {}
    memberships = Membership.objects.filter(user_id=parsed)
    if viewer is not None and viewer.pk == parsed:
        theirs = list(memberships.filter(anony_visibility=True))
    else:
        theirs = list(memberships.counted_publicly())
    context = {"evaluations": evaluations_of(theirs), "default_evaluation": NO_EVALUATION}
    return summaries(Project.objects.filter(pk__in=[m.project_id for m in theirs])), context


def evaluations_of(memberships: list[Membership]) -> dict[int, str]:
    """Project id → the written evaluation of that member there, where one exists."""
    from reviews.selectors import evaluations_by_membership

    by_membership = evaluations_by_membership([m.pk for m in memberships])
    return {m.project_id: by_membership[m.pk] for m in memberships if m.pk in by_membership}


def registered_projects(*, user: User) -> QuerySet[Project]:
    return summaries(Project.objects.owned_by(user))


LINKABLE_LIMIT = 50


def linkable_projects(*, name_contains: str) -> QuerySet[Project]:
    """Projects whose link is public and whose name contains the text (P4), newest first."""
    return summaries(Project.objects.filter(url_visibility=True, name__icontains=name_contains))[
        :LINKABLE_LIMIT
    ]


FILTERED_LIMIT = 100


def filtered_projects(
    *,
    project_name: str | None = None,
    member_name: str | None = None,
    category_names: list[str] | None = None,
    organization_name: str | None = None,
) -> QuerySet[Project]:
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
    return summaries(projects)[:FILTERED_LIMIT]


# --- Search (S1) ---------------------------------------------------------------------------------


def search_projects(
    *,
    search_type: str | None = None,
    search_word: str | None = None,
    category_ids: list[int] | None = None,
    page_no: int = 0,
    page_size: int = 8,
) -> Page:
    """Projects with at least one member, filtered and paged, latest end date first (D4)."""
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
    ordered = projects.prefetch_related(categories_by_id()).order_by("-end_date", "-id")
    return page_of(ordered, page_no=page_no, page_size=page_size)
