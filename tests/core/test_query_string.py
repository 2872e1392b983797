"""Links that change one parameter of the current query string keep the rest, in
their places, encoded as a browser would send them."""

import pytest
from django.http import QueryDict

from hearth.core.templatetags.hearth import query_string


@pytest.mark.parametrize(
    ("current", "changes", "expected"),
    [
        ("q=a+b&page=2&kind=x", {"page": 3}, "?q=a+b&page=3&kind=x"),
        ("q=%C3%A9t%C3%A9&kind=reply", {"kind": "", "page": ""}, "?q=%C3%A9t%C3%A9"),
        ("", {"page": 2}, "?page=2"),
        ("tag=a&tag=b&q=z", {"tag": "c"}, "?tag=c&q=z"),
        ("q=a&x=", {"kind": "question", "page": None}, "?q=a&x=&kind=question"),
        ("a=1", {"a": None}, "?"),
        ("q=%3Cscript%3E%26", {"page": 2}, "?q=%3Cscript%3E%26&page=2"),
    ],
)
def test_one_parameter_changes_and_the_rest_stays(current, changes, expected):
    assert query_string(QueryDict(current), **changes) == expected
