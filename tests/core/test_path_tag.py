"""``{% path %}``: the same address as ``{% url %}``, for names with and without
arguments, and an unknown name fails as loudly."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse


def _render(source: str) -> str:
    return Template("{% load hearth %}" + source).render(Context({"slug": "x-team"}))


def test_path_gives_the_address_url_gives():
    for _ in range(2):  # the second time from the process's memo
        assert _render("{% path 'home' %}") == reverse("home")
        assert _render("{% path 'spaces:join' slug %}") == reverse("spaces:join", args=["x-team"])
        assert _render("{% path 'spaces:join' 'other' %}") == "/s/other/join/"
    directory = reverse("spaces:directory")
    assert _render("{% path 'spaces:directory' as where %}{{ where }}") == directory


def test_an_unknown_name_is_an_error_as_with_url():
    with pytest.raises(NoReverseMatch):
        _render("{% path 'no-such-page' %}")
