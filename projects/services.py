"""Project use cases: create, update, delete, members, visibility and account linking.

Each function is one transaction and raises `DomainError` for broken rules. Members are
identified by e-mail (stored lower-cased, unique per project) and linked to the account
with that address whenever one exists (on create, on update and at sign-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction

from accounts.models import AuthPurpose, User, normalize_email
from accounts.services import consume_verified_code
from prism import errors
from prism.errors import DomainError
from prism.lists import distinct_stripped
from projects import selectors
from projects.models import Category, Membership, MembershipRole, Project, ProjectSkill


@dataclass(frozen=True)
class MemberInput:
    name: str
    email: str
    roles: list[str]


@dataclass(frozen=True)
class ProjectInput:
    """A validated project payload (contract `ProjectRequest`)."""

    name: str
    start_date: datetime
    end_date: datetime
    members: list[MemberInput]
    categories: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    description: str | None = None
    organization: str | None = None
    url_link: str | None = None
    url_visibility: bool | None = None


# The through model of Project.categories: one row per (project, category).
CategoryLink = Project.categories.through


@dataclass(frozen=True)
class SavedProject:
    """A project as a write left it, with the lists its response shows.

    The service already holds these rows, so the response needs no second read.
    """

    project: Project
    category_links: list[CategoryLink]
    skills: list[str]


def _categories_named(names: list[str]) -> list[Category]:
    found = {c.name: c for c in Category.objects.filter(name__in=names)}
    missing = [name for name in names if name not in found]
    if missing:
        raise DomainError(
            errors.PROJECT_CATEGORY_UNKNOWN,
            f"{errors.PROJECT_CATEGORY_UNKNOWN.message} ({', '.join(missing)})",
        )
    return [found[name] for name in names]


def _apply_scalars(project: Project, data: ProjectInput) -> None:
    project.name = data.name
    project.description = data.description or None
    project.organization = data.organization or None
    project.start_date = data.start_date
    project.end_date = data.end_date
    project.url_link = data.url_link or None
    # Derived, not trusted from the client (W-18).
    project.member_count = len(data.members)
    if data.url_visibility is not None:
        project.url_visibility = data.url_visibility


def _insert_with_keys(project: Project, rows: list, *, key: str) -> None:
    """Bulk-insert rows of one project's list and give each its primary key.

    Oracle cannot return the new keys of a bulk insert; they are read back by `key`, which
    is unique within the project.
    """
    if not rows:
        return
    model = type(rows[0])
    model.objects.bulk_create(rows)
    if any(row.pk is None for row in rows):
        values = [getattr(row, key) for row in rows]
        ids = dict(
            model.objects.filter(project=project, **{f"{key}__in": values}).values_list(key, "id")
        )
        for row in rows:
            row.pk = ids[getattr(row, key)]


def _write_categories(project: Project, names: list[str], *, is_new: bool) -> list[CategoryLink]:
    """Make the project's categories exactly `names`; unchanged links are left alone."""
    wanted = distinct_stripped(names)
    current = (
        []
        if is_new
        else list(CategoryLink.objects.filter(project=project).select_related("category"))
    )
    if not is_new and {link.category.name for link in current} == set(wanted):
        return sorted(current, key=lambda link: link.category_id)
    categories = _categories_named(wanted)
    wanted_ids = {category.pk for category in categories}
    stale = [link.pk for link in current if link.category_id not in wanted_ids]
    if stale:
        CategoryLink.objects.filter(pk__in=stale).delete()
    kept = [link for link in current if link.category_id in wanted_ids]
    kept_ids = {link.category_id for link in kept}
    added = [CategoryLink(project=project, category=c) for c in categories if c.pk not in kept_ids]
    _insert_with_keys(project, added, key="category_id")
    return sorted([*kept, *added], key=lambda link: link.category_id)


def _write_skills(project: Project, skills: list[str], *, is_new: bool) -> list[str]:
    """Make the project's skills exactly `skills`, in order, rewriting only what differs."""
    wanted = distinct_stripped(skills)
    current = [] if is_new else list(project.skills.order_by("position"))
    renamed = []
    for skill, name in zip(current, wanted, strict=False):
        if skill.name != name:
            skill.name = name
            renamed.append(skill)
    ProjectSkill.objects.bulk_update(renamed, ["name"])
    if len(current) > len(wanted):
        ProjectSkill.objects.filter(project=project, position__gte=len(wanted)).delete()
    ProjectSkill.objects.bulk_create(
        [
            ProjectSkill(project=project, position=i, name=name)
            for i, name in enumerate(wanted)
            if i >= len(current)
        ]
    )
    return wanted


def _accounts_by_email(emails: list[str]) -> dict[str, User]:
    if not emails:
        return {}
    return {user.email: user for user in User.objects.filter(email__in=emails)}


def _current_team(project: Project) -> dict[str, Membership]:
    """The stored members by e-mail, with their roles and the `account_id` of their address
    (so unlinked members are linked without another read)."""
    team = Membership.objects.filter(project=project).with_account_id().prefetch_related("roles")
    return {membership.email: membership for membership in team}


def _sync_members(project: Project, members: list[MemberInput], *, is_new: bool) -> None:
    """Update members in place by e-mail, add new ones, remove the rest (W-18).

    Every member is linked to the account with their address when there is one. Only rows
    that change are written: an edit that leaves the team alone costs the two reads of it.
    """
    wanted = {normalize_email(m.email): m for m in members}
    existing = {} if is_new else _current_team(project)
    removed = [m.pk for email, m in existing.items() if email not in wanted]
    if removed:
        Membership.objects.filter(pk__in=removed).delete()
    accounts = _accounts_by_email([email for email in wanted if email not in existing])
    added: list[Membership] = []
    renamed: list[Membership] = []
    recast: list[Membership] = []
    for email, member in wanted.items():
        membership = existing.get(email)
        if membership is None:
            added.append(
                Membership(project=project, email=email, name=member.name, user=accounts.get(email))
            )
            continue
        unlinked_account = membership.account_id if membership.user_id is None else None
        if membership.name != member.name or unlinked_account is not None:
            membership.name = member.name
            membership.user_id = membership.user_id or unlinked_account
            renamed.append(membership)
        if [role.name for role in membership.roles.all()] != distinct_stripped(member.roles):
            recast.append(membership)
    _insert_with_keys(project, added, key="email")
    Membership.objects.bulk_update(renamed, ["name", "user"])
    if recast:
        MembershipRole.objects.filter(membership__in=recast).delete()
    MembershipRole.objects.bulk_create(
        [
            MembershipRole(membership=membership, position=i, name=role)
            for membership in [*added, *recast]
            for i, role in enumerate(distinct_stripped(wanted[membership.email].roles))
        ]
    )


def create_project(*, owner: User, data: ProjectInput) -> SavedProject:
    """Create a project owned by `owner` with its members (P1)."""
    with transaction.atomic():
        project = Project(owner=owner)
        _apply_scalars(project, data)
        project.save()
        links = _write_categories(project, data.categories, is_new=True)
        skills = _write_skills(project, data.skills, is_new=True)
        _sync_members(project, data.members, is_new=True)
    return SavedProject(project=project, category_links=links, skills=skills)


def update_project(*, user: User, project_id: int, data: ProjectInput) -> SavedProject:
    """Replace a project's fields and members (P2); owner only. Absent `urlVisibility` keeps it.

    Categories, skills and members are compared with what is stored and only the
    differences are written.
    """
    with transaction.atomic():
        project = selectors.project_for_owner(project_id=project_id, user=user, lock=True)
        project.owner = user  # the caller, already loaded: the response names them
        _apply_scalars(project, data)
        project.save()
        links = _write_categories(project, data.categories, is_new=False)
        skills = _write_skills(project, data.skills, is_new=False)
        _sync_members(project, data.members, is_new=False)
    return SavedProject(project=project, category_links=links, skills=skills)


def delete_project(*, user: User, project_id: int) -> None:
    """Delete a project and everything that hangs off it (P3); owner only."""
    with transaction.atomic():
        selectors.project_for_owner(project_id=project_id, user=user, lock=True).delete()


def set_visibility(*, user: User, project_id: int, visible: bool) -> Membership:
    """Show or hide the caller in a project they are a member of (P12)."""
    with transaction.atomic():
        if not Project.objects.filter(pk=project_id).exists():
            raise DomainError(errors.PROJECT_NOT_FOUND)
        # Address and account may name two rows: lock them all, unsliced (Oracle refuses
        # FOR UPDATE with FETCH FIRST), and take the first by id as `.first()` did.
        membership = next(
            iter(
                Membership.objects.select_for_update()
                .of(user)
                .filter(project_id=project_id)
                .order_by("id")
            ),
            None,
        )
        if membership is None:
            raise DomainError(errors.PROJECT_FORBIDDEN)
        membership.anony_visibility = visible
        membership.save(update_fields=["anony_visibility"])
    return membership


def link_membership(*, user: User, project_id: int, member_email: str) -> Membership:
    """Claim an account-less membership for the caller (P11, DESIGN D9, W-03).

    The caller must have verified `member_email` with a LOAD_PROJECT code recently; the
    code is consumed. Only a membership without an account can be claimed, and not into a
    project the caller is already a member of. The membership takes the caller's address,
    so everything keyed on it follows the account.
    """
    member_email = normalize_email(member_email)
    with transaction.atomic():
        if not Project.objects.filter(pk=project_id).exists():
            raise DomainError(errors.PROJECT_NOT_FOUND)
        try:
            membership = Membership.objects.select_for_update().get(
                project_id=project_id, email=member_email
            )
        except Membership.DoesNotExist:
            raise DomainError(errors.PROJECT_MEMBERS_MISSING) from None
        if membership.user_id is not None:
            raise DomainError(errors.PROJECT_FORBIDDEN, "이미 계정과 연동된 멤버입니다.")
        already_member = (
            Membership.objects.of(user).filter(project_id=project_id).exclude(pk=membership.pk)
        ).exists()
        if already_member:
            raise DomainError(errors.PROJECT_FORBIDDEN, "이미 참여 중인 프로젝트입니다.")
        consume_verified_code(email=member_email, purpose=AuthPurpose.LOAD_PROJECT)
        membership.user = user
        membership.email = user.email
        try:
            with transaction.atomic():
                membership.save(update_fields=["user", "email"])
        except IntegrityError:
            raise DomainError(errors.PROJECT_FORBIDDEN, "이미 참여 중인 프로젝트입니다.") from None
    return membership


def link_memberships_to_new_account(*, user: User) -> int:
    """Give a new account the memberships listed under its address (W-15).

    Sign-up proves the address with a SIGNUP code, so every membership that names it and
    has no account yet becomes the user's. Returns how many were linked.
    """
    with transaction.atomic():
        return Membership.objects.filter(email=user.email, user__isnull=True).update(user=user)
