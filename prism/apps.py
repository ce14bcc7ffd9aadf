from django.apps import AppConfig


class PrismConfig(AppConfig):
    name = "prism"
    verbose_name = "PRism wiring"

    def ready(self) -> None:
        # Registers the configuration checks with Django's system-check framework.
        from django.urls import register_converter

        from prism import (
            checks,  # noqa: F401
            oracle_rules,  # noqa: F401
        )
        from prism.converters import IntegerIdConverter
        from prism.task_queue import wakeup  # noqa: F401 - wakes the task worker after commits

        # `<id:…>` in the apps' URL tables: a bounded positive integer. Registered once, at
        # set-up, not as a side effect of importing the URLconf: a second import of it (after
        # a failed first one, or a reload) would register it again, which Django refuses.
        register_converter(IntegerIdConverter, "id")
