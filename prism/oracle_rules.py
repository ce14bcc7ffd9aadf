"""The Oracle rules for models (DESIGN §3), as a system check on the project's own apps.

Oracle stores `TextField` as NCLOB, which cannot be indexed, compared, sorted or grouped,
so a `TextField` may never sit in a unique constraint, an index or an ordering. Bounded
text is `CharField` (NVARCHAR2, at most 2000 characters). Identifiers stay within 30
characters, the safe limit across Oracle versions.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import models

MAX_CHARFIELD_LENGTH = 2000
MAX_IDENTIFIER_LENGTH = 30


def project_models() -> list[type[models.Model]]:
    """Models of the apps that live in this repository (third-party apps are not ours)."""
    base = str(settings.BASE_DIR)
    return [
        model
        for config in apps.get_app_configs()
        if config.path.startswith(base) and "site-packages" not in config.path
        for model in config.get_models()
    ]


def _field_names_in_indexes(meta) -> Iterable[tuple[str, str]]:
    for names in meta.unique_together:
        for name in names:
            yield name, "unique_together"
    for index in meta.indexes:
        for name in index.fields:
            yield name.lstrip("-"), f"index {index.name}"
    for constraint in meta.constraints:
        for name in getattr(constraint, "fields", ()) or ():
            yield name, f"constraint {constraint.name}"
    for name in meta.ordering or ():
        if isinstance(name, str):
            yield name.lstrip("-?"), "Meta.ordering"


def oracle_rule_violations(model_classes: Iterable[type[models.Model]]) -> list[Error]:
    problems = []
    for model in model_classes:
        meta = model._meta
        label = meta.label
        if len(meta.db_table) > MAX_IDENTIFIER_LENGTH:
            problems.append(
                Error(
                    f"{label}: table name {meta.db_table!r} is longer than 30 characters.",
                    obj=model,
                    id="prism.E101",
                )
            )
        for field in meta.local_fields:
            if isinstance(field, models.CharField) and (
                field.max_length is None or field.max_length > MAX_CHARFIELD_LENGTH
            ):
                problems.append(
                    Error(
                        f"{label}.{field.name}: CharField longer than 2000 characters.",
                        obj=model,
                        id="prism.E102",
                    )
                )
            # Field.__init__ sets db_index; django-stubs declares it only as a parameter.
            indexed = field.unique or field.db_index  # type: ignore[attr-defined]
            if isinstance(field, models.TextField) and indexed:
                problems.append(
                    Error(
                        f"{label}.{field.name}: TextField cannot be unique or indexed on Oracle.",
                        obj=model,
                        id="prism.E103",
                    )
                )
            if len(field.column or "") > MAX_IDENTIFIER_LENGTH:
                problems.append(
                    Error(
                        f"{label}.{field.name}: column name longer than 30 characters.",
                        obj=model,
                        id="prism.E104",
                    )
                )
        for name, where in _field_names_in_indexes(meta):
            try:
                target = meta.get_field(name.split("__")[0])
            except Exception:  # noqa: S112 - expressions and lookups are not plain fields
                continue
            if isinstance(target, models.TextField):
                problems.append(
                    Error(
                        f"{label}.{target.name}: TextField used in {where} "
                        "(not allowed on Oracle).",
                        obj=model,
                        id="prism.E105",
                    )
                )
        for index in [*meta.indexes, *meta.constraints]:
            if index.name and len(index.name) > MAX_IDENTIFIER_LENGTH:
                problems.append(
                    Error(
                        f"{label}: index or constraint name {index.name!r} is over 30 characters.",
                        obj=model,
                        id="prism.E106",
                    )
                )
    return problems


@register(Tags.models)
def check_oracle_rules(app_configs, **kwargs) -> list[Error]:
    return oracle_rule_violations(project_models())
