"""Abuse limits hold under parallel bursts (DESIGN D10, issue 12 §2–3).

Every burst fires real requests from threads, each on its own database connection, and
asserts the exact number let through: the slot is taken in the database before the work.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from accounts import limits
from accounts.models import AbuseCounter, VerificationCode
from projects.models import Membership
from tests.conftest import bearer_client, code_from_mail
from tests.envelopes import error, ok
from tests.factories import PASSWORD, UserFactory
from tests.projects_factories import MembershipFactory, ProjectFactory

WORKERS = 24


def burst(count: int, work) -> list:
    """Run `work(index)` `count` times from a pool of threads; return the results in order."""
    # Load the URLconf first: threads importing it together would register its path
    # converter twice (that race is Django's, not the limits').
    resolve("/api/v1/auth/code")
    start = threading.Barrier(min(count, WORKERS))

    def run(index: int):
        try:
            if index < WORKERS:  # the first wave starts together
                start.wait(timeout=30)
            return work(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(run, range(count)))


def post(path: str, body: dict, *, ip: str, client: Client | None = None) -> int:
    response = (client or Client()).post(
        path, body, content_type="application/json", REMOTE_ADDR=ip
    )
    return response.status_code


class CountingHasher(MD5PasswordHasher):
    """Counts password hashings: `verify` and `set_password` both hash once."""

    algorithm = "counting_md5"
    runs = 0
    _lock = threading.Lock()

    def encode(self, password, salt):
        with self._lock:
            CountingHasher.runs += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_abuse_limit_bursts.CountingHasher"]
    CountingHasher.runs = 0
    return CountingHasher


# --- Bursts through the API ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_parallel_code_sends_from_one_ip_get_exactly_the_hourly_cap(settings):
    assert settings.PRISM_CODE_SENDS_PER_IP_PER_HOUR == 20
    statuses = burst(
        60,
        lambda i: post(
            "/api/v1/auth/code",
            {"email": f"burst{i}@example.com", "authType": "LOAD_PROJECT"},
            ip="198.51.100.20",
        ),
    )
    assert Counter(statuses) == {200: 20, 429: 40}
    assert VerificationCode.objects.count() == 20
    assert len(mail.outbox) == 20


@pytest.mark.django_db(transaction=True)
def test_parallel_verifications_from_one_ip_get_exactly_the_hourly_cap(settings):
    assert settings.PRISM_VERIFY_ATTEMPTS_PER_IP_PER_HOUR == 60
    body = {"email": "guess@example.com", "authCode": "AAAAAA", "authType": "SIGNUP"}
    statuses = burst(
        150, lambda i: post("/api/v1/auth/code/verification", body, ip="198.51.100.21")
    )
    # 60 were checked (and refused: no such code), 90 never reached the check.
    assert Counter(statuses) == {400: 60, 429: 90}


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_get_exactly_the_lockout_allowance(settings, counting_hasher):
    assert settings.PRISM_LOGIN_MAX_FAILURES == 5
    UserFactory(email="target@example.com")
    counting_hasher.runs = 0

    def guess(index: int) -> int:
        body = {"email": "target@example.com", "password": f"wrong{index}pass!"}
        return post("/api/v1/auth/login", body, ip="198.51.100.22")

    statuses = burst(40, guess)
    assert Counter(statuses) == {400: 5, 429: 35}
    assert counting_hasher.runs == 5
    # The right password, once the pair is locked, is refused without being checked.
    right = {"email": "target@example.com", "password": PASSWORD}
    assert post("/api/v1/auth/login", right, ip="198.51.100.22") == 429
    assert counting_hasher.runs == 5
    # Another client address still logs in.
    assert post("/api/v1/auth/login", right, ip="203.0.113.22") == 200


@pytest.mark.django_db(transaction=True)
def test_parallel_sends_to_one_address_mail_once_per_purpose():
    purposes = ["SIGNUP", "RESET_PASSWORD", "LOAD_PROJECT"]

    def send(index: int) -> int:
        body = {"email": "bombed@example.com", "authType": purposes[index % 3]}
        return post("/api/v1/auth/code", body, ip=f"198.51.100.{100 + index}")

    statuses = burst(30, send)
    assert Counter(statuses) == {200: 3, 429: 27}
    assert len(mail.outbox) == 3
    sent = VerificationCode.objects.filter(email="bombed@example.com")
    assert sorted(sent.values_list("purpose", flat=True)) == sorted(purposes)


@pytest.mark.django_db(transaction=True)
def test_parallel_link_attempts_get_exactly_the_cap_per_caller_and_per_ip(settings):
    assert settings.PRISM_LINK_ATTEMPTS_PER_HOUR == 10
    project = ProjectFactory()
    caller = UserFactory()
    path = f"/api/v1/projects/link-project/{project.pk}?anonymousEmail=nobody@example.com"

    def from_one_caller(index: int) -> int:
        return bearer_client(caller).post(path, REMOTE_ADDR=f"198.51.100.{index + 1}").status_code

    assert Counter(burst(30, from_one_caller)) == {400: 10, 429: 20}

    callers = [UserFactory() for _ in range(30)]

    def from_one_ip(index: int) -> int:
        return bearer_client(callers[index]).post(path, REMOTE_ADDR="203.0.113.30").status_code

    assert Counter(burst(30, from_one_ip)) == {400: 10, 429: 20}


# --- The counters themselves ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_expired_window_restarts_once_under_a_burst():
    key = "restart-burst"
    ended = timezone.now() - timedelta(seconds=1)
    AbuseCounter.objects.create(key=key, window_start=ended, expires_at=ended, count=7)
    taken = burst(30, lambda i: limits.take_slot(key, cap=1, window_seconds=3600))
    assert taken.count(True) == 1
    counter = AbuseCounter.objects.get(key=key)
    assert counter.count == 1 and counter.expires_at > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_the_first_slots_of_a_new_key_are_counted_exactly():
    taken = burst(30, lambda i: limits.take_slot("fresh-burst", cap=4, window_seconds=3600))
    assert taken.count(True) == 4
    assert AbuseCounter.objects.get(key="fresh-burst").count == 4


@pytest.mark.django_db
def test_a_zero_window_switches_a_limit_off():
    assert all(limits.take_slot("off", cap=1, window_seconds=0) for _ in range(3))
    assert not AbuseCounter.objects.exists()


# --- Login timing and the lockout's reset --------------------------------------------------------


@pytest.mark.django_db
def test_known_and_unknown_addresses_both_run_the_hasher_once(counting_hasher):
    UserFactory(email="known@example.com")
    counting_hasher.runs = 0
    client = Client()
    for email in ["known@example.com", "unknown@example.com"]:
        before = counting_hasher.runs
        client.post(
            "/api/v1/auth/login",
            {"email": email, "password": "wrongpass1!"},
            content_type="application/json",
        )
        assert counting_hasher.runs - before == 1, email


@pytest.mark.django_db
def test_a_refused_login_does_not_reset_the_lockout(settings):
    UserFactory(email="lock@example.com")
    right = {"email": "lock@example.com", "password": PASSWORD}
    wrong = {"email": "lock@example.com", "password": "wrongpass1!"}
    for _ in range(settings.PRISM_LOGIN_MAX_FAILURES):
        assert post("/api/v1/auth/login", wrong, ip="198.51.100.40") == 400
    assert post("/api/v1/auth/login", right, ip="198.51.100.40") == 429
    assert post("/api/v1/auth/login", wrong, ip="198.51.100.40") == 429
    # The window ends: the pair gets its allowance back, and a success clears the count.
    AbuseCounter.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert post("/api/v1/auth/login", right, ip="198.51.100.40") == 200
    assert not AbuseCounter.objects.filter(count__gt=0, expires_at__gt=timezone.now()).exists()


# --- LOAD_PROJECT verifications belong to whoever verified them (W-03) -------------------------


def send_and_verify(email: str, client, capture_on_commit) -> None:
    with capture_on_commit(execute=True):
        ok(
            client.post(
                "/api/v1/auth/code", {"email": email, "authType": "LOAD_PROJECT"}, format="json"
            )
        )
    code = code_from_mail(mail.outbox[-1])
    ok(
        client.post(
            "/api/v1/auth/code/verification",
            {"email": email, "authCode": code, "authType": "LOAD_PROJECT"},
            format="json",
        )
    )


def link(client, project_id: int, email: str):
    return client.post(f"/api/v1/projects/link-project/{project_id}?anonymousEmail={email}")


@pytest.mark.django_db
def test_an_outsider_cannot_use_a_victims_verification(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    slot = MembershipFactory(project=project, email="old@example.com")
    victim, outsider = bearer_client(UserFactory()), bearer_client(UserFactory())
    send_and_verify("old@example.com", victim, django_capture_on_commit_callbacks)
    error(link(outsider, project.pk, "old@example.com"), 400, "AuthCode_400_3")
    assert Membership.objects.get(pk=slot.pk).user is None
    ok(link(victim, project.pk, "old@example.com"))
    # One verification, one claim.
    assert VerificationCode.objects.get(email="old@example.com").consumed_at is not None


@pytest.mark.django_db
def test_a_verification_made_signed_out_links_nothing(django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    project = ProjectFactory()
    MembershipFactory(project=project, email="old@example.com")
    send_and_verify("old@example.com", APIClient(), django_capture_on_commit_callbacks)
    error(link(bearer_client(UserFactory()), project.pk, "old@example.com"), 400, "AuthCode_400_3")
