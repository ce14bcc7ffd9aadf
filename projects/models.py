"""Projects, their members (registered or e-mail-only), categories and skills."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models


class Category(models.Model):
    """A project category. Ids 1–8 are seeded and fixed: the web client hard-codes them."""

    id = models.AutoField(primary_key=True)
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        db_table = "prism_category"
        ordering = ["id"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class ProjectQuerySet(models.QuerySet["Project"]):
    # Access (contract §2.2): every project service and selector asks these.

    def owned_by(self, user) -> ProjectQuerySet:
        return self.filter(owner=user)

    def owned_or_joined_by(self, user) -> ProjectQuerySet:
        """Projects whose member screens `user` may read: owned by them (listed or not,
        contract §7.2 #13) or with them as a member, by account or by address."""
        return self.filter(
            models.Q(owner=user) | models.Q(pk__in=Membership.objects.of(user).values("project_id"))
        )

    # EXISTS tests rather than IN lists: a page ordered by an index can stop at its last row.

    def with_any_member(self, **member_lookup) -> ProjectQuerySet:
        """Projects with a member matching `member_lookup` (with any member at all if empty)."""
        members = Membership.objects.filter(project=models.OuterRef("pk"), **member_lookup)
        return self.filter(models.Exists(members))

    def with_public_member_named(self, text: str) -> ProjectQuerySet:
        """Projects where a member a public search may match has `text` in their name: never
        a hidden member (W-06) nor a registered person who has not confirmed (D16)."""
        members = Membership.objects.listed_publicly().filter(
            project=models.OuterRef("pk"), name__icontains=text
        )
        return self.filter(models.Exists(members))

    def in_any_category(self, **link_lookup) -> ProjectQuerySet:
        """Projects with a category link matching `link_lookup`, e.g. `category_id__in=…`."""
        links = Project.categories.through.objects.filter(project=models.OuterRef("pk"))
        return self.filter(models.Exists(links.filter(**link_lookup)))


class Project(models.Model):
    id = models.AutoField(primary_key=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=1000, null=True, blank=True)
    organization = models.CharField(max_length=300, null=True, blank=True)
    member_count = models.PositiveIntegerField(default=0)
    start_date = models.DateTimeField()
    end_date = models.DateTimeField()
    url_link = models.CharField(max_length=255, null=True, blank=True)
    url_visibility = models.BooleanField(default=True)
    # Null only when the owner left PRism with no confirmed member to take the project over:
    # it is frozen (nobody edits it) until staff assign an owner in the admin (DESIGN D17).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_projects",
    )
    categories = models.ManyToManyField(Category, related_name="projects", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()
    # Set only where the categories_by_id Prefetch loaded it (projects.selectors).
    sorted_categories: list[Category]

    class Meta:
        db_table = "prism_project"
        indexes = [
            models.Index(fields=["-end_date", "-id"], name="project_end_date_idx"),
            models.Index(fields=["name"], name="project_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


# The through model of Project.categories: one row per (project, category).
if TYPE_CHECKING:
    # The same class as django-stubs names it, so that annotations can use it.
    from projects.models import Project_categories as CategoryLink
else:
    CategoryLink = Project.categories.through


class ProjectSkill(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="skills")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)

    class Meta:
        db_table = "prism_project_skill"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="project_skill_pos_uniq")
        ]
        indexes = [models.Index(fields=["name"], name="project_skill_name_idx")]

    def __str__(self) -> str:
        return self.name


# A member who left PRism stays in their teams as a placeholder (DESIGN D17): a fixed name
# and a unique address under a reserved domain (RFC 2606), never mailed. Not '' or NULL:
# Oracle stores '' as NULL, and (project, NULL) rows would collide in the unique constraint.
FORMER_MEMBER_NAME = "탈퇴한 회원"
FORMER_MEMBER_DOMAIN = "former-member.invalid"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def reachable(self) -> MembershipQuerySet:
        """Memberships with a real address: not the placeholder of someone who left."""
        return self.exclude(email__endswith=f"@{FORMER_MEMBER_DOMAIN}")

    def of(self, user) -> MembershipQuerySet:
        """The person's own memberships: linked to the account, or listed under its address
        with no account linked yet (never a row another account holds)."""
        return self.filter(models.Q(user=user) | models.Q(email=user.email, user__isnull=True))

    def with_account_id(self) -> MembershipQuerySet:
        """Annotate `account_id`: the id of the account with the member's address, if any,
        whether or not the membership is linked to it yet."""
        from django.contrib.auth import get_user_model

        account = get_user_model().objects.filter(email=models.OuterRef("email")).values("pk")
        return self.annotate(account_id=models.Subquery(account[:1]))

    # Consent (DESIGN D16): a registered person's membership counts toward their public face
    # only once they confirmed it; until then the public sees the owner's listing only.

    def confirmed(self) -> MembershipQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def counted_publicly(self) -> MembershipQuerySet:
        """Memberships that count toward the person's public face: confirmed and not hidden."""
        return self.confirmed().filter(anony_visibility=True)

    def listed_publicly(self) -> MembershipQuerySet:
        """Memberships a public search may match: not hidden, and either confirmed or the
        owner's listing of someone without an account."""
        return self.filter(anony_visibility=True).filter(
            models.Q(confirmed_at__isnull=False) | models.Q(user__isnull=True)
        )


class Membership(models.Model):
    """A project member, identified by e-mail; linked to an account when there is one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    email = models.CharField(max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    name = models.CharField(max_length=100)
    anony_visibility = models.BooleanField(default=True)
    review_done = models.BooleanField(default=False)
    # When the person confirmed they are in the project (D16): as its owner, by submitting
    # its survey with their own invitation code, by linking it with their own LOAD_PROJECT
    # code, or signed in. Until then the membership is the owner's claim only.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    # Set only on rows of MembershipQuerySet.with_account_id().
    account_id: uuid.UUID | None

    class Meta:
        db_table = "prism_membership"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "email"], name="membership_project_email_uniq"
            )
        ]
        indexes = [
            models.Index(fields=["email"], name="membership_email_idx"),
            models.Index(fields=["user"], name="membership_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> in {self.project_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class MembershipRole(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="roles")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)

    class Meta:
        db_table = "prism_membership_role"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "position"], name="membership_role_pos_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- Team-recruitment posts ---------------------------------------------------------------------


class ProcessMethod(models.TextChoices):
    ONLINE = "online"
    OFFLINE = "offline"
    ONLINE_AND_OFFLINE = "onlineAndOffline"
    ETC = "etc"


class ContactMethod(models.TextChoices):
    KAKAO_TALK = "kakaoTalk"
    EMAIL = "email"
    GOOGLE_FORM = "googleForm"


class RecruitmentPosition(models.TextChoices):
    PM = "pm"
    MARKETER = "marketer"
    FRONTEND = "frontend"
    BACKEND = "backend"
    FULLSTACK = "fullstack"
    DESIGNER = "designer"
    IOS = "ios"
    ANDROID = "android"
    DEVOPS = "devops"
    QA = "qa"


class RecruitmentStatus(models.TextChoices):
    RECRUITING = "RECRUITING"
    CLOSED = "CLOSED"


class PostQuerySet(models.QuerySet["Post"]):
    def written_by(self, user) -> PostQuerySet:
        """The posts `user` wrote: the only ones they may change or delete."""
        return self.filter(writer=user)

    def recruiting(self, now) -> PostQuerySet:
        """Open posts: not closed by hand, and not past their end unless open until filled."""
        return self.filter(status=RecruitmentStatus.RECRUITING).filter(
            models.Q(open_until_recruited=True)
            | models.Q(recruitment_end_at__isnull=True)
            | models.Q(recruitment_end_at__gte=now)
        )


class Post(models.Model):
    """A team-recruitment post for a project its writer owns or belongs to."""

    id = models.BigAutoField(primary_key=True)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="posts")
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    title = models.CharField(max_length=100)
    # Rich text from the client's editor: long, never filtered, sorted or indexed.
    content = models.TextField()
    view_count = models.PositiveIntegerField(default=0)
    # Closed by hand; a passed deadline closes a post too (see `effective_status`).
    status = models.CharField(
        max_length=10, choices=RecruitmentStatus.choices, default=RecruitmentStatus.RECRUITING
    )
    process_method = models.CharField(max_length=20, choices=ProcessMethod.choices)
    contact_method = models.CharField(max_length=20, choices=ContactMethod.choices)
    contact_info = models.CharField(max_length=255)
    apply_method = models.CharField(max_length=20, choices=ContactMethod.choices)
    apply_info = models.CharField(max_length=255)
    open_until_recruited = models.BooleanField(default=False)
    recruitment_start_at = models.DateTimeField(null=True, blank=True)
    recruitment_end_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        db_table = "prism_post"
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="post_recent_idx"),
            models.Index(fields=["-view_count", "-id"], name="post_popular_idx"),
            models.Index(fields=["recruitment_end_at"], name="post_end_idx"),
            models.Index(fields=["status", "process_method"], name="post_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def effective_status(self, now) -> str:
        if self.status == RecruitmentStatus.CLOSED:
            return RecruitmentStatus.CLOSED
        if (
            not self.open_until_recruited
            and self.recruitment_end_at is not None
            and self.recruitment_end_at < now
        ):
            return RecruitmentStatus.CLOSED
        return RecruitmentStatus.RECRUITING


class PostPosition(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="positions")
    position = models.CharField(max_length=16, choices=RecruitmentPosition.choices)
    count = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "prism_post_position"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "position"], name="post_position_uniq")
        ]
        indexes = [models.Index(fields=["position"], name="post_position_idx")]

    def __str__(self) -> str:
        return f"{self.position} × {self.count}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "prism_bookmark"
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="bookmark_user_post_uniq")
        ]
        indexes = [models.Index(fields=["user", "active"], name="bookmark_user_idx")]

    def __str__(self) -> str:
        return f"bookmark {self.user_id} → {self.post_id}"
