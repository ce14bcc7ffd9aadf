"""Factories for projects and memberships."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from projects.models import Membership, MembershipRole, Project
from tests.factories import UserFactory

SEOUL = ZoneInfo("Asia/Seoul")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    organization = "SWYG"
    owner = factory.SubFactory(UserFactory)
    start_date = datetime(2024, 7, 1, tzinfo=SEOUL)
    end_date = datetime(2024, 8, 31, tzinfo=SEOUL)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    email = factory.Sequence(lambda n: f"member{n}@example.com")
    name = factory.Sequence(lambda n: f"Member{n}")
    # A real teammate who confirmed the project (D16); pass `confirmed_at=None` for a
    # membership the person has not confirmed.
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create:
            for position, role in enumerate(extracted or ["Backend"]):
                MembershipRole.objects.create(membership=obj, position=position, name=role)
