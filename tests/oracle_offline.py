"""Compile migrations and querysets to Oracle SQL without an Oracle server.

Django's Oracle backend connects lazily for two things only: the server version and the
LIKE operator table. Presetting both lets the schema editor and the SQL compiler run
entirely offline (ENVIRONMENT.md, "Oracle").
"""

from __future__ import annotations

import socket
from contextlib import contextmanager

from django.db import connections
from django.db.backends.oracle.base import DatabaseWrapper
from django.db.backends.oracle.schema import DatabaseSchemaEditor
from django.db.migrations.loader import MigrationLoader
from django.db.models import QuerySet

ALIAS = "oracle_offline"


class OfflineSchemaEditor(DatabaseSchemaEditor):
    def _is_identity_column(self, table_name, column_name):
        # The live editor asks the server; offline we know only auto-increment primary
        # keys are identity columns, and no migration here drops or alters one.
        return False

    def _constraint_names(self, *args, **kwargs):
        # The live editor reads existing constraint names from the catalogue to drop
        # them before an ALTER. Offline there is no catalogue; the ALTER statements
        # themselves are still compiled and checked.
        return []


def build_offline_connection(
    version: tuple[int, ...] = (19,), alias: str = ALIAS
) -> DatabaseWrapper:
    """An Oracle connection object that compiles SQL and refuses to connect."""
    settings_dict = {
        "ENGINE": "django.db.backends.oracle",
        "NAME": "offline.invalid/PRISMPDB",
        "USER": "prism",
        "PASSWORD": "offline",
        "HOST": "",
        "PORT": "",
        "OPTIONS": {},
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "TEST": {},
    }
    connection = DatabaseWrapper(settings_dict, alias=alias)
    connection.SchemaEditorClass = OfflineSchemaEditor
    connection.__dict__["oracle_version"] = version
    connection.__dict__["operators"] = connection._likec_operators

    def refuse_to_connect():
        raise AssertionError("the offline Oracle connection tried to reach a server")

    connection.connect = refuse_to_connect
    return connection


@contextmanager
def offline_oracle_connection(version: tuple[int, ...] = (19,)):
    """An Oracle connection object that never connects, registered under its own alias.

    Migration operations look their connection up by alias, so it is registered with
    Django's connection handler for the duration of the block.
    """
    connection = build_offline_connection(version)
    connections.settings[ALIAS] = connection.settings_dict
    connections[ALIAS] = connection
    try:
        yield connection
    finally:
        del connections[ALIAS]
        del connections.settings[ALIAS]


@contextmanager
def no_network():
    """Fail loudly if anything tries to resolve or reach a host."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted during offline Oracle compilation")

    original = socket.getaddrinfo, socket.create_connection
    socket.getaddrinfo, socket.create_connection = refuse, refuse
    try:
        yield
    finally:
        socket.getaddrinfo, socket.create_connection = original


# Third-party migrations that query the live catalogue themselves (they rename an index
# only if it exists), so no offline compiler can run them.
NEEDS_LIVE_CATALOGUE = {
    "django_tasks_database.0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more",
}


def migration_sql(connection: DatabaseWrapper) -> dict[str, list[str]]:
    """Every migration of every installed app, in dependency order, as Oracle DDL."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    loader.connection = connection
    plan = []
    seen = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                plan.append((loader.graph.nodes[key], False))
    result: dict[str, list[str]] = {}
    for migration, _backwards in plan:
        if f"{migration.app_label}.{migration.name}" in NEEDS_LIVE_CATALOGUE:
            continue
        state = loader.project_state((migration.app_label, migration.name), at_end=False)
        with connection.schema_editor(collect_sql=True, atomic=migration.atomic) as editor:
            migration.apply(state, editor, collect_sql=True)
        result[f"{migration.app_label}.{migration.name}"] = list(editor.collected_sql)
    return result


def queryset_sql(queryset: QuerySet, connection: DatabaseWrapper) -> str:
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    return sql % tuple(f":p{i}" for i in range(len(params)))
