"""Project screens that show review facts: each member's evaluation in the project lists
(P6, P7) and the keywords of the team (P13).

Projects and reviews each know half; the read models are built in `projects.selectors`
from the review facts given here. The public detail (P10) is composed in
`reviews.selectors.public_project_detail`, which the post detail embeds too.
"""

from __future__ import annotations

from accounts.models import User
from projects import selectors as project_selectors
from projects.read_models import InvolvedProject, ProjectSummary, TeamMember
from reviews.selectors import evaluations_by_membership, project_review_facts


def involved_projects(*, user: User) -> list[InvolvedProject]:
    """Projects the caller is a member of (P6), confirmed or not (D16), with the caller's
    own flag, evaluation and confirmation."""
    mine = project_selectors.own_memberships(user=user)
    evaluations = evaluations_by_membership([m.pk for m in mine])
    return project_selectors.involved_projects_of(mine, evaluations=evaluations)


def projects_of_person(*, user_id: str, viewer: User | None = None) -> list[ProjectSummary]:
    """Projects where the account is a linked member who confirmed the membership (D16)
    and has not hidden themselves (P7), with their evaluation; signed in, the person sees
    the unconfirmed too."""
    theirs = project_selectors.person_memberships(user_id=user_id, viewer=viewer)
    if not theirs:
        return []
    evaluations = evaluations_by_membership([m.pk for m in theirs])
    return project_selectors.person_projects_of(theirs, evaluations=evaluations)


def team_members(*, project_id: int, user: User) -> list[TeamMember]:
    """The members of a project with their profiles and keywords (P13), for its members
    and owner."""
    project = project_selectors.team(project_id=project_id, user=user)
    _, keywords = project_review_facts(project.pk, public=False)
    return project_selectors.team_members_of(project, viewer=user, keywords=keywords)
