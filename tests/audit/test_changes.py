"""The one mechanism that records a change (``hearth.core.changes``)."""

import pytest
from django.db import transaction

from hearth.access.actor import Actor
from hearth.core import changes
from hearth.core.errors import NotFound
from hearth.core.models import AuditEntry
from hearth.structure.services import layout_update
from tests.factories import person_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded():
    """What the recorders registered with ``on_change`` receive (the place where
    activity events are to be written), with how many transactions were open."""
    seen = []

    def recorder(change):
        seen.append((change, len(transaction.get_connection().atomic_blocks)))

    changes.on_change(recorder)
    yield seen
    changes.RECORDERS.remove(recorder)


def test_every_recorded_change_reaches_the_recorders_inside_its_transaction(recorded):
    leader = person_make()
    space = space_make(leader=leader)
    layout_update(actor=Actor.for_user(leader), space=space, sections=["top", "questions"])
    [(change, depth)] = recorded
    assert depth > len(transaction.get_connection().atomic_blocks)  # the change's own
    assert (change.action, change.space, change.actor.user) == (
        "space.layout_update",
        space,
        leader,
    )
    assert change.entry == AuditEntry.objects.get(action="space.layout_update")
    assert change.after == change.entry.after and change.as_role == ""


def test_the_declared_check_runs_before_the_service(recorded):
    space = space_make(visibility="private")
    with pytest.raises(NotFound):
        layout_update(actor=Actor.for_user(person_make()), space=space, sections=["top"])
    assert not recorded and not AuditEntry.objects.exists()


def test_a_service_records_only_its_own_action():
    @changes.change("space.demo", check=None)
    def space_demo(*, actor, space):
        changes.record(actor, action="space.other", target=space, space=space)

    try:
        with pytest.raises(RuntimeError):
            space_demo(actor=Actor.for_user(person_make()), space=space_make())
    finally:
        changes.CHANGES.pop(f"{__name__}.{space_demo.__qualname__}", None)


def test_the_system_s_changes_are_recorded_as_system():
    space = space_make()
    entry = changes.record(None, action="space.create", target=space, space=space, via="system")
    assert (entry.actor, entry.as_role) == (None, "system")
