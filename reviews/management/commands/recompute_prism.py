from django.core.management.base import BaseCommand, CommandError

from projects.models import Project
from reviews.services import recompute_project


class Command(BaseCommand):
    help = "Recompute PRism results from all submissions (every project, or one with --project)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--project", type=int, help="Only this project id.")

    def handle(self, *args, project: int | None = None, **options) -> None:
        projects = Project.objects.filter(submissions__isnull=False).distinct()
        if project is not None:
            if not Project.objects.filter(pk=project).exists():
                raise CommandError(f"No project with id {project}.")
            projects = Project.objects.filter(pk=project)
        ids = list(projects.order_by("id").values_list("id", flat=True))
        results = sum(recompute_project(project_id=project_id) for project_id in ids)
        self.stdout.write(f"Recomputed {len(ids)} project(s), {results} result(s).")
