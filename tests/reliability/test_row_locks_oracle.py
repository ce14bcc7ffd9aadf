"""The row locks that serialise parallel writers (test_parallel_writers.py), compiled to
Oracle SQL offline: Oracle refuses FOR UPDATE together with a row limit."""

import uuid

from accounts.models import User
from projects.models import Project
from tests.oracle_offline import no_network, offline_oracle_connection, queryset_sql


def test_the_row_locks_compile_to_oracle_sql_without_a_row_limit():
    # Oracle refuses FOR UPDATE with FETCH FIRST: `.get()` adds no limit where the backend
    # cannot lock with one, and the project lock is iterated unsliced.
    locks = [
        User.objects.select_for_update().filter(pk=uuid.uuid4()),
        Project.objects.select_for_update().filter(pk=1).values_list("pk"),
    ]
    with offline_oracle_connection() as oracle, no_network():
        oracle.get_autocommit = lambda: False  # as inside the services' transaction.atomic()
        assert not oracle.features.supports_select_for_update_with_limit
        for lock in locks:
            sql = queryset_sql(lock, oracle)
            assert sql.endswith("FOR UPDATE") and "FETCH" not in sql, sql
