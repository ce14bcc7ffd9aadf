"""Seed a scale data set quickly and deterministically (fixed seed, bulk inserts).

    python -m bench.seed --scale 1.0      # into the database DATABASE_URL names

At scale 1: 2,000 users, 3,000 projects, 15,000 memberships, 20,000 submissions (with their
answers) and the PRism results they give. The bench's own people and projects (owner,
members, survey projects with open invitations) are created as well.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prism.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User, UserSkill  # noqa: E402
from projects.models import Category, Membership, MembershipRole, Project, ProjectSkill  # noqa: E402
from reviews.models import Answer, PrismResult, Submission, SurveyInvitation  # noqa: E402
from reviews.services import recompute_project  # noqa: E402

PASSWORD = "bench1234!"
OWNER_EMAIL = "owner@prism.bench"
SURVEY_PROJECTS = 60
MEMBERS_PER_PROJECT = 5
SKILLS = ["Django", "React", "Spring", "Figma", "Kotlin", "Swift", "AWS", "Oracle"]
WORDS = ["성실", "꼼꼼", "리더십", "소통", "책임감", "열정", "배려", "분석"]


def seed(scale: float) -> dict:
    rng = random.Random(42)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    users_n = int(2000 * scale)
    projects_n = int(3000 * scale)
    reviewed_projects = int(1000 * scale)  # 20 reviews each → 20,000 at scale 1
    password = make_password(PASSWORD)
    zone = timezone.get_default_timezone()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(email=f"user{i}@prism.bench", name=f"사용자{i}"[:20], password=password)
                for i in range(users_n)
            ]
            + [User(email=OWNER_EMAIL, name="벤치오너", password=password)],
            batch_size=1000,
        )
        users = list(User.objects.order_by("email"))
        owner = next(u for u in users if u.email == OWNER_EMAIL)
        people = [u for u in users if u.email != OWNER_EMAIL]
        UserSkill.objects.bulk_create(
            [UserSkill(user=u, position=0, value=rng.choice(SKILLS)) for u in people],
            batch_size=2000,
        )
        categories = list(Category.objects.all())
        base = datetime(2024, 1, 1, tzinfo=zone)
        projects = Project.objects.bulk_create(
            [
                Project(
                    name=f"Project {i} 프리즘",
                    organization="Bench",
                    # 0: the bench team; 1..S: open surveys; S+1: a project to edit.
                    owner=owner if i <= SURVEY_PROJECTS + 1 else people[i % len(people)],
                    start_date=base + timedelta(days=i % 300),
                    end_date=base + timedelta(days=i % 300 + 60),
                    member_count=MEMBERS_PER_PROJECT,
                )
                for i in range(projects_n)
            ],
            batch_size=1000,
        )
        projects = list(Project.objects.order_by("id"))
        through = Project.categories.through
        through.objects.bulk_create(
            [through(project=p, category=rng.choice(categories)) for p in projects], batch_size=2000
        )
        ProjectSkill.objects.bulk_create(
            [ProjectSkill(project=p, position=0, name=rng.choice(SKILLS)) for p in projects],
            batch_size=2000,
        )
        memberships = []
        for index, project in enumerate(projects):
            lead = owner if project.owner_id == owner.pk else project.owner
            chosen = [p for p in rng.sample(people, MEMBERS_PER_PROJECT) if p.pk != lead.pk]
            members = [lead, *chosen[: MEMBERS_PER_PROJECT - 1]]
            # Project 0 is the bench owner's fully linked team; elsewhere one slot in ten has
            # no account yet.
            for slot, person in enumerate(members):
                linked = index == 0 or rng.random() > 0.1 or slot == 0
                email = person.email if linked else f"guest{index}-{slot}@prism.bench"
                memberships.append(
                    Membership(
                        project=project,
                        email=email,
                        user=person if linked else None,
                        name=person.name,
                    )
                )
        Membership.objects.bulk_create(memberships, batch_size=2000)
        # Members with an account confirmed their membership (D16), as most do: the public
        # views (P7, P10, M1, M2) count only confirmed ones, and would answer empty or 404.
        Membership.objects.filter(user__isnull=False).update(confirmed_at=base)
        memberships = list(Membership.objects.order_by("project_id", "id"))
        MembershipRole.objects.bulk_create(
            [MembershipRole(membership=m, position=0, name="Backend") for m in memberships],
            batch_size=5000,
        )
        by_project: dict[int, list[Membership]] = {}
        for membership in memberships:
            by_project.setdefault(membership.project_id, []).append(membership)

        # Fully reviewed projects: every member reviewed every teammate. Project 0 is one;
        # the survey projects (1..SURVEY_PROJECTS) are left open for the write benchmark.
        reviewed = [
            projects[0],
            *projects[SURVEY_PROJECTS + 2 : SURVEY_PROJECTS + 1 + reviewed_projects],
        ]
        submissions = []
        for project in reviewed:
            team = by_project[project.pk]
            for reviewer in team:
                for reviewee in team:
                    if reviewer.pk == reviewee.pk:
                        continue
                    word = rng.choice(WORDS)
                    submissions.append(
                        Submission(
                            project=project,
                            reviewer=reviewer,
                            reviewee=reviewee,
                            communication=rng.randint(2, 5),
                            proactivity=rng.randint(2, 5),
                            problem_solving=rng.randint(2, 5),
                            responsibility=rng.randint(2, 5),
                            cooperation=rng.randint(2, 5),
                            strength_description=f"{word}함",
                            strength_example=f"{word}한 태도로 팀을 도왔습니다.",
                        )
                    )
        Submission.objects.bulk_create(submissions, batch_size=2000)
        Membership.objects.filter(project__in=reviewed).update(review_done=True)
        answers = [
            Answer(
                submission_id=s,
                question_order=q,
                question_type="singleChoice"
                if q not in (7, 13, 14)
                else ("multipleChoiceMember" if q == 7 else "shortAnswer"),
                category="communication",
                score=4 if q not in (7, 13, 14) else None,
            )
            for s in Submission.objects.values_list("id", flat=True)
            for q in range(1, 15)
        ]
        Answer.objects.bulk_create(answers, batch_size=5000)
        for project in reviewed:
            recompute_project(project_id=project.pk)
        PrismResult.objects.update(
            keywords=["성실", "꼼꼼"], evaluation="성실하고 꼼꼼한 팀원입니다."
        )
        # Open survey links for the write benchmark: member 1 of each survey project.
        expires = timezone.now() + timedelta(days=30)
        SurveyInvitation.objects.bulk_create(
            [
                SurveyInvitation(membership=team[1], code=f"BENCH{i:05d}", expires_at=expires)
                for i, team in enumerate(
                    by_project[p.pk] for p in projects[1 : SURVEY_PROJECTS + 1]
                )
            ]
        )
    return {
        "users": User.objects.count(),
        "projects": Project.objects.count(),
        "memberships": Membership.objects.count(),
        "submissions": Submission.objects.count(),
        "answers": Answer.objects.count(),
        "results": PrismResult.objects.count(),
        "seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    import json

    print(json.dumps(seed(args.scale)))
