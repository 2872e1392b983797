"""`hearth seed` refuses bad arguments with a clear message and changes nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
