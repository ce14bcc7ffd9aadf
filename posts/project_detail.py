"""The project's public detail (P10) as the post detail embeds it: the one place posts meet
the projects screen.

`public_project_detail` and `PublicProjectDetailField` stand in for the typed P10 read
model until it exists; swap both here for it (and its output serializer) and nothing else in
`posts` changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rest_framework import serializers

from prism.openapi_annotations import extend_schema_field
from projects import selectors as project_selectors
from projects.models import Project
from projects.serializers import ProjectDetailOutput


@dataclass(frozen=True, slots=True)
class PublicProjectDetail:
    """The project with the facts its public detail shows (review traits and keywords,
    each member's project count), as `projects.selectors.public_project_detail` decides them."""

    project: Project
    facts: dict[str, Any]


def public_project_detail(*, project_id: int) -> PublicProjectDetail:
    """Anyone's view of the project (P10); raises PROJECT_NOT_FOUND."""
    project, facts = project_selectors.public_project_detail(project_id=project_id)
    return PublicProjectDetail(project=project, facts=facts)


@extend_schema_field(ProjectDetailOutput)
class PublicProjectDetailField(serializers.Field):
    """Renders a `PublicProjectDetail` exactly as P10 does."""

    def to_representation(self, value: PublicProjectDetail) -> dict[str, Any]:
        return ProjectDetailOutput(value.project, context=value.facts).data
