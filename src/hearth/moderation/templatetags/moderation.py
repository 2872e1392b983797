"""Template helpers of moderation: the banner of a silenced or banned person, and
durations in words."""

from datetime import timedelta

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """“3 h 20 min”, “2 d 4 h”, “45 s”."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min" if minutes else f"{seconds} s"


@register.simple_tag(takes_context=True)
def moderation_banner(context) -> str:
    """Tell a silenced or banned person, on every page, why and until when. No query
    for people without restrictions (``User.has_restrictions``)."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if actor is None or not getattr(request.user, "has_restrictions", False):
        return ""
    sanctions = actor.restrictions
    if not sanctions:
        return ""
    return render_to_string("moderation/_banner.html", {"sanctions": sanctions})
