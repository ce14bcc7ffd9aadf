"""A wrong enum value is answered with the values the parameter or field accepts."""

from __future__ import annotations

import importlib
import inspect

import pytest
from rest_framework import serializers

from prism.validation import EnumField
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SERIALIZER_MODULES = [
    "accounts.serializers",
    "projects.serializers",
    "posts.serializers",
    "reviews.serializers",
]


def error_of(response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


def test_a_wrong_search_type_names_the_accepted_values(api_client):
    response = api_client.get("/api/v1/search/projects", {"searchType": "projectName"})
    assert error_of(response) == (
        400,
        "Global_400_1",
        'searchType: "projectName" is not a valid choice; '
        "accepted values: MEMBER_NAME, PROJECT_NAME.",
    )


def test_a_wrong_prism_type_names_the_accepted_values(api_client):
    user = UserFactory()
    response = api_client.get(f"/api/v1/prism/{user.pk}", {"prismType": "TOTAL"})
    status, code, message = error_of(response)
    assert (status, code) == (400, "Global_400_1")
    assert message.endswith('"TOTAL" is not a valid choice; accepted values: total, each.')


def test_a_wrong_auth_type_in_a_body_names_the_accepted_values(api_client):
    response = api_client.post(
        "/api/v1/auth/code", {"email": "a@example.com", "authType": "signup"}, format="json"
    )
    status, code, message = error_of(response)
    assert (status, code) == (400, "Global_400_1")
    assert message.startswith('authType: "signup" is not a valid choice; accepted values: SIGNUP')


def test_a_wrong_value_in_an_enum_list_names_the_accepted_values(api_client):
    response = api_client.get("/api/v1/posts/recruitment", {"recruitmentPositions": "pm,chef"})
    status, code, message = error_of(response)
    assert (status, code) == (400, "Global_400_1")
    assert message == (
        'recruitmentPositions.1: "chef" is not a valid choice; accepted values: pm, marketer, '
        "frontend, backend, fullstack, designer, ios, android, devops, qa."
    )


def _fields(field):
    yield field
    child = getattr(field, "child", None)
    if child is not None:
        yield from _fields(child)
    if isinstance(field, serializers.Serializer):
        for nested in field.fields.values():
            yield from _fields(nested)


def test_every_enum_field_of_the_api_names_its_accepted_values():
    plain = []
    for module_name in SERIALIZER_MODULES:
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, serializers.Serializer) or cls.__module__ != module_name:
                continue
            for field in _fields(cls()):
                if isinstance(field, serializers.ChoiceField) and not isinstance(field, EnumField):
                    plain.append(f"{module_name}.{name}.{field.field_name}")
    assert plain == []
