"""``hearth.core.timesince`` writes exactly what Django's ``timesince`` writes."""

from datetime import timedelta

from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.timesince import timesince as django_timesince

from hearth.core.timesince import timesince

STEPS = [timedelta(seconds=s) for s in (0, 30, 59, 60, 61, 3599, 3600, 7322, 86399)] + [
    timedelta(days=d, hours=h) for d in (1, 2, 6, 7, 13, 29, 31, 45, 364, 365, 800) for h in (0, 5)
]


def test_the_same_text_as_django_in_every_unit_and_language():
    now = timezone.now()
    for language in ("en-gb", "fr", "de"):
        with translation.override(language):
            for step in STEPS:
                moment = now - step
                assert timesince(moment, now) == django_timesince(moment, now), (language, step)
                assert timesince(moment, now, depth=1) == django_timesince(moment, now, depth=1)
            future = now + timedelta(hours=3)
            assert timesince(future, now) == django_timesince(future, now)


def test_the_template_filter_of_hearth_matches_django_s():
    moment = timezone.now() - timedelta(days=3, hours=4)
    ours = Template("{% load hearth %}{{ d|timesince }}|{{ None|timesince }}")
    theirs = Template("{{ d|timesince }}|{{ None|timesince }}")
    context = Context({"d": moment})
    assert ours.render(context) == theirs.render(context) == django_timesince(moment) + "|"
