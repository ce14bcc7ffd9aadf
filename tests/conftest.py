"""Shared fixtures: API clients, people, and a fast password hasher."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Real hashing is deliberately slow; tests check behaviour, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def bearer_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def user_client(user) -> APIClient:
    return bearer_client(user)
