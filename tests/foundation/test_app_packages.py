"""Every package of the app ships and sits in the layers: a new one (screens, posts …) must
be copied into the Lambda package, into the bench's artifact, and checked by the layer
contracts, or production and the checks silently miss it."""

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_APP = {"tests", "bench", "scripts"}


def app_packages() -> set[str]:
    return {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_APP and not path.parent.name.startswith(".")
    }


def test_the_lambda_package_copies_every_app_package():
    makefile = (ROOT / "Makefile").read_text()
    listed = re.search(r"^APP_DIRS := (.+)$", makefile, re.MULTILINE).group(1).split()
    assert set(listed) == app_packages()


def test_the_bench_artifact_copies_every_app_package():
    module = ast.parse((ROOT / "bench" / "artifact.py").read_text())
    assignment = next(
        node
        for node in module.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "APP_DIRS"
    )
    assert set(ast.literal_eval(assignment.value)) == app_packages()


def test_the_layer_contracts_analyse_every_app_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert set(config["root_packages"]) == app_packages()
