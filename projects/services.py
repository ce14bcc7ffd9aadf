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


def _categories_named(names: list[str]) -> list[Category]:
    wanted = distinct_stripped(names)
    found = {c.name: c for c in Category.objects.filter(name__in=wanted)}
    missing = [name for name in wanted if name not in found]
    if missing:
        raise DomainError(
            errors.PROJECT_CATEGORY_UNKNOWN,
            f"{errors.PROJECT_CATEGORY_UNKNOWN.message} ({', '.join(missing)})",
        )
    return [found[name] for name in wanted]


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


def _write_skills(project: Project, skills: list[str], *, is_new: bool) -> None:
    if not is_new:
        project.skills.all().delete()
    ProjectSkill.objects.bulk_create(
        [
            ProjectSkill(project=project, position=i, name=s)
            for i, s in enumerate(distinct_stripped(skills))
        ]
    )


def _write_categories(project: Project, names: list[str], *, is_new: bool) -> None:
    categories = _categories_named(names)
    if is_new:
        # One INSERT for a new project; `set()` would first read the (empty) current list.
        links = Project.categories.through
        links.objects.bulk_create([links(project=project, category=c) for c in categories])
    else:
        project.categories.set(categories)


def _accounts_by_email(emails: list[str]) -> dict[str, User]:
    return {user.email: user for user in User.objects.filter(email__in=emails)}


def _insert_memberships(project: Project, memberships: list[Membership]) -> None:
    Membership.objects.bulk_create(memberships)
    if any(m.pk is None for m in memberships):
        # Oracle cannot return the new keys of a bulk insert; read them back.
        ids = dict(
            Membership.objects.filter(
                project=project, email__in=[m.email for m in memberships]
            ).values_list("email", "id")
        )
        for membership in memberships:
            membership.pk = ids[membership.email]


def _sync_members(project: Project, members: list[MemberInput], *, is_new: bool) -> None:
    """Update members in place by e-mail, add new ones, remove the rest (W-18)."""
    wanted = {normalize_email(m.email): m for m in members}
    accounts = _accounts_by_email(list(wanted))
    existing = {} if is_new else {m.email: m for m in project.memberships.all()}
    if not is_new:
        project.memberships.exclude(email__in=list(wanted)).delete()
    added: list[Membership] = []
    kept: list[Membership] = []
    for email, member in wanted.items():
        membership = existing.get(email)
        if membership is None:
            added.append(
                Membership(project=project, email=email, name=member.name, user=accounts.get(email))
            )
        else:
            membership.name = member.name
            membership.user = accounts.get(email) or membership.user
            kept.append(membership)
    _insert_memberships(project, added)
    if kept:
        Membership.objects.bulk_update(kept, ["name", "user"])
        MembershipRole.objects.filter(membership__in=kept).delete()
    MembershipRole.objects.bulk_create(
        [
            MembershipRole(membership=membership, position=i, name=role)
            for membership in [*added, *kept]
            for i, role in enumerate(distinct_stripped(wanted[membership.email].roles))
        ]
    )


def create_project(*, owner: User, data: ProjectInput) -> Project:
    """Create a project owned by `owner` with its members (P1)."""
    with transaction.atomic():
        project = Project(owner=owner)
        _apply_scalars(project, data)
        project.save()
        _write_categories(project, data.categories, is_new=True)
        _write_skills(project, data.skills, is_new=True)
        _sync_members(project, data.members, is_new=True)
    return project


def update_project(*, user: User, project_id: int, data: ProjectInput) -> Project:
    """Replace a project's fields and members (P2); owner only. Absent `urlVisibility` keeps it."""
    with transaction.atomic():
        project = selectors.project_for_owner(project_id=project_id, user=user, lock=True)
        _apply_scalars(project, data)
        project.save()
        _write_categories(project, data.categories, is_new=False)
        _write_skills(project, data.skills, is_new=False)
        _sync_members(project, data.members, is_new=False)
    return project


def delete_project(*, user: User, project_id: int) -> None:
    """Delete a project and everything that hangs off it (P3); owner only."""
    with transaction.atomic():
        selectors.project_for_owner(project_id=project_id, user=user, lock=True).delete()


def set_visibility(*, user: User, project_id: int, visible: bool) -> Membership:
    """Show or hide the caller in a project they are a member of (P12)."""
    with transaction.atomic():
        if not Project.objects.filter(pk=project_id).exists():
            raise DomainError(errors.PROJECT_NOT_FOUND)
        membership = (
            Membership.objects.select_for_update().of(user).filter(project_id=project_id).first()
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
        membership = (
            Membership.objects.select_for_update()
            .filter(project_id=project_id, email=member_email)
            .first()
        )
        if membership is None:
            raise DomainError(errors.PROJECT_MEMBERS_MISSING)
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
