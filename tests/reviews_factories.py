"""Factories for review results."""

from __future__ import annotations

import factory
from django.utils import timezone

from reviews.models import PrismResult, Submission
from tests.projects_factories import MembershipFactory


class PrismResultFactory(factory.django.DjangoModelFactory):
    """A computed prism: every axis 4 unless given, two reviewers."""

    class Meta:
        model = PrismResult

    membership = factory.SubFactory(MembershipFactory)
    project = factory.SelfAttribute("membership.project")
    reviewer_count = 2
    communication = 4
    proactivity = 4
    problem_solving = 4
    responsibility = 4
    cooperation = 4
    leadership = 4
    reliability = 4
    teamwork = 4
    keywords = factory.LazyFunction(lambda: ["성실"])
    evaluation = "성실하고 꼼꼼한 팀원입니다."
    computed_at = factory.LazyFunction(timezone.now)


class SubmissionFactory(factory.django.DjangoModelFactory):
    """One reviewer's scores about one reviewee: every axis 4 unless given."""

    class Meta:
        model = Submission

    reviewer = factory.SubFactory(MembershipFactory)
    reviewee = factory.SubFactory(
        MembershipFactory, project=factory.SelfAttribute("..reviewer.project")
    )
    project = factory.SelfAttribute("reviewer.project")
    communication = 4
    proactivity = 4
    problem_solving = 4
    responsibility = 4
    cooperation = 4
