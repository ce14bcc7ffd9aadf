"""Projects, their members (registered or e-mail-only), categories and skills."""

from __future__ import annotations

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
    def owned_by(self, user) -> ProjectQuerySet:
        return self.filter(owner=user)

    def with_member(self, user) -> ProjectQuerySet:
        """Projects where `user` is a member, by linked account or by e-mail."""
        return self.filter(pk__in=Membership.objects.of(user).values("project_id"))


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
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_projects"
    )
    categories = models.ManyToManyField(Category, related_name="projects", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        db_table = "prism_project"
        indexes = [
            models.Index(fields=["-end_date", "-id"], name="project_end_date_idx"),
            models.Index(fields=["name"], name="project_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


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


class MembershipQuerySet(models.QuerySet["Membership"]):
    def of(self, user) -> MembershipQuerySet:
        """The user's memberships: linked to the account, or listed under its address."""
        return self.filter(models.Q(user=user) | models.Q(email=user.email))


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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

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
