"""Reading numbers and text from a request within what Hearth's columns hold."""

from hearth.core.bounds import BIGINT_MAX, int_fits, page_number, text_problem, whole_number


def test_a_whole_number_is_ascii_digits_within_range():
    assert whole_number("42") == 42 and whole_number(" 7 ") == 7 and whole_number(3) == 3
    assert whole_number(str(BIGINT_MAX)) == BIGINT_MAX
    for value in ("²", "١٢", "-1", "1.5", "", None, True, str(BIGINT_MAX + 1), "9" * 5000):
        assert whole_number(value) is None, value
    assert whole_number("2147483648", maximum=2**31 - 1) is None


def test_a_page_far_past_the_end_is_the_last_one_a_column_allows():
    assert page_number("3", maximum=10) == 3
    assert page_number("11", maximum=10) == 10
    assert page_number("9" * 5000, maximum=10) == 10
    assert page_number("0", maximum=10) == 1
    assert page_number("²", maximum=10) == 1 and page_number(None, maximum=10) == 1


def test_text_with_a_lone_surrogate_or_a_nul_is_named():
    assert text_problem("Lunch plans ☕") is None
    assert "surrogate" in text_problem("a\ud800b")
    assert "NUL" in text_problem("a\x00b")
    assert int_fits(BIGINT_MAX) and not int_fits(BIGINT_MAX + 1)
