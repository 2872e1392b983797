from hearth.library.merge import diff_lines, diff_text, has_conflict_markers, merge_three

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
