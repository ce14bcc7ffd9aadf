"""An abuse-limit slot is one conditional UPDATE, on the local database and in Oracle SQL."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F, sql
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import limits
from accounts.models import AbuseCounter
from tests.oracle_offline import no_network, offline_oracle_connection

pytestmark = pytest.mark.django_db


def test_a_slot_in_a_running_window_is_one_conditional_update():
    assert limits.take_slot("sql-shape", cap=3, window_seconds=60)  # creates the row
    with CaptureQueriesContext(connection) as captured:
        assert limits.take_slot("sql-shape", cap=3, window_seconds=60)
    statements = [query["sql"] for query in captured.captured_queries]
    assert len(statements) == 1 and statements[0].startswith("UPDATE")
    assert AbuseCounter.objects.get(key="sql-shape").count == 2


def test_the_conditional_updates_compile_to_oracle_sql():
    now = timezone.now()
    running = AbuseCounter.objects.filter(key="k", count__lt=5, expires_at__gt=now)
    ended = AbuseCounter.objects.filter(key="k", expires_at__lte=now)
    compiled = {}
    with offline_oracle_connection() as oracle, no_network():
        for name, queryset, values in [
            ("take", running, {"count": F("count") + 1}),
            ("restart", ended, {"count": 1, "expires_at": now + timedelta(hours=1)}),
        ]:
            query = queryset.query.chain(sql.UpdateQuery)
            query.add_update_values(values)
            compiled[name] = query.get_compiler(connection=oracle).as_sql()[0]
    assert compiled["take"].startswith('UPDATE "PRISM_ABUSE_COUNTER" SET "COUNT" = (')
    assert '"PRISM_ABUSE_COUNTER"."COUNT" < %s' in compiled["take"]
    assert '"PRISM_ABUSE_COUNTER"."EXPIRES_AT" > %s' in compiled["take"]
    assert '"PRISM_ABUSE_COUNTER"."EXPIRES_AT" <= %s' in compiled["restart"]
