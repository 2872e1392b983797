"""A rule is declared once: its raising twin and its privileged mark are derived."""

import inspect

import pytest

from hearth.access import policy
from hearth.access.policy.rules import on_space, privileged, privileged_checks, rule
from hearth.core.errors import Forbidden, NotFound


def _refuse_unknown(actor, space):
    if space.get("unknown"):
        raise NotFound()


@rule(first=(_refuse_unknown,), message="Only the space's gardeners.", privileged=True)
def can_water(actor, space) -> bool:
    return actor == "gardener"


@rule(refusal=NotFound, message="No such bed.", first=(on_space(_refuse_unknown),))
def can_see_bed(actor, bed) -> bool:
    return actor != "outsider"


@rule(message="Only the head gardener plants.", privileged="twin")
def can_plant(actor) -> bool:
    return actor == "head"


@privileged
def refuse_digging(actor) -> None:
    raise Forbidden("No digging.")


def test_the_twin_raises_the_declared_refusal_with_its_message():
    can_water.require("gardener", {})
    with pytest.raises(Forbidden) as refused:
        can_water.require("visitor", {})
    assert refused.value.message == "Only the space's gardeners."


def test_the_checks_it_stands_on_run_first():
    with pytest.raises(NotFound):
        can_water.require("gardener", {"unknown": True})


def test_a_thing_in_a_space_is_checked_on_its_space():
    class Bed:
        space = {"unknown": True}

    with pytest.raises(NotFound):
        can_see_bed.require("gardener", Bed())
    Bed.space = {}
    with pytest.raises(NotFound) as refused:
        can_see_bed.require("outsider", Bed())
    assert refused.value.message == "No such bed."


def test_the_twin_is_named_and_typed_as_require_verb():
    twin = can_water.require
    assert twin.__name__ == "require_water"
    assert twin.__module__ == __name__
    assert inspect.signature(twin).return_annotation is None
    assert list(inspect.signature(twin).parameters) == ["actor", "space"]


def test_privileged_rules_register_their_question_and_twin():
    names = privileged_checks(__name__)
    assert {"can_water", "require_water", "require_plant", "refuse_digging"} <= set(names)
    assert "can_plant" not in names  # a page may ask it; only the twin is privileged
    assert "can_see_bed" not in names and "require_see_bed" not in names


def test_the_policy_derives_its_privileged_checks_and_twins():
    assert "require_manage_members" in policy.PRIVILEGED_CHECKS
    assert "can_invite" not in policy.PRIVILEGED_CHECKS
    assert "require_invite" in policy.PRIVILEGED_CHECKS
    assert policy.require_edit_space is policy.can_edit_space.require
