"""Fuzzing every operation of the project's own OpenAPI schema with schemathesis.

Each operation gets a bounded number of generated requests (PRISM_FUZZ_EXAMPLES, default 15;
`make fuzz` runs many more), signed in as a person who owns a seeded world (fuzz_world.py).
About half of the requests are anchored to that world: ids, codes, e-mails, dates and
members are set so the request can succeed, the other fields stay as generated; the rest are
generated freely, valid or not. Every request runs in a savepoint that is rolled back, so each
one meets the whole world (a delete does not starve the updates that follow).

Every response must be free of 5xx and conform to the schema: status code, content type and
body, envelope included. And fuzzing must reach success: every operation the fuzzer knows
how to anchor, and every operation that needs no input, must answer 2xx at least once
(`MIN_SUCCESSES`); the per-operation counts are printed at the end of the run. An operation
added later that needs ids the table does not know is reported, not failed.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.generation import GenerationMode

from tests.reliability.fuzz_world import ANCHORS, GENERIC_PATH, World, seed_world

EXAMPLES = int(os.environ.get("PRISM_FUZZ_EXAMPLES", "15"))
MIN_SUCCESSES = 1
# PRISM_FUZZ_SHOW_REFUSALS=1 (with -s) prints why anchored requests did not succeed.
SHOW_REFUSALS = os.environ.get("PRISM_FUZZ_SHOW_REFUSALS") == "1"

schema = schemathesis.openapi.from_wsgi("/api-docs?format=json", get_wsgi_application())
OPERATIONS = [result.ok() for result in schema.get_all_operations()]

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]

# label -> Counter of (anchored, status): read by conftest's terminal summary.
OUTCOMES: dict[str, Counter] = {}
IN_FLOOR: set[str] = set()
# chain -> Counter of "chains" (run to the end) and "create refused".
CHAIN_OUTCOMES: dict[str, Counter] = {}


def needs_no_input(operation) -> bool:
    definition = operation.definition.raw
    return not definition.get("parameters") and "requestBody" not in definition


def must_succeed(operation) -> bool:
    """The floor, computed from the schema: operations the fuzzer can anchor, and those
    that take no input at all."""
    return operation.label in ANCHORS or needs_no_input(operation)


@pytest.fixture
def fuzz_world(db, handler_in_test_transaction, settings, tmp_path) -> World:
    # The abuse limits (DB counters, D10) would turn the fuzzer's own volume into 429s.
    settings.PRISM_CODE_RESEND_SECONDS = 0  # a zero window switches the cooldown off
    settings.PRISM_CODE_SENDS_PER_ADDRESS_PER_HOUR = 10**6
    settings.PRISM_CODE_SENDS_PER_IP_PER_HOUR = 10**6
    settings.PRISM_VERIFY_ATTEMPTS_PER_IP_PER_HOUR = 10**6
    settings.PRISM_LOGIN_MAX_FAILURES = 10**6
    settings.PRISM_LINK_ATTEMPTS_PER_HOUR = 10**6
    settings.MEDIA_ROOT = tmp_path
    return seed_world()


def anchor(case, world: World) -> None:
    make = ANCHORS.get(case.operation.label)
    fixed = make(world) if make else None
    path = {name: value(world) for name, value in GENERIC_PATH.items()}
    if fixed is not None:
        path.update(fixed.path)
    for name in case.path_parameters or {}:
        if name in path:
            case.path_parameters[name] = path[name]
    if fixed is None:
        return
    if fixed.query:
        case.query = {**(case.query or {}), **fixed.query}
    if fixed.files is not None:
        case.media_type = "multipart/form-data"
        case.body = {name: content for name, (_, content, _) in fixed.files.items()}
    elif fixed.body is not None:
        generated = case.body if isinstance(case.body, dict) else {}
        case.media_type = "application/json"
        case.body = {**generated, **fixed.body}


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_operation_conforms_and_reaches_success(operation, fuzz_world):
    outcomes = OUTCOMES.setdefault(operation.label, Counter())
    headers = {"Authorization": f"Bearer {fuzz_world.access_token}"}
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data):
        anchored = data.draw(st.booleans(), label="anchored")
        mode = GenerationMode.POSITIVE if anchored else data.draw(st.sampled_from(modes))
        case = data.draw(operation.as_strategy(generation_mode=mode), label="case")
        if anchored:
            anchor(case, fuzz_world)
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        outcomes[(anchored, response.status_code)] += 1
        if anchored and SHOW_REFUSALS and response.status_code >= 300:
            print(f"refused anchored {case.operation.label}: {response.text[:300]}")
        case.validate_response(response, checks=CHECKS)

    fuzz()

    successes = sum(n for (_, status), n in outcomes.items() if 200 <= status < 300)
    if must_succeed(operation):
        IN_FLOOR.add(operation.label)
        assert successes >= MIN_SUCCESSES, (
            f"{operation.label} answered 2xx {successes} times in {sum(outcomes.values())} "
            f"requests (floor {MIN_SUCCESSES}): {dict(outcomes)}"
        )


def test_every_anchor_names_an_operation_of_the_schema():
    """A renamed or removed operation must not leave its anchor behind (and its successor
    outside the floor without anyone noticing)."""
    assert set(ANCHORS) <= {operation.label for operation in OPERATIONS}


def _response(case, status: int, body: str):
    import requests
    from schemathesis.core.transport import Response

    return Response(
        status_code=status,
        headers={"content-type": ["application/json"]},
        content=body.encode(),
        request=requests.Request("GET", "http://testserver" + case.formatted_path).prepare(),
        elapsed=0.01,
        verify=False,
    )


@pytest.mark.parametrize(
    ("status", "body"),
    [
        pytest.param(
            200,
            '{"success": true, "status": 200, "data": {"userId": "1", "email": "a@b.c",'
            ' "username": "a", "interestJobs": [], "skills": [], "profileImageUrl": null,'
            ' "isAdmin": true}}',
            id="a-field-the-document-does-not-name",
        ),
        pytest.param(
            200,
            '{"success": true, "status": 200, "data": {"userId": "1", "email": "a@b.c",'
            ' "username": "a", "interestJobs": [], "skills": [], "profileImageUrl": null},'
            ' "debug": "x"}',
            id="an-extra-envelope-key",
        ),
        pytest.param(
            400,
            '{"code": "PeerReviewCode_400_1", "message": "x"}',
            id="a-code-this-operation-never-sends",
        ),
        pytest.param(400, '{"code": "Global_400_1", "message": "x", "detail": {}}', id="extra"),
    ],
)
def test_the_schema_check_refuses_what_the_document_does_not_name(status, body):
    case = schema["/api/v1/users/me"]["GET"].Case()
    with pytest.raises(BaseExceptionGroup) as refused:
        case.validate_response(_response(case, status, body), checks=CHECKS)
    assert {type(failure).__name__ for failure in refused.value.exceptions} == {"JsonSchemaError"}


def test_the_schema_check_accepts_the_documented_shapes():
    case = schema["/api/v1/users/me"]["GET"].Case()
    me = (
        '{"success": true, "status": 200, "data": {"userId": "1", "email": "a@b.c",'
        ' "username": "a", "interestJobs": [], "skills": [], "profileImageUrl": null}}'
    )
    case.validate_response(_response(case, 200, me), checks=CHECKS)
    for code in ("AuthCode_401_2", "AuthCode_401_3", "AuthCode_401_4"):
        case.validate_response(
            _response(case, 401, f'{{"code": "{code}", "message": "x"}}'), checks=CHECKS
        )


# --- Stateful: create -> read -> update -> delete, ids taken from the responses ------------------

CHAINS = {
    "project": (
        ("POST /api/v1/projects", None),
        ("GET /api/v1/projects/me-involved-projects/{project_id}", "project_id"),
        ("GET /api/v1/projects/{project_id}/members", "project_id"),
        ("PUT /api/v1/projects/{project_id}", "project_id"),
        ("DELETE /api/v1/projects/{project_id}", "project_id"),
    ),
    "post": (
        ("POST /api/v1/posts/recruitment", None),
        ("GET /api/v1/posts/{post_id}/recruitment", "post_id"),
        ("POST /api/v1/posts/{post_id}/bookmarks", "post_id"),
        ("PUT /api/v1/posts/{post_id}/recruitment", "post_id"),
        ("DELETE /api/v1/posts/{post_id}/recruitment", "post_id"),
    ),
}
ID_FIELDS = {"project_id": "projectId", "post_id": "postId"}


@pytest.mark.parametrize("chain", CHAINS)
def test_create_read_update_delete_chains(chain, fuzz_world):
    """Each step's request is generated and anchored, with the id the create step
    returned; every response is checked against the schema. After the delete, reading the
    resource is a documented 4xx. At least one generated chain must run to its end."""
    steps = CHAINS[chain]
    headers = {"Authorization": f"Bearer {fuzz_world.access_token}"}
    completed = CHAIN_OUTCOMES.setdefault(chain, Counter())

    def call(data, label, path_parameters=None):
        method, path = label.split(" ", 1)
        case = data.draw(schema[path][method].as_strategy(), label=label)
        anchor(case, fuzz_world)
        case.path_parameters = {**(case.path_parameters or {}), **(path_parameters or {})}
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)
        return response

    @settings(
        max_examples=max(EXAMPLES // 3, 5),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data):
        with transaction.atomic():
            created = call(data, steps[0][0])
            if created.status_code != 200:
                completed["create refused"] += 1
                transaction.set_rollback(True)
                return
            parameter = steps[1][1]
            ids = {parameter: str(created.json()["data"][ID_FIELDS[parameter]])}
            for label, _ in steps[1:]:
                response = call(data, label, ids)
                # A generated update may be refused (the schema check passed on it);
                # reads, bookmarks and the delete of what was just created may not.
                if not label.startswith("PUT "):
                    assert response.status_code == 200, f"{label}: {response.text[:300]}"
            read_label = steps[1][0]
            gone = call(data, read_label, ids)
            assert 400 <= gone.status_code < 500, f"{read_label} after delete: {gone.status_code}"
            completed["chains"] += 1
            transaction.set_rollback(True)

    fuzz()
    assert completed["chains"] >= MIN_SUCCESSES, dict(completed)
