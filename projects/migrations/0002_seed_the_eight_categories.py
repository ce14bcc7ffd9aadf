"""Seed the eight categories with the ids the web client hard-codes (contract §2.7)."""

from django.core.management.color import no_style
from django.db import migrations

CATEGORIES = [
    (1, "금융"),
    (2, "헬스케어"),
    (3, "교육"),
    (4, "커머스"),
    (5, "여행"),
    (6, "엔터테인먼트"),
    (7, "생산성"),
    (8, "기타"),
]


def seed_categories(apps, schema_editor):
    Category = apps.get_model("projects", "Category")
    for category_id, name in CATEGORIES:
        Category.objects.using(schema_editor.connection.alias).update_or_create(
            id=category_id, defaults={"name": name}
        )
    # Explicit ids do not advance PostgreSQL sequences or Oracle identity columns.
    for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Category]):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_projects_members_categories_skills")]

    operations = [migrations.RunPython(seed_categories, migrations.RunPython.noop)]
