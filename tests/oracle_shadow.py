"""Shadow compilation: every ORM query the suite executes is also compiled for Oracle.

A pytest plugin (registered in tests/conftest.py). When Django compiles a query to run it
on the test database (SQLite or PostgreSQL), the same query is also compiled by Django's
Oracle backend on an offline connection (tests/oracle_offline.py: no server, no network),
once per query shape (see `_shape`). A query Oracle's compiler refuses —
`select_for_update()` with LIMIT/OFFSET, NO KEY, DISTINCT ON, ON CONFLICT, a multi-row
INSERT asked to return its keys — and the Oracle-only traps the compiler lets through (a
LOB in DISTINCT, ORDER BY or GROUP BY; a filter whose meaning changes because Oracle stores
'' as NULL) are recorded, and the test during which they ran fails at the end of that
phase (setup, call or teardown). Data migrations run their ORM queries through the same
compilers while the test database is built, so they are checked too.

The test database is also made to behave like Oracle where Django's own code branches on
it: `get()` under `select_for_update()` is not limited, `bulk_create()` reads no primary
keys back and has no ignore/update_conflicts (Oracle can do none of these), so code that
relies on them fails here too.
"""

from __future__ import annotations

import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.migrations.operations.special import RunPython
from django.db.models.lookups import Lookup
from django.db.models.sql import compiler as sql_compiler
from django.db.models.sql.query import Query
from django.db.models.sql.where import WhereNode

from tests.oracle_offline import build_offline_connection

# Where refusals go: the innermost `recording_refusals()` block, or the running test's list.
_collectors: list[list[str]] = [[]]
_lock = threading.Lock()
_per_thread = threading.local()
# Queries checked and shapes compiled, for the figures in the session summary.
_stats = {"checked": 0, "compiled": 0, "seconds": 0.0}
# Oracle's verdict by query shape (see `_shape`).
_verdicts: dict = {}
_REPO = str(Path(__file__).resolve().parent.parent)


SHADOW_ALIAS = "oracle_shadow"


def _oracle():
    # Connection objects are per thread in Django; so is the offline one. It is known to
    # the connection handler under its own alias (not in settings, so nothing iterates
    # over it) because compilers of inner queries look their connection up by alias.
    connection = getattr(_per_thread, "oracle", None)
    if connection is None:
        connection = _per_thread.oracle = build_offline_connection(alias=SHADOW_ALIAS)
        connections[SHADOW_ALIAS] = connection
    return connection


def _is_lob(expression, oracle) -> bool:
    try:
        field = expression.output_field
    except Exception:  # mixed or unresolved types: the compiler would have said so
        return False
    return "LOB" in (field.db_type(oracle) or "").upper()


def _describe(expression) -> str:
    target = getattr(expression, "target", None)
    if target is not None and getattr(target, "model", None) is not None:
        return f"{target.model._meta.label}.{target.name}"
    return repr(expression)


def _lob_problems(oracle_compiler, query, oracle) -> list[str]:
    """Oracle cannot compare LOBs: none in DISTINCT, ORDER BY or GROUP BY."""
    problems = []
    selected = [expression for expression, _sql, _alias in oracle_compiler.select]
    if query.distinct:
        problems += [
            f"DISTINCT over the LOB {_describe(e)}" for e in selected if _is_lob(e, oracle)
        ]
    if query.group_by is not None:
        grouped = [e for e in selected if not e.contains_aggregate]
        if isinstance(query.group_by, tuple):
            grouped += list(query.group_by)
        lobs = dict.fromkeys(_describe(e) for e in grouped if _is_lob(e, oracle))
        problems += [f"GROUP BY over the LOB {lob}" for lob in lobs]
    for order_by, _compiled in oracle_compiler.get_order_by():
        ordered = order_by.get_source_expressions()[0]
        if _is_lob(ordered, oracle):
            problems.append(f"ORDER BY over the LOB {_describe(ordered)}")
    return problems


def _empty_string_problems(where) -> list[str]:
    """Filters that mean something else where '' is stored as NULL (Oracle)."""
    problems = []
    for child in getattr(where, "children", ()):
        if isinstance(child, WhereNode):
            problems += _empty_string_problems(child)
            continue
        # Subqueries: EXISTS(...) (a lookup on an Exists), IN (SELECT ...).
        for part in (child, getattr(child, "lhs", None), getattr(child, "rhs", None)):
            inner = getattr(part, "query", part)
            if isinstance(inner, Query):
                problems += _empty_string_problems(inner.where)
        if not isinstance(child, Lookup):
            continue
        field = getattr(child.lhs, "target", None)
        if not isinstance(field, models.CharField | models.TextField):
            continue
        rhs, name = child.rhs, child.lookup_name
        if name == "in" and isinstance(rhs, list | tuple | set) and "" in rhs:
            problems.append(f"{_describe(child.lhs)} IN (...'') never matches on Oracle")
        elif name in {"gt", "gte", "lt", "lte"} and rhs == "":
            problems.append(f"{_describe(child.lhs)} {name} '' compares with NULL on Oracle")
        elif name in {"exact", "iexact"} and rhs == "" and field.null:
            problems.append(
                f"{_describe(child.lhs)} = '' on a nullable column also matches NULL on Oracle"
            )
    return problems


def oracle_problems(compiler, returning_fields=None) -> list[str]:
    """Why Oracle would refuse (or misread) the query `compiler` is about to execute."""
    oracle = _oracle()
    # FOR UPDATE outside a transaction is refused; ask the real connection whether it is in one.
    oracle.get_autocommit = compiler.connection.get_autocommit
    query = compiler.query.clone()
    oracle_compiler = query.get_compiler(
        using=SHADOW_ALIAS, connection=oracle, elide_empty=compiler.elide_empty
    )
    problems = []
    if isinstance(compiler, sql_compiler.SQLInsertCompiler):
        if query.on_conflict is not None:
            problems.append("bulk_create() with ignore/update_conflicts: Oracle has no ON CONFLICT")
        if (
            returning_fields
            and len(query.objs) != 1
            and not oracle.features.can_return_rows_from_bulk_insert
        ):
            problems.append("a multi-row INSERT cannot return its primary keys on Oracle")
        oracle_compiler.returning_fields = returning_fields
        oracle_compiler.as_sql()
    else:
        oracle_compiler.as_sql()
        if type(compiler) is sql_compiler.SQLCompiler and not query.combinator:
            problems += _lob_problems(oracle_compiler, query, oracle)
    return problems


def _shape(compiler, real_sql, returning_fields):
    """What decides Oracle's verdict on a query, as a cache key.

    The SQL the test database runs, plus what SQLite leaves out of it (FOR UPDATE and its
    options) and whether a transaction is open. Inserts are shadowed before they run (the
    compile calls the fields' `pre_save`), so they are keyed on model, columns and rows.
    """
    query = compiler.query
    if real_sql is None:
        return (
            type(compiler),
            query.model,
            tuple(field.attname for field in query.fields),
            len(query.objs),
            bool(returning_fields),
            query.on_conflict,
        )
    return (
        type(compiler),
        real_sql,
        query.select_for_update,
        query.select_for_update_nowait,
        query.select_for_update_skip_locked,
        query.select_for_update_of,
        query.select_for_no_key_update,
        query.select_for_update and compiler.connection.get_autocommit(),
    )


def _call_site() -> str:
    # The innermost frame of PRism's own code (not Django's, not this plugin's).
    for frame in reversed(traceback.extract_stack()):
        name = frame.filename
        if name.startswith(_REPO) and "/.venv/" not in name and name != __file__:
            return f"{Path(name).relative_to(_REPO)}:{frame.lineno}"
    return "?"


def _shadow(compiler, real_sql=None, returning_fields=None) -> None:
    started = time.perf_counter()
    key = _shape(compiler, real_sql, returning_fields)
    problems = _verdicts.get(key)
    if problems is None:
        try:
            problems = oracle_problems(compiler, returning_fields)
        except EmptyResultSet:  # Django runs no SQL for it, on any database
            problems = []
        except Exception as exc:  # what Oracle's compiler refuses
            problems = [f"{type(exc).__name__}: {exc}"]
        _verdicts[key] = problems
        _stats["compiled"] += 1
    # Parameter values differ between runs of one shape: checked every time.
    problems = problems + _empty_string_problems(compiler.query.where)
    with _lock:
        _stats["checked"] += 1
        _stats["seconds"] += time.perf_counter() - started
    if problems:
        model = compiler.query.model
        _record(
            problems, where=f"{type(compiler).__name__} on {model._meta.label if model else '-'}"
        )


def _record(problems: list[str], *, where: str) -> None:
    site = _call_site()
    with _lock:
        _collectors[-1].extend(f"{problem} ({where}, at {site})" for problem in problems)


@contextmanager
def recording_refusals():
    """Collect refusals in a list of your own instead of failing the test (for tests of
    the shadow itself, or of code meant to be refused)."""
    refusals: list[str] = []
    with _lock:
        _collectors.append(refusals)
    try:
        yield refusals
    finally:
        with _lock:
            _collectors.remove(refusals)


# Queries shadow-compiled inside each data migration (RunPython) run by this session,
# by the module of its function: the test database is built by running every migration.
data_migration_queries: dict[str, int] = {}


def _install() -> None:
    select_execute = sql_compiler.SQLCompiler.execute_sql
    run_python_forwards = RunPython.database_forwards

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        before = _stats["checked"]
        try:
            return run_python_forwards(self, app_label, schema_editor, from_state, to_state)
        finally:
            module = self.code.__module__
            data_migration_queries[module] = (
                data_migration_queries.get(module, 0) + _stats["checked"] - before
            )

    RunPython.database_forwards = database_forwards
    insert_execute = sql_compiler.SQLInsertCompiler.execute_sql

    def execute_sql(self, *args, **kwargs):
        # Shadowed once its own SQL is known (in `as_sql` below), which keys the cache.
        if self.connection.vendor != "oracle":
            self._oracle_shadow_pending = True
        return select_execute(self, *args, **kwargs)

    def insert_execute_sql(self, returning_fields=None):
        if self.connection.vendor != "oracle":
            _shadow(self, returning_fields=returning_fields)
        return insert_execute(self, returning_fields)

    def shadowing(as_sql):
        def shadowed_as_sql(self, *args, **kwargs):
            result = as_sql(self, *args, **kwargs)
            # Only the compiler being executed, not those of its subqueries.
            if self.__dict__.pop("_oracle_shadow_pending", False):
                _shadow(self, real_sql=result[0])
            return result

        return shadowed_as_sql

    # Update, delete and aggregate compilers inherit SQLCompiler.execute_sql.
    sql_compiler.SQLCompiler.execute_sql = execute_sql
    sql_compiler.SQLInsertCompiler.execute_sql = insert_execute_sql
    for compiler_class in (
        sql_compiler.SQLCompiler,
        sql_compiler.SQLUpdateCompiler,
        sql_compiler.SQLDeleteCompiler,
        sql_compiler.SQLAggregateCompiler,
    ):
        compiler_class.as_sql = shadowing(compiler_class.as_sql)


def _behave_like_oracle() -> None:
    # Through the backends' base modules: their features modules cannot be imported first.
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

    feature_classes = [SQLite.features_class]
    try:
        from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQL
    except ImportError:  # no PostgreSQL driver installed
        pass
    else:
        feature_classes.append(PostgreSQL.features_class)
    for features in feature_classes:
        features.supports_select_for_update_with_limit = False
        features.can_return_rows_from_bulk_insert = False
        # Many-to-many `add()` inserts with ON CONFLICT only where the database has it.
        features.supports_ignore_conflicts = False
        features.supports_update_conflicts = False
        features.supports_update_conflicts_with_target = False


def pytest_configure(config):
    _install()
    _behave_like_oracle()


def _fail_if_refused(phase: str) -> None:
    with _lock:
        refusals, _collectors[0][:] = list(_collectors[0]), []
    if refusals:
        pytest.fail(
            f"Oracle's compiler refused {len(refusals)} quer{'y' if len(refusals) == 1 else 'ies'}"
            f" run during {phase}:\n  " + "\n  ".join(refusals),
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    result = yield
    _fail_if_refused("setup")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    _fail_if_refused("the test")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    result = yield
    _fail_if_refused("teardown")
    return result


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(
        f"Oracle shadow compilation: {_stats['checked']} queries checked,"
        f" {_stats['compiled']} shapes compiled for Oracle, in {_stats['seconds']:.1f}s;"
        f" data migrations run: {len(data_migration_queries)}"
    )
