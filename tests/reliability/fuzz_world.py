"""What the signed-in fuzzer owns, so generated requests can reach success (issue 19 item 3).

`seed_world()` writes, straight to the database, everything an operation needs to answer
2xx for the signed-in person ("me"): a project I own with members and survey invitations, a
project someone else owns where I am listed but have not confirmed (confirm/leave/hide), a
project with an account-less membership I verified a LOAD_PROJECT code for (link), a post
of mine, a PRism result, live and verified codes for every purpose, and a refresh token.

`ANCHORS` maps each known operation to the values that tie a generated request to that
world (ids, codes, e-mails, dates, members); free-form fields keep what Hypothesis drew.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from tests.images import image_bytes
from tests.survey_payloads import survey_body

LIVE_CODE = "LIVE01"
VERIFIED_CODE = "DONE01"
NEWCOMER_EMAIL = "newcomer@fuzz.example"
CLAIMABLE_EMAIL = "claim@fuzz.example"
MOVED_EMAIL = "moved@fuzz.example"
# The password rule (two of letters, digits, symbols) is a lookahead pattern the schema does
# not carry and Hypothesis could not honour: anchored requests use a valid one.
NEW_PASSWORD = "fuzz1234!"


@dataclass
class World:
    me: Any
    access_token: str
    refresh_token: str
    teammate: Any  # has an account, listed in my project
    owned_project_id: int
    joined_project_id: int  # someone else's; I am listed, not confirmed
    claimable_project_id: int  # someone else's; CLAIMABLE_EMAIL has no account
    post_id: int
    survey_code: str  # my own invitation in my project
    reviewee_emails: list[str]
    category_names: list[str]
    category_ids: list[int]
    codes: dict[str, str] = field(default_factory=dict)  # purpose -> e-mail of its codes


def _code_digest(code: str) -> str:
    # Same keyed digest as accounts.services (private there): codes are stored only so.
    normalized = code.strip().upper()
    return hmac.new(settings.SECRET_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def seed_world() -> World:
    from accounts.models import VerificationCode
    from accounts.services import _issue_token_pair
    from projects.models import Category, Membership, Post, PostPosition
    from reviews.models import SurveyInvitation
    from tests.projects_factories import MembershipFactory, ProjectFactory
    from tests.reviews_factories import PrismResultFactory

    now = timezone.now()
    me = UserFactory(email="me@fuzz.example", name="퍼저")
    teammate = UserFactory(email="mate@fuzz.example", name="동료")
    stranger = UserFactory(email="owner@fuzz.example", name="남의주인")
    pair = _issue_token_pair(user=me)

    categories = list(Category.objects.order_by("id")[:3])
    owned = ProjectFactory(owner=me, name="퍼즈 프로젝트")
    owned.categories.set(categories)
    mine = MembershipFactory(project=owned, email=me.email, user=me, name=me.name)
    mate = MembershipFactory(
        project=owned, email=teammate.email, user=teammate, name="동료", confirmed_at=None
    )
    MembershipFactory(project=owned, email="pending@fuzz.example", name="대기")
    expires = now + timedelta(days=30)
    SurveyInvitation.objects.create(membership=mine, code="FUZZSURVEY", expires_at=expires)
    SurveyInvitation.objects.create(membership=mate, code="FUZZMATE01", expires_at=expires)
    PrismResultFactory(membership=mine)

    joined = ProjectFactory(owner=stranger, name="남의 프로젝트")
    MembershipFactory(project=joined, email=stranger.email, user=stranger)
    MembershipFactory(project=joined, email=me.email, user=None, confirmed_at=None)

    claimable = ProjectFactory(owner=stranger, name="찾을 프로젝트")
    MembershipFactory(project=claimable, email=stranger.email, user=stranger)
    MembershipFactory(project=claimable, email=CLAIMABLE_EMAIL, user=None, confirmed_at=None)

    post = Post.objects.create(
        project=owned,
        writer=me,
        title="함께해요",
        content="<p>fuzz</p>",
        process_method="online",
        contact_method="email",
        contact_info="me@fuzz.example",
        apply_method="email",
        apply_info="me@fuzz.example",
        recruitment_start_at=now,
        recruitment_end_at=now + timedelta(days=30),
    )
    PostPosition.objects.create(post=post, position="backend", count=1)

    codes = {
        "SIGNUP": NEWCOMER_EMAIL,
        "RESET_PASSWORD": me.email,
        "LOAD_PROJECT": CLAIMABLE_EMAIL,
        "CHANGE_EMAIL": MOVED_EMAIL,
    }
    for purpose, email in codes.items():
        VerificationCode.objects.create(
            email=email,
            purpose=purpose,
            code_digest=_code_digest(LIVE_CODE),
            expires_at=now + timedelta(minutes=5),
        )
        VerificationCode.objects.create(
            email=email,
            purpose=purpose,
            code_digest=_code_digest(VERIFIED_CODE),
            expires_at=now + timedelta(minutes=5),
            verified_at=now,
            # D16: a LOAD_PROJECT verification only serves the account that made it.
            # and so does a CHANGE_EMAIL one (D17).
            verified_by=me if purpose in {"LOAD_PROJECT", "CHANGE_EMAIL"} else None,
        )

    reviewees = [m.email for m in Membership.objects.filter(project=owned).exclude(pk=mine.pk)]
    return World(
        me=me,
        access_token=pair.access,
        refresh_token=pair.refresh,
        teammate=teammate,
        owned_project_id=owned.pk,
        joined_project_id=joined.pk,
        claimable_project_id=claimable.pk,
        post_id=post.pk,
        survey_code="FUZZSURVEY",
        reviewee_emails=sorted(reviewees),
        category_names=[c.name for c in categories],
        category_ids=[c.pk for c in categories],
        codes=codes,
    )


# --- Anchors: what ties a generated request to the world ----------------------------------------


@dataclass
class Anchor:
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None  # merged over the generated body (JSON)
    files: dict[str, Any] | None = None  # replaces the body (multipart)


def _project_members(world: World) -> list[dict]:
    return [
        {"name": world.me.name, "email": world.me.email, "roles": ["PM"]},
        {"name": "동료", "email": world.teammate.email, "roles": ["Backend"]},
    ]


def _project_body(world: World) -> dict:
    return {
        "startDate": "20240701000000",
        "endDate": "20240831000000",
        "members": _project_members(world),
        "categories": world.category_names[:2],
        "memberCount": 2,
    }


def _post_body(world: World) -> dict:
    return {
        "projectId": world.owned_project_id,
        "openUntilRecruited": False,
        "recruitmentStartAt": "2030-08-01T00:00:00",
        "recruitmentEndAt": "2030-08-31T23:59:59",
        "recruitPositions": [{"position": "backend", "count": 2}],
    }


def _code_body(world: World, purpose: str, code: str) -> dict:
    return {"email": world.codes[purpose], "authType": purpose, "authCode": code}


ANCHORS: dict[str, Callable[[World], Anchor]] = {
    "GET /healthcheck": lambda w: Anchor(),
    # Accounts
    "POST /api/v1/auth/code": lambda w: Anchor(
        body={"email": NEWCOMER_EMAIL, "authType": "SIGNUP"}
    ),
    "POST /api/v1/auth/code/verification": lambda w: Anchor(
        body=_code_body(w, "SIGNUP", LIVE_CODE)
    ),
    "GET /api/v1/auth/email/exists": lambda w: Anchor(query={"email": w.me.email}),
    "POST /api/v1/auth/login": lambda w: Anchor(body={"email": w.me.email, "password": PASSWORD}),
    "POST /api/v1/auth/logout": lambda w: Anchor(),
    "PUT /api/v1/auth/password": lambda w: Anchor(
        body={"email": w.me.email, "authCode": VERIFIED_CODE, "password": NEW_PASSWORD}
    ),
    "POST /api/v1/auth/refresh-token": lambda w: Anchor(body={"refreshToken": w.refresh_token}),
    "POST /api/v1/auth/signup": lambda w: Anchor(
        body={"email": NEWCOMER_EMAIL, "authCode": VERIFIED_CODE, "password": NEW_PASSWORD}
    ),
    "GET /api/v1/users/{user_id}/profile": lambda w: Anchor(path={"user_id": str(w.me.pk)}),
    "GET /api/v1/users/me": lambda w: Anchor(),
    "PATCH /api/v1/users/profile": lambda w: Anchor(body={}),
    "PUT /api/v1/users/profile/image": lambda w: Anchor(
        files={"image": ("avatar.png", image_bytes("PNG"), "image/png")}
    ),
    "DELETE /api/v1/users/profile/image": lambda w: Anchor(),
    "PUT /api/v1/users/me/password": lambda w: Anchor(
        body={"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}
    ),
    "PUT /api/v1/users/me/email": lambda w: Anchor(
        body={"email": MOVED_EMAIL, "authCode": VERIFIED_CODE}
    ),
    "GET /api/v1/users/me/export": lambda w: Anchor(),
    "DELETE /api/v1/users/me": lambda w: Anchor(body={"password": PASSWORD}),
    # Projects
    "POST /api/v1/projects": lambda w: Anchor(body=_project_body(w)),
    "PUT /api/v1/projects/{project_id}": lambda w: Anchor(
        path={"project_id": str(w.owned_project_id)}, body=_project_body(w)
    ),
    "DELETE /api/v1/projects/{project_id}": lambda w: Anchor(
        path={"project_id": str(w.owned_project_id)}
    ),
    "GET /api/v1/projects/{project_id}/members": lambda w: Anchor(
        path={"project_id": str(w.owned_project_id)}
    ),
    "DELETE /api/v1/projects/{project_id}/membership": lambda w: Anchor(
        path={"project_id": str(w.joined_project_id)}
    ),
    "POST /api/v1/projects/{project_id}/membership/confirm": lambda w: Anchor(
        path={"project_id": str(w.joined_project_id)}
    ),
    "PUT /api/v1/projects/anonyVisibility": lambda w: Anchor(
        body={"projectId": w.owned_project_id}
    ),
    "POST /api/v1/projects/link-project/{project_id}": lambda w: Anchor(
        path={"project_id": str(w.claimable_project_id)},
        query={"anonymousEmail": CLAIMABLE_EMAIL},
    ),
    "GET /api/v1/projects/me-involved-projects": lambda w: Anchor(),
    "GET /api/v1/projects/me-involved-projects/{project_id}": lambda w: Anchor(
        path={"project_id": str(w.owned_project_id)}
    ),
    "GET /api/v1/projects/me-registered-projects": lambda w: Anchor(),
    "GET /api/v1/projects/summary/by-member-and-filters": lambda w: Anchor(),
    "GET /api/v1/projects/summary/by-name": lambda w: Anchor(),
    "GET /api/v1/projects/summary/detail/{project_id}": lambda w: Anchor(
        path={"project_id": str(w.owned_project_id)}
    ),
    "GET /api/v1/projects/who-involved-projects": lambda w: Anchor(query={"userId": str(w.me.pk)}),
    "GET /api/v1/search/projects": lambda w: Anchor(),
    # Posts
    "POST /api/v1/posts/recruitment": lambda w: Anchor(body=_post_body(w)),
    "GET /api/v1/posts/recruitment": lambda w: Anchor(),
    "GET /api/v1/posts/bookmarks/recruitment": lambda w: Anchor(),
    "GET /api/v1/posts/{post_id}/recruitment": lambda w: Anchor(path={"post_id": str(w.post_id)}),
    "PUT /api/v1/posts/{post_id}/recruitment": lambda w: Anchor(
        path={"post_id": str(w.post_id)}, body=_post_body(w)
    ),
    "DELETE /api/v1/posts/{post_id}/recruitment": lambda w: Anchor(
        path={"post_id": str(w.post_id)}
    ),
    "POST /api/v1/posts/{post_id}/bookmarks": lambda w: Anchor(path={"post_id": str(w.post_id)}),
    # Reviews
    "GET /api/v1/peer-reviews/link": lambda w: Anchor(query={"code": w.survey_code}),
    "POST /api/v1/peer-reviews/link": lambda w: Anchor(query={"projectId": w.owned_project_id}),
    "POST /api/v1/peer-reviews/projects/{project_id}": lambda w: Anchor(
        path={"project_id": str(w.owned_project_id)},
        query={"code": w.survey_code},
        body=survey_body(w.me.email, {email: {} for email in w.reviewee_emails}),
    ),
    "POST /api/v1/peer-reviews/projects/{project_id}/prism": lambda w: Anchor(
        path={"project_id": str(w.owned_project_id)}
    ),
    "GET /api/v1/prism/{user_id}": lambda w: Anchor(path={"user_id": str(w.me.pk)}),
    "GET /api/v1/prism/{user_id}/card.svg": lambda w: Anchor(path={"user_id": str(w.me.pk)}),
    "GET /api/v1/prism/{user_id}/{project_id}": lambda w: Anchor(
        path={"user_id": str(w.me.pk), "project_id": str(w.owned_project_id)}
    ),
}

# Path parameters of operations the table does not know yet (new endpoints): the usual names
# still point at the world.
GENERIC_PATH = {
    "project_id": lambda w: str(w.owned_project_id),
    "post_id": lambda w: str(w.post_id),
    "user_id": lambda w: str(w.me.pk),
}
