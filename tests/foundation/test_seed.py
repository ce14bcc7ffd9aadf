"""`manage.py seed`: idempotent, and `--demo` gives a local run something to show."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from projects.models import Membership, Project

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent():
    out = StringIO()
    call_command("seed", "--demo", stdout=out)
    assert "3 demo account(s), 1 demo project(s)" in out.getvalue()
    call_command("seed", "--demo", stdout=out)
    assert User.objects.count() == 3 and Project.objects.count() == 1
    assert Membership.objects.filter(user__isnull=False).count() == 3


def test_plain_seed_creates_no_demo_data():
    call_command("seed", stdout=StringIO())
    assert User.objects.count() == 0
