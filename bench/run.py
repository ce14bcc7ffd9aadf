"""PRism's benchmark: cold start and per-request cost through the Lambda handler, beside a
floor app measured in the same run (`make bench`; see the README's Performance section).

Steps: build the web function's package with the Makefile's own recipe (what `sam build`
runs) and the floor app the same way, zip both as SAM does and unpack them as Lambda does
(every file dated 1980, a read-only tree, PYTHONDONTWRITEBYTECODE); measure the zipped
package; seed a scale data set and a tenth of it; time whole processes from spawn to the
first answered HTTP API v2 event, alternating PRism and the floor, with the healthcheck and
with a signed-in `GET /api/v1/users/me` as the first request; time every endpoint the web
client reads plus the main writes in process, each read alternating with its limit (its SQL
replayed raw and its body built from the rows: bench/limit.py); count queries per request at
both sizes.
Prints a table, writes JSON, and exits non-zero only on errors.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.artifact import (
    built_package,
    remove_read_only_tree,
    unpack_as_lambda,
    zip_package,
    zipped_sizes_mb,
)

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"

BUDGETS = {
    "cold_start_ratio": 1.25,
    "first_request_ratio": 1.5,
    "read_p50_ratio": 2.5,
    "read_limit_factor": 2,
    "max_queries": 8,
    "peak_rss_mb": 90,
    "package_mb_without_boto3": 25,
}


def deployed_conn_max_age() -> str:
    """CONN_MAX_AGE as template.yaml deploys it: the bench runs the configuration Lambda runs
    (a kept connection per warm instance, not a new one per request)."""
    match = re.search(
        r'^\s+CONN_MAX_AGE:\s*"?(\d+)"?\s*$', (ROOT / "template.yaml").read_text(), re.M
    )
    if not match:
        raise RuntimeError("template.yaml no longer sets CONN_MAX_AGE")
    return match.group(1)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def seed(database_url: str, scale: float) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "PRISM_TASKS_BACKEND": "database"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.seed", "--scale", str(scale)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


class Apps:
    """How to start a fresh process of PRism or of the floor, as Lambda would."""

    def __init__(self, *, prism_path: Path, floor_path: Path, database_url: str, use_dev_env: bool):
        self.python = (
            sys.executable if use_dev_env else getattr(sys, "_base_executable", sys.executable)
        )
        self.prism_path = prism_path
        self.floor_path = floor_path
        self.database_url = database_url
        self.use_dev_env = use_dev_env

    def env(self, app: str) -> dict:
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "PRISM_", "DATABASE_URL", "PYTHON"))
        }
        if app == "floor":
            paths = [str(self.floor_path)]
        elif app == "attribution":  # the floor app on PRism's packages
            paths = [str(self.prism_path), str(self.floor_path)]
        elif app == "prism-artifact":  # cold starts: nothing but the unpacked package
            paths = [str(self.prism_path)]
        else:  # in-process scenarios also need bench/ and tests/ from the repository
            paths = [str(ROOT)] if self.use_dev_env else [str(self.prism_path), str(ROOT)]
        return {
            **base,
            # As on Lambda: the package's own bytecode or none (the disk is read-only).
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONPATH": os.pathsep.join(paths),
            "DJANGO_SETTINGS_MODULE": "floor_app"
            if app in ("floor", "attribution")
            else "prism.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-" + "k" * 48,
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": self.database_url,
            "PRISM_TASKS_BACKEND": "database",
            "CONN_MAX_AGE": deployed_conn_max_age(),
        }

    def command(self, *args: str) -> list[str]:
        flags = [] if self.use_dev_env else ["-s"]
        return [self.python, *flags, str(BENCH / "probe.py"), *args]

    def run(self, app: str, *args: str, database_url: str | None = None) -> dict:
        env = self.env(app)
        if database_url:
            env["DATABASE_URL"] = database_url
        done = subprocess.run(
            self.command(*args), cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"probe {args} failed:\n{done.stderr[-3000:]}{done.stdout[-500:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def cold_start(self, app: str, token: str | None = None) -> dict:
        """Wall time from spawn until the process has answered its first event (PRism: the
        healthcheck, or `GET /api/v1/users/me` signed in with `token`)."""
        args = ["cold", app] if token is None else ["cold", app, token]
        env = self.env("floor" if app == "floor" else "prism-artifact")
        began = time.perf_counter()
        process = subprocess.Popen(
            self.command(*args),
            cwd=RESULTS,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = process.stdout.readline()
        total = time.perf_counter() - began
        _, errors = process.communicate(timeout=60)
        if process.returncode != 0 or not line:
            raise RuntimeError(f"cold start of {app} failed:\n{errors[-3000:]}")
        return {"total_s": total, **json.loads(line)}


def cold_starts(apps: Apps, runs: int, token: str | None) -> dict:
    samples: dict[str, list[dict]] = {"prism": [], "floor": []}
    for app in samples:  # discarded: the first start of each pays for the machine's disk cache
        apps.cold_start(app, token if app == "prism" else None)
    for round_no in range(runs):
        # Either may go first, so neither always inherits the other's warm page cache.
        for app in ("prism", "floor") if round_no % 2 == 0 else ("floor", "prism"):
            samples[app].append(apps.cold_start(app, token if app == "prism" else None))
    keys = ("total_s", "import_s", "first_request_s", "peak_rss_mb")
    result: dict = {
        app: {key: summarize([r[key] for r in runs_of_app]) for key in keys}
        for app, runs_of_app in samples.items()
    }
    # Each PRism run against the floor run beside it: the machine's speed drifts during a
    # run (the same process varies by ±25 % here), and adjacent runs share the drift.
    result["paired_ratio"] = {
        key: statistics.median(
            p[key] / f[key] for p, f in zip(samples["prism"], samples["floor"], strict=True)
        )
        for key in keys
    }
    return result


def summarize(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", help="PostgreSQL URL to seed into (default: SQLite files)"
    )
    parser.add_argument("--runs", type=int, default=21, help="cold starts per app")
    parser.add_argument("--requests", type=int, default=200, help="warm requests per read endpoint")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    report: dict = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
    }

    log("building the web function's package and the floor's (make build-WebFunction)")
    prism_package, floor_package = built_package("prism"), built_package("floor")
    report["package"] = zipped_sizes_mb(prism_package)

    workdir = Path(tempfile.mkdtemp(prefix="prism-bench-"))
    try:
        # Unpacked as Lambda unpacks the zip: 1980 timestamps, read-only.
        prism_runtime = unpack_as_lambda(
            zip_package(prism_package, workdir / "prism.zip"), workdir / "prism-task"
        )
        floor_runtime = unpack_as_lambda(
            zip_package(floor_package, workdir / "floor.zip"), workdir / "floor-task"
        )
        if args.database_url:
            full_url, small_url = args.database_url, args.database_url
            log("PostgreSQL: the sizes share one database (the small pass runs first)")
        else:
            full_url = f"sqlite:///{workdir / 'full.sqlite3'}"
            small_url = f"sqlite:///{workdir / 'small.sqlite3'}"
        log("seeding the small data set")
        report["seed_small"] = seed(small_url, args.scale / 10)
        apps = Apps(
            prism_path=prism_runtime,
            floor_path=floor_runtime,
            database_url=full_url,
            use_dev_env=bool(args.database_url),
        )
        small_queries = apps.run("prism", "queries", database_url=small_url)
        if args.database_url:
            log("PostgreSQL: seeding the full set on top")
        log("seeding the full data set")
        report["seed_full"] = seed(full_url, args.scale)
        full_queries = apps.run("prism", "queries")
        report["queries"] = {
            name: {
                "read": small_queries[name]["read"],
                "small": small_queries[name]["queries"],
                "full": full_queries[name]["queries"],
            }
            for name in full_queries
        }

        token = apps.run("prism", "token")["token"]
        for label, first_request_token in (("cold", None), ("cold_signed_in", token)):
            log(f"cold starts ({label}): {args.runs} per app, alternating")
            report[label] = cold_starts(apps, args.runs, first_request_token)

        log(f"cold start attribution: {args.runs} runs")
        attributions = [apps.run("attribution", "attribute") for _ in range(args.runs)]
        report["attribution_s"] = {
            step: statistics.median(run[step] for run in attributions) for step in attributions[0]
        }

        log(f"warm latency: {args.requests} requests per read endpoint")
        report["warm"] = {
            "prism": apps.run("prism", "warm", "prism", str(args.requests)),
            "floor": apps.run("floor", "warm", "floor", str(args.requests * 5)),
        }
    finally:
        for task in ("prism-task", "floor-task"):
            remove_read_only_tree(workdir / task)
        shutil.rmtree(workdir, ignore_errors=True)

    report["budgets"] = judge(report)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(render(report))
    return 0


def judge(report: dict) -> dict:
    cold_p = report["cold"]["prism"]
    floor_p50 = report["warm"]["floor"]["ping"]["p50_ms"]
    reads = {n: r for n, r in report["warm"]["prism"].items() if r["read"] and "p50_ms" in r}
    signed_in = report["cold_signed_in"]["paired_ratio"]
    verdicts = {
        "cold start ≤ 1.25× floor (healthcheck)": (
            report["cold"]["paired_ratio"]["total_s"],
            BUDGETS["cold_start_ratio"],
        ),
        "first request ≤ 1.5× floor (healthcheck)": (
            report["cold"]["paired_ratio"]["first_request_s"],
            BUDGETS["first_request_ratio"],
        ),
        "cold start ≤ 1.25× floor (signed-in GET /users/me)": (
            signed_in["total_s"],
            BUDGETS["cold_start_ratio"],
        ),
        "first request ≤ 1.5× floor (signed-in GET /users/me)": (
            signed_in["first_request_s"],
            BUDGETS["first_request_ratio"],
        ),
        "read p50 ≤ 2.5× floor (worst)": (
            max(r["p50_ms"] for r in reads.values()) / floor_p50,
            BUDGETS["read_p50_ratio"],
        ),
    }
    result = {
        name: {"value": round(value, 2), "limit": limit, "met": value <= limit}
        for name, (value, limit) in verdicts.items()
    }
    counted = [
        q for q in report["queries"].values() if q["small"] is not None and q["full"] is not None
    ]
    worst_queries = max(max(q["small"], q["full"]) for q in counted)
    constant = all(q["small"] == q["full"] for q in counted)
    failed = sorted(n for n, r in report["warm"]["prism"].items() if "p50_ms" not in r)
    if failed:
        result["every benchmarked endpoint answered 200"] = {
            "value": ", ".join(failed),
            "limit": "none",
            "met": False,
        }
    limits = read_budgets(report)
    missed = sorted(n for n, v in limits.items() if not v["met"])
    result["every read p50 ≤ floor p50 + 2 × its limit p50"] = {
        "value": ", ".join(missed) or f"all {len(limits)}",
        "limit": "none missed",
        "met": not missed and len(limits) == len(reads),
    }
    unchecked = sorted(n for n, v in limits.items() if v["body"] != "hand-built")
    result["every limit body hand-built and equal to the real one"] = {
        "value": ", ".join(unchecked) or f"all {len(limits)}",
        "limit": "none re-dumped",
        "met": not unchecked,
    }
    result["queries ≤ 8 and equal at both sizes"] = {
        "value": worst_queries,
        "limit": 8,
        "met": worst_queries <= 8 and constant,
    }
    rss = cold_p["peak_rss_mb"]["median"]
    result["peak RSS ≤ 90 MB"] = {"value": round(rss, 1), "limit": 90, "met": rss <= 90}
    size = report["package"]["without_boto3_mb"]
    result["package ≤ 25 MB zipped without boto3"] = {
        "value": round(size, 1),
        "limit": 25,
        "met": size <= 25,
    }
    return result


def render_cold(cold: dict, first_request: str) -> list[str]:
    lines = [
        f"| cold start, built artifact unpacked as Lambda does; PRism's first request: {first_request} "
        "(median of runs, min–max) | PRism | floor (GET /ping) | ratio (median of pairs) |",
        "|---|---|---|---|",
    ]
    for key, label, unit in (
        ("total_s", "spawn → first event answered", "s"),
        ("import_s", "import + Django set-up", "s"),
        ("first_request_s", "first request", "s"),
        ("peak_rss_mb", "peak RSS", "MB"),
    ):
        p, f = cold["prism"][key], cold["floor"][key]
        scale = 1000 if unit == "s" else 1
        shown = "ms" if unit == "s" else "MB"
        lines.append(
            f"| {label} | {p['median'] * scale:.1f} {shown} ({p['min'] * scale:.1f}–{p['max'] * scale:.1f}) "
            f"| {f['median'] * scale:.1f} {shown} | {cold['paired_ratio'][key]:.2f}× |"
        )
    return lines


def render(report: dict) -> str:
    lines = [
        f"PRism benchmark — {report['machine']} — {report['date']}",
        f"data: {report['seed_full']['users']} users, {report['seed_full']['projects']} projects, "
        f"{report['seed_full']['memberships']} memberships, {report['seed_full']['submissions']} submissions, "
        f"{report['seed_full']['results']} results (small set: a tenth)",
        "",
        *render_cold(report["cold"], "GET /healthcheck"),
        "",
        *render_cold(report["cold_signed_in"], "signed-in GET /api/v1/users/me"),
    ]
    lines += ["", *render_attribution(report)]
    floor = report["warm"]["floor"]["ping"]
    lines += [
        "",
        "| endpoint (in process, v2 events) | p50 ms | p95 ms | × floor p50 | queries small/full |",
        "|---|---|---|---|---|",
    ]
    lines.append(f"| floor: GET /ping | {floor['p50_ms']:.2f} | {floor['p95_ms']:.2f} | 1.00 | – |")
    for name, result in report["warm"]["prism"].items():
        q = report["queries"][name]
        kind = "" if result["read"] else " (write)"
        if "p50_ms" not in result:
            lines.append(f"| {name}{kind} | HTTP {result['status']} (not timed) | – | – | – |")
            continue
        lines.append(
            f"| {name}{kind} | {result['p50_ms']:.2f} | {result['p95_ms']:.2f} | "
            f"{result['p50_ms'] / floor['p50_ms']:.1f} | {q['small']}/{q['full']} |"
        )
    lines += ["", *render_limits(report)]
    package = report["package"]
    lines += [
        "",
        f"package (zipped): {package['with_boto3_mb']:.1f} MB, {package['without_boto3_mb']:.1f} MB without boto3",
        "",
        "| budget | value | limit | met |",
        "|---|---|---|---|",
    ]
    for name, verdict in report["budgets"].items():
        lines.append(
            f"| {name} | {verdict['value']} | {verdict['limit']} | {'yes' if verdict['met'] else 'NO'} |"
        )
    return "\n".join(lines)


def read_budgets(report: dict) -> dict[str, dict]:
    """Each read against its limit (issue 16): real p50 ≤ the floor's p50 + 2 × limit p50."""
    floor_p50 = report["warm"]["floor"]["ping"]["p50_ms"]
    verdicts = {}
    for name, result in report["warm"]["prism"].items():
        if not result["read"] or "limit" not in result:
            continue
        limit = result["limit"]["p50_ms"]
        budget = floor_p50 + BUDGETS["read_limit_factor"] * limit
        verdicts[name] = {
            "real_ms": result["p50_ms"],
            "limit_ms": limit,
            "ratio": result["p50_ms"] / limit,
            "budget_ms": budget,
            "met": result["p50_ms"] <= budget,
            "body": result["limit"]["body"],
            "byte_identical": result["limit"]["byte_identical"],
            "note": result["limit"]["note"],
        }
    return verdicts


def render_limits(report: dict) -> list[str]:
    floor_p50 = report["warm"]["floor"]["ping"]["p50_ms"]
    lines = [
        f"| read vs its limit (SQL replayed raw + body built from the rows) | real p50 ms "
        f"| limit p50 ms | ratio | budget ms (floor {floor_p50:.2f} + 2 × limit) | met | body |",
        "|---|---|---|---|---|---|---|",
    ]
    notes = []
    for name, verdict in read_budgets(report).items():
        body = verdict["body"]
        if body == "hand-built":
            body += "" if verdict["byte_identical"] else " (equal JSON, bytes differ)"
        else:
            notes.append(f"{name}: {verdict['note']}")
            body = f"real body re-dumped [{len(notes)}]"
        lines.append(
            f"| {name} | {verdict['real_ms']:.2f} | {verdict['limit_ms']:.2f} "
            f"| {verdict['ratio']:.1f}× | {verdict['budget_ms']:.2f} "
            f"| {'yes' if verdict['met'] else 'NO'} | {body} |"
        )
    lines += [
        "",
        "The limit's body is built by hand from the raw rows and checked equal to the "
        "real body; where it is not, the limit is the SQL replay + json.dumps of the real "
        "body (a lower bound on the work):",
    ]
    lines += [f"[{n}] {note}" for n, note in enumerate(notes, 1)] or ["(none)"]
    return lines


def render_attribution(report: dict) -> list[str]:
    """Where PRism's import time beyond the floor's goes, against what the budget allows."""
    cold = report["cold"]
    gap = cold["prism"]["import_s"]["median"] - cold["floor"]["import_s"]["median"]
    allowed = (BUDGETS["cold_start_ratio"] - 1) * cold["floor"]["total_s"]["median"]
    steps = {k: v for k, v in report["attribution_s"].items() if not k.startswith("floor:")}
    lines = [
        "| PRism's import beyond the floor's (median) | ms | share |",
        "|---|---|---|",
    ]
    for step, seconds in steps.items():
        lines.append(f"| {step} | {seconds * 1000:.1f} | {seconds / gap:.0%} |")
    own = gap - sum(steps.values())
    lines += [
        f"| PRism's own models, views, serializers and set-up (the rest) | {own * 1000:.1f} "
        f"| {own / gap:.0%} |",
        f"| **total** (PRism's import − the floor's) | {gap * 1000:.1f} | 100% |",
        "",
        "The rest is a difference of medians from separate processes: it carries the machine's "
        "drift (tens of ms between runs here).",
        "",
        f"The cold-start budget (1.25× the floor) leaves {allowed * 1000:.0f} ms for all of it; "
        f"the libraries above alone take {sum(steps.values()) * 1000:.0f} ms.",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
