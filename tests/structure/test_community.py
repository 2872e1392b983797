"""The community managers' space: created by an idempotent command, never a signal."""

import pytest
from django.core.management import call_command

from hearth.spaces.models import Membership, Space
from hearth.structure.community import SLUG, TEMPLATE_TITLE
from hearth.structure.models import SpaceLayout
from tests.conftest import client_for
from tests.factories import person_make, space_make

pytestmark = pytest.mark.django_db


def test_the_managers_space_command_is_idempotent(capsys):
    leader = person_make()
    space_make(leader=leader)
    admin = person_make(org_role="admin")
    call_command("community_managers_space")
    call_command("community_managers_space")
    managers = Space.objects.get(slug=SLUG)
    roles = dict(Membership.objects.filter(space=managers).values_list("user_id", "role"))
    assert roles == {leader.pk: "member", admin.pk: "leader"}
    assert SpaceLayout.objects.get(space=managers).guidance.count(TEMPLATE_TITLE) == 1
    page = client_for(leader).get(f"/s/{SLUG}/").content.decode()
    assert "Lessons learnt" in page and "How this space works" in page
    assert "0 added now" in capsys.readouterr().out
