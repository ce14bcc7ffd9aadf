"""template.yaml's deploy wiring, read as CloudFormation reads it (cfn-lint checks the rest).

CloudFormation refuses a template whose resources depend on each other in a circle, and
neither cfn-lint nor `sam validate` sees the circles SAM creates when it expands an API
event (the API depends on the function's alias) or a deployment preference (the alias
depends on its alarms): those edges are added here.
"""

import json
import re
from pathlib import Path

import pytest
from cfnlint.decode import cfn_yaml

from prism import lambda_handler

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"


@pytest.fixture(scope="module")
def template() -> dict:
    return cfn_yaml.load(str(TEMPLATE))


def references(node, found: set[str]) -> set[str]:
    """Logical ids named by Ref, GetAtt and Sub anywhere under `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                found.add(value.split(".")[0])
            elif key == "Fn::GetAtt":
                found.add((value[0] if isinstance(value, list) else value).split(".")[0])
            elif key == "Fn::Sub":
                text = value if isinstance(value, str) else value[0]
                found.update(name.split(".")[0] for name in re.findall(r"\$\{([^}!]+)\}", text))
                if not isinstance(value, str):
                    references(value[1], found)
            else:
                references(value, found)
    elif isinstance(node, list):
        for item in node:
            references(item, found)
    return found


def dependency_graph(template: dict) -> dict[str, set[str]]:
    resources = template["Resources"]
    names = set(resources)
    global_refs = references(template.get("Globals", {}), set()) & names
    graph: dict[str, set[str]] = {}
    for name, resource in resources.items():
        depends_on = resource.get("DependsOn", [])
        depends_on = [depends_on] if isinstance(depends_on, str) else depends_on
        if resource["Type"] != "AWS::Serverless::Function":
            graph[name] = (references(resource, set()) | set(depends_on)) & names
            continue
        properties = dict(resource["Properties"])
        events = properties.pop("Events", {})
        preference = properties.pop("DeploymentPreference", {})
        graph[name] = (references(properties, set()) | set(depends_on) | global_refs) & names
        # What SAM adds: the alias follows the function and, with a deployment preference,
        # its alarms; an API event makes the API point at the alias (or the function).
        target = name
        if "AutoPublishAlias" in properties:
            target = f"{name}Alias"
            graph[target] = {name} | (references(preference, set()) & names)
        for event in events.values():
            if event["Type"] in ("HttpApi", "Api"):
                for api in references(event["Properties"].get("ApiId", {}), set()) & names:
                    graph.setdefault(api, set()).add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for child in sorted(graph[node]):
            if state.get(child) == 1:
                return [*path[path.index(child) :], child]
            if child not in state and (cycle := visit(child, path)):
                return cycle
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node, [])):
            return cycle
    return None


def depends_transitively(graph: dict[str, set[str]], start: str, target: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph[node])
    return False


def test_no_circular_dependencies_once_sam_expands_the_api_events(template):
    assert find_cycle(dependency_graph(template)) is None


def test_the_circle_check_sees_what_sam_would_make_circular(template):
    graph = dependency_graph(template)
    graph["WebFunction"].add("HttpApi")  # e.g. the API's id in an environment variable
    assert {"HttpApi", "WebFunctionAlias"} <= set(find_cycle(graph))
    graph = dependency_graph(template)
    graph["WebFunctionAlias"].add("Api5xxRateAlarm")  # rolling back on the API's metrics
    assert find_cycle(graph) is not None


def test_migrations_run_on_each_code_version_before_new_code_is_published(template):
    resources = template["Resources"]
    migrations = resources["DatabaseMigrations"]
    assert migrations["Type"].startswith("Custom::")
    properties = migrations["Properties"]
    assert properties["ServiceToken"] == {"Fn::GetAtt": ["MigrateFunction", "Arn"]}
    # A new version per code change changes the property, so the resource updates (runs).
    assert properties["CodeVersion"] == {"Ref": "MigrateFunction.Version"}
    assert resources["MigrateFunction"]["Properties"]["AutoPublishAlias"]
    graph = dependency_graph(template)
    for function in ("WebFunction", "WorkerFunction"):
        assert depends_transitively(graph, function, "DatabaseMigrations")
    handler = resources["MigrateFunction"]["Properties"]["Handler"]
    assert callable(getattr(lambda_handler, handler.rsplit(".", 1)[1]))
    # Never retried by Lambda: a failed migration must not run again during the rollback.
    invoke = resources["MigrateFunction"]["Properties"]["EventInvokeConfig"]
    assert invoke["MaximumRetryAttempts"] == 0


def test_web_alias_shifts_traffic_gradually_and_rolls_back_on_alarms(template):
    resources = template["Resources"]
    web = resources["WebFunction"]["Properties"]
    assert web["AutoPublishAlias"] == "live"
    preference = web["DeploymentPreference"]
    assert preference["Type"] == {"Ref": "TrafficShifting"}
    assert template["Parameters"]["TrafficShifting"]["Default"] == "Canary10Percent5Minutes"
    alarms = {alarm["Ref"] for alarm in preference["Alarms"]}
    assert alarms == {"WebErrorsAlarm", "Web5xxRateAlarm"}
    for alarm in alarms:
        assert resources[alarm]["Type"] == "AWS::CloudWatch::Alarm"
        actions = resources[alarm]["Properties"]["AlarmActions"]
        assert actions["Fn::If"][0] == "HasAlarmEmail"
    assert resources["AlarmTopic"]["Condition"] == "HasAlarmEmail"


def test_every_function_logs_json_and_the_dashboard_body_is_json(template):
    resources = template["Resources"]
    functions = [r for r in resources.values() if r["Type"] == "AWS::Serverless::Function"]
    assert len(functions) == 3
    for function in functions:
        assert function["Properties"]["LoggingConfig"]["LogFormat"] == "JSON"
    body = resources["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"][0]
    widgets = json.loads(re.sub(r"\$\{[^}]+\}", "x", body))["widgets"]
    assert {widget["type"] for widget in widgets} == {"alarm", "metric", "log"}


def test_the_worker_is_woken_through_sqs_with_a_dead_letter_queue_and_a_schedule(template):
    resources = template["Resources"]
    events = resources["WorkerFunction"]["Properties"]["Events"]
    assert {event["Type"] for event in events.values()} == {"SQS", "Schedule"}
    queue = resources["WorkerWakeQueue"]["Properties"]
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {
        "Fn::GetAtt": ["WorkerWakeDeadLetterQueue", "Arn"]
    }
    worker_timeout = resources["WorkerFunction"]["Properties"]["Timeout"]
    assert queue["VisibilityTimeout"] >= 6 * worker_timeout
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["PRISM_WORKER_WAKE_QUEUE_URL"] == {"Ref": "WorkerWakeQueue"}
