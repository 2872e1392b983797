from datetime import date

import pytest

from hearth.library.merge import (
    diff_lines,
    diff_text,
    has_conflict_markers,
    merge_fields,
    merge_three,
)

BASE = "intro\nstep one\nstep two\nstep three\noutro\n"


def test_changes_on_different_lines_merge_cleanly():
    result = merge_three(
        base=BASE,
        theirs=BASE.replace("step one", "step 1"),
        mine=BASE.replace("outro", "the end"),
        theirs_label="r2",
    )
    assert result.is_clean
    assert result.text == "intro\nstep 1\nstep two\nstep three\nthe end\n"


def test_changes_to_the_same_line_are_marked_as_a_conflict():
    result = merge_three(
        base=BASE,
        theirs=BASE.replace("step two", "step 2"),
        mine=BASE.replace("step two", "step II"),
        theirs_label="revision 2",
    )
    assert result.conflicts == 1
    assert "<<<<<<< revision 2\nstep 2\n=======\nstep II\n>>>>>>> your version\n" in result.text
    assert has_conflict_markers(result.text)


def test_text_without_final_newline_still_merges_on_its_own_lines():
    result = merge_three(base="a\nb\nc", theirs="a\nb\nC", mine="A\nb\nc", theirs_label="r2")
    assert result.text == "A\nb\nC\n"


def test_diff_lines_are_typed_for_the_page():
    lines = diff_lines("a\nb\n", "a\nc\n", old_label="1", new_label="2")
    assert [(line.kind, line.text) for line in lines] == [
        ("hunk", "Lines 1–2"),
        ("context", "a"),
        ("remove", "b"),
        ("add", "c"),
    ]
    assert "-b\n+c\n" in diff_text("a\nb\n", "a\nc\n", old_label="1", new_label="2")


FIELDS = {
    "title": "Travel policy",
    "status": "published",
    "collection": None,
    "tags": ("onboarding",),
    "review_on": None,
}


def merged(base, theirs, mine):
    return {
        field.name: ("conflict" if field.is_conflict else field.value)
        for field in merge_fields(base=base, theirs=theirs, mine=mine)
    }


def test_fields_changed_on_one_side_take_that_side():
    theirs = {**FIELDS, "tags": ("onboarding", "travel"), "review_on": date(2027, 3, 1)}
    mine = {**FIELDS, "title": "Travel policy 2027"}
    assert merged(FIELDS, theirs, mine) == {
        **FIELDS,
        "title": "Travel policy 2027",
        "tags": ("onboarding", "travel"),
        "review_on": date(2027, 3, 1),
    }


def test_a_field_nobody_changed_keeps_its_value_even_if_both_sides_hold_an_older_one():
    # The same value on both sides is kept, whatever the base said.
    assert merged({**FIELDS, "status": "draft"}, FIELDS, FIELDS)["status"] == "published"


def test_fields_changed_on_both_sides_differently_are_conflicts():
    result = merged(FIELDS, {**FIELDS, "status": "outdated"}, {**FIELDS, "status": "official"})
    assert result["status"] == "conflict"
    assert (
        merged(FIELDS, {**FIELDS, "status": "outdated"}, {**FIELDS, "status": "outdated"})["status"]
        == "outdated"
    )
    [status] = [
        f
        for f in merge_fields(
            base=FIELDS, theirs={**FIELDS, "status": "outdated"}, mine={**FIELDS, "status": "draft"}
        )
        if f.name == "status"
    ]
    with pytest.raises(ValueError):
        _ = status.value


def test_an_unknown_base_makes_every_difference_a_conflict():
    result = merged(
        {"title": "Travel policy"}, {**FIELDS, "tags": ("travel",)}, {**FIELDS, "title": "New"}
    )
    assert result == {**FIELDS, "title": "New", "tags": "conflict"}
