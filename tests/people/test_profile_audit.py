"""Editing a profile: one's own is no one else's business; a platform admin
editing someone else's is audited, and nobody else may."""

import pytest

from hearth.core.errors import Forbidden
from hearth.core.models import AuditEntry
from hearth.people.services import profile_update
from tests.conftest import actor_of
from tests.factories import person_make

pytestmark = pytest.mark.django_db


def test_own_edits_are_not_audited_an_admins_are_and_others_are_refused():
    person = person_make(display_name="Ada L.")
    profile_update(actor=actor_of(person), person=person, display_name="Ada Lovelace")
    assert not AuditEntry.objects.exists()

    with pytest.raises(Forbidden):
        profile_update(actor=actor_of(person_make()), person=person, display_name="Hacked")
    person.refresh_from_db()
    assert person.display_name == "Ada Lovelace" and not AuditEntry.objects.exists()

    admin = person_make(org_role="admin")
    profile_update(actor=actor_of(admin), person=person, display_name="Ada King", title="Analyst")
    entry = AuditEntry.objects.get()
    assert entry.action == "person.profile_update" and entry.actor == admin
    assert entry.before["display_name"] == "Ada Lovelace"
    assert entry.after["display_name"] == "Ada King" and entry.after["title"] == "Analyst"
    assert entry.as_role == "platform_admin"
