from django.db import migrations
from django.utils import timezone


def confirm_survey_submitters(apps, schema_editor):
    """A member who submitted the project's survey confirmed the membership (D16).

    Submissions do not record whether the invitation code came with them; a submitter who
    holds an invitation is taken to have used it (the code is required by default, D7).
    """
    Membership = apps.get_model("projects", "Membership")
    submitters = Membership.objects.filter(
        confirmed_at__isnull=True, review_done=True, invitation__isnull=False
    ).values("pk")
    Membership.objects.filter(pk__in=submitters).update(confirmed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0004_membership_confirmed_at"),
        ("reviews", "0001_invitations_submissions_answers_results"),
    ]

    operations = [
        migrations.RunPython(confirm_survey_submitters, migrations.RunPython.noop, elidable=True),
    ]
