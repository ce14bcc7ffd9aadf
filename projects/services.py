"""Project use cases: create, update, delete, members, visibility and account linking.

Each function is one transaction and raises `DomainError` for broken rules. Members are
identified by e-mail (stored lower-cased, unique per project) and linked to the account
with that address whenever one exists (on create, on update and at sign-up).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from accounts import limits
from accounts.models import AuthPurpose, User, normalize_email
from accounts.services import consume_verified_code
from prism import errors
from prism.errors import DomainError
from prism.lists import distinct_stripped
from projects import selectors
from projects.models import (
    FORMER_MEMBER_DOMAIN,
    FORMER_MEMBER_NAME,
    Category,
    CategoryLink,
    Membership,
    MembershipRole,
    Project,
    ProjectSkill,
)
from projects.read_models import ProjectDetail


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


def _insert_with_keys[R: (CategoryLink, Membership)](
    project: Project, rows: list[R], *, key: str
) -> None:
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

    Every member is linked to the account with their address when there is one; the
    owner's own membership is confirmed (D16), nobody else's. Only rows that change are
    written: an edit that leaves the team alone costs the two reads of it.
    """
    owner_email = project.owner.email if project.owner is not None else None
    now = timezone.now()
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
                Membership(
                    project=project,
                    email=email,
                    name=member.name,
                    user=accounts.get(email),
                    confirmed_at=now if email == owner_email else None,
                )
            )
            continue
        unlinked_account = membership.account_id if membership.user_id is None else None
        unconfirmed_owner = email == owner_email and membership.confirmed_at is None
        if membership.name != member.name or unlinked_account is not None or unconfirmed_owner:
            membership.name = member.name
            membership.user_id = membership.user_id or unlinked_account
            if unconfirmed_owner:
                membership.confirmed_at = now
            renamed.append(membership)
        if [role.name for role in membership.roles.all()] != distinct_stripped(member.roles):
            recast.append(membership)
    _insert_with_keys(project, added, key="email")
    Membership.objects.bulk_update(renamed, ["name", "user", "confirmed_at"])
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
    """Create a project owned by `owner` with its members (P1); its link starts public."""
    with transaction.atomic():
        project = Project(owner=owner)
        _apply_scalars(project, data)
        # P1: the web client always sends `urlVisibility: false` on create; the contract stores
        # true, so a new project can be found by name and claimed ("link an earlier project").
        project.url_visibility = True
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
        membership = _own_membership(user=user, project_id=project_id)
        membership.anony_visibility = visible
        membership.save(update_fields=["anony_visibility"])
    return membership


def link_membership(
    *, user: User, project_id: int, member_email: str, client_ip: str
) -> ProjectDetail:
    """Claim an account-less membership for the caller (P11, DESIGN D9, W-03); returns the
    project's detail as the caller, now a member, sees it.

    The caller must have verified `member_email` with a LOAD_PROJECT code recently, signed
    in as this account; the code is consumed (one claim). Attempts are capped per hour per
    account and per client IP. Only a membership without an account can be claimed, and
    not into a project the caller is already a member of. The membership takes the
    caller's address, so everything keyed on it follows the account.
    """
    limits.consume_link_attempt(user_id=str(user.pk), ip=client_ip)
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
        consume_verified_code(
            email=member_email, purpose=AuthPurpose.LOAD_PROJECT, verified_by=user
        )
        membership.user = user
        membership.email = user.email
        membership.confirmed_at = timezone.now()  # their own verified code: consent (D16)
        try:
            with transaction.atomic():
                membership.save(update_fields=["user", "email", "confirmed_at"])
        except IntegrityError:
            raise DomainError(errors.PROJECT_FORBIDDEN, "이미 참여 중인 프로젝트입니다.") from None
    return selectors.member_project_detail(project_id=project_id, user=user)


def _own_membership(*, user: User, project_id: int) -> Membership:
    """The caller's membership in the project, locked: Project_400_1 when the project is
    missing, Project_400_7 when they are not listed in it."""
    # Unsliced under the lock (Oracle); a linked row wins over a row listing the address.
    mine = list(Membership.objects.select_for_update().of(user).filter(project_id=project_id))
    if not mine:
        raise selectors.refusal(project_id, not_allowed=errors.PROJECT_FORBIDDEN)
    mine.sort(key=lambda membership: membership.user_id != user.pk)
    return mine[0]


def confirm_membership(*, user: User, project_id: int) -> Membership:
    """The signed-in caller confirms they are in the project (D16); idempotent.

    From then on the membership counts toward their public face: results, public project
    list, member-name search. A membership listed under their address is linked to them.
    """
    with transaction.atomic():
        membership = _own_membership(user=user, project_id=project_id)
        if membership.confirmed_at is None or membership.user_id != user.pk:
            membership.user = user
            membership.confirmed_at = membership.confirmed_at or timezone.now()
            membership.save(update_fields=["user", "confirmed_at"])
    return membership


def leave_project(*, user: User, project_id: int) -> None:
    """Take the caller off a project they never confirmed (D16).

    The membership is deleted, with the reviews about them and their result there: the
    owner's claim goes, nothing of it stays on the person. The owner cannot leave their
    own project; a confirmed membership, or one whose survey was submitted, is kept (the
    person can hide it instead), so teammates' results never change under them.
    """
    with transaction.atomic():
        membership = _own_membership(user=user, project_id=project_id)
        if Project.objects.owned_by(user).filter(pk=project_id).exists():
            raise DomainError(errors.PROJECT_FORBIDDEN, "프로젝트 소유자는 나갈 수 없습니다.")
        if membership.confirmed_at is not None or membership.review_done:
            raise DomainError(
                errors.PROJECT_FORBIDDEN,
                "이미 참여를 확인한 프로젝트입니다. 공개 여부만 바꿀 수 있습니다.",
            )
        membership.delete()
        Project.objects.filter(pk=project_id, member_count__gt=0).update(
            member_count=F("member_count") - 1
        )


def link_memberships_to_new_account(*, user: User) -> int:
    """Give a new account the memberships listed under its address (W-15).

    Sign-up proves the address with a SIGNUP code, so every membership that names it and
    has no account yet becomes the user's. Returns how many were linked.
    """
    with transaction.atomic():
        return Membership.objects.filter(email=user.email, user__isnull=True).update(user=user)


# --- An account leaves PRism (DESIGN D17) ---------------------------------------------------------


@dataclass(frozen=True)
class HandOver:
    """What became of the projects a leaving account owned."""

    handed_over: int
    frozen: int


def hand_over_projects_of_leaving_account(*, user: User) -> HandOver:
    """Pass each project `user` owns to its earliest confirmed member with an account.

    "Earliest" is by confirmation time (then membership id): the teammate who has vouched
    for the project longest. A project with no such member is frozen: it keeps its members,
    results and survey, has no owner (nobody can edit, delete or refresh it) until staff
    assign one in the admin.
    """
    with transaction.atomic():
        # Locked and read whole (Oracle refuses FOR UPDATE with a row limit).
        projects = list(Project.objects.select_for_update().filter(owner=user).order_by("pk"))
        if not projects:
            return HandOver(handed_over=0, frozen=0)
        # Every owned project's candidates in one query, earliest first per project.
        candidates = (
            Membership.objects.filter(
                project__owner=user, confirmed_at__isnull=False, user__isnull=False
            )
            .exclude(user=user)
            .order_by("project_id", "confirmed_at", "id")
            .values_list("project_id", "user_id")
        )
        successors: dict[int, uuid.UUID | None] = {}
        for project_id, user_id in candidates:
            successors.setdefault(project_id, user_id)
        now = timezone.now()
        for project in projects:
            project.owner_id = successors.get(project.pk)
            project.updated_at = now  # bulk_update does not apply auto_now
        Project.objects.bulk_update(projects, ["owner", "updated_at"])
    handed_over = sum(1 for project in projects if project.owner_id is not None)
    frozen = len(projects) - handed_over
    return HandOver(handed_over=handed_over, frozen=frozen)


def turn_memberships_into_placeholders(*, user: User) -> list[int]:
    """Strip the leaving person from every membership that is theirs; return those ids.

    Linked memberships and the owner's listings under their address become unregistered
    placeholders: a fixed name, a unique reserved address that is never mailed and that no
    sign-up can claim, no account, hidden from the public. Roles and the reviews they wrote
    stay, so their teams and teammates' results are unchanged.
    """
    with transaction.atomic():
        mine = Membership.objects.select_for_update().of(user)
        memberships = list(mine.order_by("pk"))
        for membership in memberships:
            membership.user = None
            membership.name = FORMER_MEMBER_NAME
            membership.email = f"{uuid.uuid4().hex}@{FORMER_MEMBER_DOMAIN}"
            membership.anony_visibility = False
            membership.confirmed_at = None
        Membership.objects.bulk_update(
            memberships, ["user", "name", "email", "anony_visibility", "confirmed_at"]
        )
    return [membership.pk for membership in memberships]


def projects_listing_both(*, user: User, new_email: str) -> bool:
    """Whether a project the person is in also lists `new_email` as another member.

    Moving them there would give one person two rows in one team (and leave the old
    address listed, for whoever signs up with it next): an address change refuses it.
    """
    return Membership.objects.filter(
        email=normalize_email(new_email),
        project_id__in=Membership.objects.of(user).values("project_id"),
    ).exists()


def move_memberships_to_new_address(*, user: User, old_email: str) -> None:
    """After an address change: the person's memberships follow them, and memberships
    listed under the new (just proven) address become theirs, as at sign-up.

    The caller has refused the change where a project lists both addresses
    (`projects_listing_both`), so every moved row keeps (project, e-mail) unique.
    """
    with transaction.atomic():
        Membership.objects.filter(email=old_email).filter(
            models.Q(user=user) | models.Q(user__isnull=True)
        ).update(email=user.email, user=user)
        Membership.objects.filter(email=user.email, user__isnull=True).update(user=user)
