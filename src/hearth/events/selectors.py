"""Reads for events, always through the visibility policy."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import NotFound
from hearth.events.models import CalendarFeedToken, Event, Rsvp, feed_token_hash
from hearth.spaces.models import Space


def event_get(*, actor: Actor, event_id: int) -> Event:
    """The event, or NotFound when missing or in a space the actor may not know."""
    event = Event.objects.select_related("space", "host").filter(pk=event_id).first()
    if event is None or not policy.can_see_space(actor, event.space):
        raise NotFound("No such event.")
    policy.require_read_space(actor, event.space)
    return event


def event_list(*, actor: Actor, space=None, when: str = "") -> QuerySet:
    """Events the actor may read: ``when`` "upcoming" (soonest first) or "past"
    (latest first); all otherwise."""
    events = Event.objects.visible_to(actor).select_related("space", "host")
    if space is not None:
        policy.require_read_space(actor, space)
        events = events.filter(space=space)
    now = timezone.now()
    if when == "upcoming":
        return events.filter(ends_at__gt=now).order_by("starts_at", "id")
    if when == "past":
        return events.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    return events.order_by("starts_at", "id")


def my_rsvps(*, actor: Actor, event_ids: list[int]) -> dict[int, str]:
    if not actor.user_id or not event_ids:
        return {}
    return dict(
        Rsvp.objects.filter(user_id=actor.user_id, event_id__in=event_ids).values_list(
            "event_id", "response"
        )
    )


def attendee_list(*, actor: Actor, event: Event) -> QuerySet:
    policy.require_read_space(actor, event.space)
    return (
        Rsvp.objects.filter(event=event)
        .exclude(response=Rsvp.Response.NO)
        .select_related("user")
        .order_by("response", "user__display_name")
    )


def feed_owner(*, secret: str):
    """The person a calendar feed secret belongs to, or NotFound (revoked, unknown,
    or the person is no longer active)."""
    token = (
        CalendarFeedToken.objects.select_related("user")
        .filter(key_hash=feed_token_hash(secret or ""), revoked_at=None)
        .first()
    )
    if token is None or not token.user.is_active:
        raise NotFound("No such calendar.")
    return token.user


def feed_events(*, owner, space_slug: str | None) -> tuple[str, QuerySet]:
    """The events a feed lists, asked of the policy for the feed's owner now: one
    space's (that they may read), or every space they belong to."""
    actor = Actor.for_user(owner)
    since = timezone.now() - timedelta(days=90)
    events = (
        Event.objects.visible_to(actor).select_related("space", "host").filter(ends_at__gte=since)
    )
    if space_slug is None:
        return "Hearth: my spaces", events.filter(space_id__in=list(actor.roles))
    space = Space.objects.filter(slug=space_slug).first()
    if space is None or not policy.can_read_space(actor, space):
        raise NotFound("No such calendar.")
    return f"Hearth: {space.name}", events.filter(space=space)
