"""Oracle compatibility, proven offline (DESIGN §3)."""

import re

import pytest
from django.core.management.color import no_style
from django.db import models
from django.test.utils import isolate_apps

from accounts.models import User
from prism.oracle_rules import MAX_IDENTIFIER_LENGTH, oracle_rule_violations, project_models
from tests.oracle_offline import (
    NEEDS_LIVE_CATALOGUE,
    migration_sql,
    no_network,
    offline_oracle_connection,
    queryset_sql,
)


@pytest.fixture
def oracle():
    with offline_oracle_connection() as connection:
        yield connection


def test_every_migration_compiles_to_oracle_sql(oracle):
    with no_network():
        compiled = migration_sql(oracle)
    ours = {name for name in compiled if name.split(".")[0] in {"accounts", "projects", "reviews"}}
    assert "accounts.0001_custom_user_with_email_login" in ours
    assert not {
        name
        for name in NEEDS_LIVE_CATALOGUE
        if name.split(".")[0] in {"accounts", "projects", "reviews"}
    }
    ddl = "\n".join(compiled["accounts.0001_custom_user_with_email_login"])
    assert 'CREATE TABLE "PRISM_USER"' in ddl
    assert "NVARCHAR2(254)" in ddl
    assert "NCLOB" not in ddl
    for name, statements in compiled.items():
        for statement in statements:
            assert "AUTOINCREMENT" not in statement.upper(), name  # SQLite syntax
            assert "SERIAL" not in statement.upper(), name  # PostgreSQL syntax


def test_representative_queries_compile_to_oracle_sql(oracle):
    from django.db.models import Avg, Count, F
    from django.utils import timezone

    from accounts.models import User as Person
    from projects import selectors
    from projects.models import Membership, Post, PostPosition, Project
    from reviews.models import Submission

    someone = Person(id="6f1c2b5e-1111-4222-8333-944455556666", email="a@b.c")
    queries = {
        "summaries": selectors.summaries(Project.objects.owned_or_joined_by(someone)),
        "search page": Project.objects.with_any_member(name__icontains="kim")
        .in_any_category(category_id__in=[1, 2])
        .order_by("-end_date", "-id")[16:24],
        "linkable": selectors.linkable_projects_query(name_contains="프리즘"),
        "post page": Post.objects.recruiting(timezone.now())
        .filter(pk__in=PostPosition.objects.filter(position__in=["backend"]).values("post_id"))
        .order_by(F("recruitment_end_at").asc(nulls_last=True))[:10],
        "prism aggregation": Submission.objects.filter(project_id=1)
        .values("reviewee_id")
        .annotate(
            reviewers=Count("reviewer_id", distinct=True), communication=Avg("communication")
        ),
        "login lookup": User.objects.filter(email="a@b.c", is_active=True),
        "team with accounts": Membership.objects.filter(project_id=1).with_account_id(),
        "admin search": User.objects.filter(
            models.Q(email__icontains="kim") | models.Q(name__icontains="kim")
        ).order_by("email")[10:20],
    }
    with no_network():
        compiled = {name: queryset_sql(qs, oracle) for name, qs in queries.items()}
    assert "LIKE" in compiled["admin search"]
    assert "FETCH FIRST 1 ROWS ONLY" in compiled["team with accounts"]
    # Participants: a correlated count per listed project, not a GROUP BY over the join.
    assert 'COALESCE((SELECT COUNT("U0"."ID") AS "REVIEWED"' in compiled["summaries"]
    assert "FETCH FIRST 8 ROWS ONLY" in compiled["search page"]
    assert compiled["search page"].count("EXISTS(") == 2
    assert "OFFSET 10 ROWS FETCH FIRST 10 ROWS ONLY" in compiled["admin search"]


def test_project_models_obey_the_oracle_rules():
    assert project_models(), "the rule check must see the project's models"
    assert oracle_rule_violations(project_models()) == []


@isolate_apps("accounts")
def test_rule_check_rejects_violations():
    class Broken(models.Model):
        notes = models.TextField(unique=True)
        huge = models.CharField(max_length=4000)
        body = models.TextField()
        a_column_name_that_is_far_too_long_for_oracle = models.IntegerField()

        class Meta:
            app_label = "accounts"
            ordering = ["body"]
            indexes = [models.Index(fields=["body"], name="broken_body_idx")]
            db_table = "a_table_name_that_is_longer_than_thirty"

    ids = sorted({error.id for error in oracle_rule_violations([Broken])})
    assert ids == ["prism.E101", "prism.E102", "prism.E103", "prism.E104", "prism.E105"]


def test_migration_identifiers_fit_oracle_and_auto_keys_are_identity_columns(oracle):
    with no_network():
        compiled = migration_sql(oracle)
    statements = [statement for ddl in compiled.values() for statement in ddl]
    too_long = {
        name
        for statement in statements
        for name in re.findall(r'"([^"]+)"', statement)
        if len(name) > MAX_IDENTIFIER_LENGTH
    }
    assert too_long == set()
    created = {
        re.match(r'CREATE TABLE "([^"]+)"', statement).group(1): statement
        for statement in statements
        if statement.startswith("CREATE TABLE")
    }
    for model in project_models():
        table = oracle.ops.quote_name(model._meta.db_table).strip('"')
        identity = "GENERATED BY DEFAULT ON NULL AS IDENTITY" in created[table]
        assert identity == isinstance(model._meta.pk, models.AutoField), table


def test_seeded_ids_move_the_identity_column_on(oracle):
    # The category seed inserts explicit ids; Oracle's identity sequence must be moved past
    # them or the next insert collides (projects/migrations/0002).
    from projects.models import Category

    (statement,) = oracle.ops.sequence_reset_sql(no_style(), [Category])
    assert "user_tab_identity_cols" in statement and "'PRISM_CATEGORY'" in statement


@pytest.mark.django_db
def test_data_migrations_ran_under_the_shadow_compiler():
    # Building the test database runs every migration; the ORM queries of data migrations
    # went through the shadow compiler (tests/oracle_shadow.py) like any test's.
    from tests.oracle_shadow import data_migration_queries

    seed = data_migration_queries["projects.migrations.0002_seed_the_eight_categories"]
    assert seed == 16  # eight update_or_create: a locked read and a write each
