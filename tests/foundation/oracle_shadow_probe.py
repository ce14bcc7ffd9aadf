"""Run only by test_oracle_shadow.py, in a child pytest: a test that locks with `.first()`.

Its name does not match `test_*.py`, so the suite never collects it on its own.
"""

from django.db import transaction

from accounts.models import User


def test_locks_a_sliced_read(db):
    with transaction.atomic():
        User.objects.select_for_update().filter(email="nobody@example.com").first()
