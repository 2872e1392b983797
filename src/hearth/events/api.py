"""API for events and RSVPs: thin, through the same selectors and services as the pages.

Times come back in UTC with the event's IANA zone; a new event's `starts_at` and
`ends_at` may be local wall-clock times (no offset), read in its `timezone`.
"""

from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.access.actor import Actor
from hearth.core.errors import Invalid, NotFound
from hearth.core.schemas import ERRORS, choices_named
from hearth.events import selectors, services
from hearth.events.models import Event, Rsvp
from hearth.spaces import selectors as space_selectors

EventKind = choices_named(Event.Kind, "EventKind")

MAX_PAGE = 100

space_events = Router(tags=["events"])
events = Router(tags=["events"])


class EventIn(Schema):
    title: str
    kind: EventKind = Event.Kind.MEETING
    starts_at: datetime = Field(..., description="Local time in `timezone`, or with an offset")
    ends_at: datetime = Field(..., description="After `starts_at`")
    timezone: str = Field(..., description="IANA name, e.g. Europe/Paris")
    online_url: str = Field("", description="http:// or https:// only")
    place: str = ""
    agenda: str = Field("", description="Markdown")
    capacity: int | None = Field(None, description="Going answers allowed; none for no limit")


class EventOut(Schema):
    id: int
    space: str
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    online_url: str
    place: str
    host: str | None = Field(..., description="The host's username")
    agenda: str
    capacity: int | None
    going_count: int
    maybe_count: int
    notes: str
    recording_url: str
    cancelled_at: datetime | None
    cancel_reason: str
    ics_url: str

    @staticmethod
    def resolve_space(obj) -> str:
        return obj.space.slug

    @staticmethod
    def resolve_timezone(obj) -> str:
        return obj.time_zone

    @staticmethod
    def resolve_host(obj) -> str | None:
        return obj.host.username if obj.host_id else None

    @staticmethod
    def resolve_ics_url(obj) -> str:
        return f"/events/{obj.pk}/event.ics"


class CancelIn(Schema):
    reason: str = Field(..., description="Told to those going or maybe going; 3 to 500 characters")


class RsvpIn(Schema):
    response: Rsvp.Response


class RsvpOut(Schema):
    event_id: int
    response: str
    going_count: int
    maybe_count: int
    capacity: int | None


def _details(payload: EventIn) -> dict:
    """The service's keyword arguments for an event, from the request body."""
    details = payload.dict()
    details["timezone_name"] = details.pop("timezone")
    return details


def _event(actor: Actor, event_id: int) -> Event:
    try:
        return selectors.event_get(actor=actor, event_id=event_id)
    except NotFound as error:
        raise NotFound("No such event.") from error


@space_events.get("/{slug}/events", response={200: list[EventOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def space_event_list(request, slug: str, when: str = "upcoming"):
    """The space's events: `when` is upcoming (soonest first), past or all."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    if when not in ("upcoming", "past", "all"):
        raise Invalid("when is upcoming, past or all.", field="when")
    return selectors.event_list(
        actor=request.actor, space=space, when="" if when == "all" else when
    )


@space_events.post("/{slug}/events", response={201: EventOut, **ERRORS})
def space_event_create(request, slug: str, payload: EventIn):
    """Plan an event; members of the space only. The organiser hosts it."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    event = services.event_create(actor=request.actor, space=space, **_details(payload), via="api")
    return Status(201, _event(request.actor, event.pk))


@events.get("/{event_id}", response={200: EventOut, **ERRORS})
def event_get(request, event_id: int):
    return _event(request.actor, event_id)


@events.put("/{event_id}", response={200: EventOut, **ERRORS})
def event_update(request, event_id: int, payload: EventIn):
    """Change an event (the whole of it, as when planning): its host, organiser, or
    the space's facilitators and leaders. A new time or place is announced to those
    coming; an event that is over or cancelled is refused (409)."""
    event = _event(request.actor, event_id)
    services.event_update(actor=request.actor, event=event, **_details(payload), via="api")
    return _event(request.actor, event_id)


@events.post("/{event_id}/cancel", response={200: EventOut, **ERRORS})
def event_cancel(request, event_id: int, payload: CancelIn):
    """Cancel an event with a reason; a second cancellation is refused (409)."""
    event = _event(request.actor, event_id)
    services.event_cancel(actor=request.actor, event=event, reason=payload.reason, via="api")
    return _event(request.actor, event_id)


@events.post("/{event_id}/rsvp", response={200: RsvpOut, **ERRORS})
def event_rsvp(request, event_id: int, payload: RsvpIn):
    """Answer going, maybe or no; going past the capacity is refused (409)."""
    event = _event(request.actor, event_id)
    rsvp = services.event_rsvp(
        actor=request.actor, event=event, response=payload.response, via="api"
    )
    return {
        "event_id": event.pk,
        "response": rsvp.response,
        "going_count": event.going_count,
        "maybe_count": event.maybe_count,
        "capacity": event.capacity,
    }


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", space_events),
    ("/events", events),
]
