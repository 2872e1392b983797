"""`hearth seed` refuses bad arguments with a clear message and changes nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from hearth.conversations.models import Conversation
from hearth.spaces.models import Space

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("scale", ["0", "-1", "10.5", "nan", "inf", "lots"])
def test_large_refuses_a_scale_outside_0_to_10(scale):
    with pytest.raises(CommandError, match="--scale must be"):
        call_command("seed", preset="large", scale=scale)
    assert not Space.objects.exists()


def test_an_unknown_preset_is_refused():
    with pytest.raises(CommandError, match="Unknown preset “huge”: choose demo or large"):
        call_command("seed", preset="huge")


def test_scale_is_refused_for_the_demo():
    with pytest.raises(CommandError, match="--scale applies to the large preset only"):
        call_command("seed", preset="demo", scale="2")
    assert not Space.objects.exists()


def test_the_demo_is_the_default_preset(capsys):
    call_command("seed")
    assert "Demo organisation ready" in capsys.readouterr().out


def test_large_seed_keeps_demo_data_beside_it():
    call_command("seed", preset="demo")
    demo_conversations = Conversation.objects.count()
    call_command("seed", preset="large", scale="0.001")
    assert Space.objects.count() == 12 + 3
    for space in Space.objects.annotate(n=Count("memberships")):
        assert space.member_count == space.n
    assert Conversation.objects.count() == demo_conversations + 150
