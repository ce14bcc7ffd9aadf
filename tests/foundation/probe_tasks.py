"""A task for queue tests: appends a line to the file named by PRISM_PROBE_MARKER."""

import os

from django.tasks import task


@task
def write_marker(text: str) -> None:
    with open(os.environ["PRISM_PROBE_MARKER"], "a") as marker:
        marker.write(text + "\n")
