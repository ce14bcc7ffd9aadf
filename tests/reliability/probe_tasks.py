"""Tasks for the durability scenario."""

from django.tasks import task


@task
def always_fails() -> None:
    raise RuntimeError("this task never succeeds")
