from django.db import migrations


class Migration(migrations.Migration):
    """One name per PRism axis: the wire's `proactivity` (was `initiative`) and, on a
    submission, `cooperation` for the teamwork-category questions (was `teamwork`, which on a
    result means the derived radial score)."""

    dependencies = [("reviews", "0002_confirm_memberships_of_survey_submitters")]

    operations = [
        migrations.RenameField("submission", "initiative", "proactivity"),
        migrations.RenameField("submission", "teamwork", "cooperation"),
        migrations.RenameField("prismresult", "initiative", "proactivity"),
    ]
