"""Only the cold-start part of `make bench`: `python -m bench.cold [--runs N] [--repeat K]`.

The same package, floor, unpacking, data and alternating pairs as bench/run.py (its own
functions), without the per-request timings: for trying a start-up change, or for repeating
the series to see how stable the ratios are on a shared machine. Prints the two cold-start
tables and the budget lines per repetition, then the attribution table; writes nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.artifact import built_package, remove_read_only_tree, unpack_as_lambda, zip_package
from bench.run import BUDGETS, RESULTS, Apps, cold_starts, log, render_cold, seed

SERIES = (("cold", "GET /healthcheck"), ("cold_signed_in", "signed-in GET /api/v1/users/me"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="alternating pairs per series")
    parser.add_argument("--repeat", type=int, default=1, help="run both series this many times")
    parser.add_argument("--scale", type=float, default=1.0, help="seeded data (as make bench)")
    parser.add_argument(
        "--attribution", type=int, default=0, help="also split the import time (N runs)"
    )
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)

    log("building the web function's package and the floor's (make build-WebFunction)")
    prism_package, floor_package = built_package("prism"), built_package("floor")
    workdir = Path(tempfile.mkdtemp(prefix="prism-cold-"))
    try:
        prism_runtime = unpack_as_lambda(
            zip_package(prism_package, workdir / "prism.zip"), workdir / "prism-task"
        )
        floor_runtime = unpack_as_lambda(
            zip_package(floor_package, workdir / "floor.zip"), workdir / "floor-task"
        )
        database_url = f"sqlite:///{workdir / 'full.sqlite3'}"
        log("seeding the data set")
        seed(database_url, args.scale)
        apps = Apps(
            prism_path=prism_runtime,
            floor_path=floor_runtime,
            database_url=database_url,
            use_dev_env=False,
        )
        token = apps.run("prism", "token")["token"]
        for repetition in range(1, args.repeat + 1):
            for label, first_request in SERIES:
                log(f"cold starts ({label}, {repetition}/{args.repeat}): {args.runs} pairs")
                cold = cold_starts(apps, args.runs, token if label == "cold_signed_in" else None)
                ratio = cold["paired_ratio"]
                print("\n".join(render_cold(cold, first_request)))
                print(
                    f"budget: spawn → first answer {ratio['total_s']:.2f}× "
                    f"(≤ {BUDGETS['cold_start_ratio']}×), first request "
                    f"{ratio['first_request_s']:.2f}× (≤ {BUDGETS['first_request_ratio']}×)\n",
                    flush=True,
                )
        if args.attribution:
            log(f"cold start attribution: {args.attribution} runs")
            runs = [apps.run("attribution", "attribute") for _ in range(args.attribution)]
            print("| PRism's import beyond the floor's (median, floor process) | ms |")
            print("|---|---|")
            for step in runs[0]:
                median = statistics.median(run[step] for run in runs)
                print(f"| {step} | {median * 1000:.1f} |")
    finally:
        for task in ("prism-task", "floor-task"):
            remove_read_only_tree(workdir / task)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
