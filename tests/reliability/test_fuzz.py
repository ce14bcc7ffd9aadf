"""Fuzzing every operation of the project's own OpenAPI schema with schemathesis.

Each operation gets a bounded number of generated requests (PRISM_FUZZ_EXAMPLES, default 15;
`make fuzz` runs many more). Every response must be free of 5xx and conform to the schema:
status code, content type and body, envelope included.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.factories import UserFactory

EXAMPLES = int(os.environ.get("PRISM_FUZZ_EXAMPLES", "15"))

schema = schemathesis.openapi.from_wsgi("/api-docs?format=json", get_wsgi_application())

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def token(db, handler_in_test_transaction):
    from rest_framework_simplejwt.tokens import AccessToken

    return str(AccessToken.for_user(UserFactory()))


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
