"""Seed once per module, roll back at its end.

Seeding is the slow part of these tests, and most of them only read what was
seeded. A module-scoped fixture seeds inside a transaction that is rolled back
when the module is done; each test (marked ``django_db``) runs in a savepoint
inside it, as Django's ``TestCase.setUpTestData`` does, so what a test changes
is undone before the next one.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


def _seeded(django_db_blocker, **options):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed", stdout=out, **options)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo organisation with its conversations; the command's output."""
    yield from _seeded(django_db_blocker, preset="demo")


LARGE_SCALE = 0.002  # 400 people, 6 spaces, 2,000 posts


@pytest.fixture(scope="module")
def large_seeded(django_db_setup, django_db_blocker):
    """The large organisation at a tiny scale; the command's output."""
    yield from _seeded(django_db_blocker, preset="large", scale=str(LARGE_SCALE))
