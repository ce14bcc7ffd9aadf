"""The web function's concurrency stays below the free database's session limit (issue 13.5).

Oracle's Always Free Autonomous Database accepts at most 30 simultaneous sessions
("Resource Restrictions for Always Free Autonomous Database", Oracle Autonomous Database
Serverless documentation). Each warm environment keeps one session (CONN_MAX_AGE). During a
gradual deploy, the old version's environments may still hold their sessions while the new
version's open theirs, so the web function counts twice.
"""

from pathlib import Path

import pytest
from cfnlint.decode import cfn_yaml

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"
FREE_TIER_SESSIONS = 30
# Sessions kept for people: SQL Developer, Database Actions, a manual migrate.
OPERATOR_SESSIONS = 3


@pytest.fixture(scope="module")
def template() -> dict:
    return cfn_yaml.load(str(TEMPLATE))


def test_default_cap_leaves_room_for_a_deploy_the_worker_and_operators(template):
    web = int(template["Parameters"]["WebReservedConcurrency"]["Default"])
    worker_events = template["Resources"]["WorkerFunction"]["Properties"]["Events"]
    sqs_workers = int(worker_events["WakeUp"]["Properties"]["ScalingConfig"]["MaximumConcurrency"])
    scheduled_workers = sum(1 for e in worker_events.values() if e["Type"] == "Schedule")
    migrate = 1  # one custom-resource invoke per deploy

    sessions = 2 * web + sqs_workers + scheduled_workers + migrate + OPERATOR_SESSIONS

    assert web == 10
    assert sessions == 2 * 10 + 2 + 1 + 1 + 3 == 27
    assert sessions <= FREE_TIER_SESSIONS


def test_the_cap_and_snapstart_are_parameters_of_the_web_function(template):
    web = template["Resources"]["WebFunction"]["Properties"]

    assert web["ReservedConcurrentExecutions"] == {
        "Fn::If": [
            "CapsWebConcurrency",
            {"Ref": "WebReservedConcurrency"},
            {"Ref": "AWS::NoValue"},
        ]
    }
    assert web["SnapStart"] == {
        "ApplyOn": {"Fn::If": ["UsesSnapStart", "PublishedVersions", "None"]}
    }
    assert template["Parameters"]["SnapStart"]["Default"] == "Off"
