"""``timesince`` as Django writes it, with its phrases kept once translated.

Django's ``timesince`` translates "%(num)d minutes" and the like anew at every
call (a lazy ``ngettext`` each); a list of 20 conversations calls it 20 times a
page. The phrase depends only on the language and the number, so each is kept
per (language, number) and the result is the same text, character for character.
"""

from django.utils import timesince as django_timesince
from django.utils.translation import get_language


class _Phrase:
    """One of Django's ``TIME_STRINGS``: ``phrase % {"num": n}``, kept per language."""

    def __init__(self, lazy):
        self.lazy = lazy
        self.memo: dict[tuple[str | None, int], str] = {}

    def __mod__(self, params: dict) -> str:
        key = (get_language(), params["num"])
        try:
            return self.memo[key]
        except KeyError:
            text = self.memo[key] = str(self.lazy % params)
            return text


TIME_STRINGS = {name: _Phrase(lazy) for name, lazy in django_timesince.TIME_STRINGS.items()}


def timesince(d, now=None, reversed=False, depth=2) -> str:  # noqa: A002  (Django's name)
    return django_timesince.timesince(
        d, now, reversed=reversed, time_strings=TIME_STRINGS, depth=depth
    )
