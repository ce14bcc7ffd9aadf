from django.apps import AppConfig


class PrismConfig(AppConfig):
    name = "prism"
    verbose_name = "PRism wiring"

    def ready(self) -> None:
        # Registers the configuration checks with Django's system-check framework.
        from prism import (
            checks,  # noqa: F401
            oracle_rules,  # noqa: F401
            worker_wakeup,  # noqa: F401 - wakes the task worker after commits
        )
