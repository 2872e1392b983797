"""Event pages: a space's upcoming and past events, an event with RSVP (swapped in
place by htmx), its .ics file, and the subscribable calendar feeds."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hearth.access import policy
from hearth.core.errors import HearthError
from hearth.core.pages import form_error_add, is_htmx
from hearth.events import policies, selectors, services
from hearth.events.calendar import calendar_bytes
from hearth.events.forms import CancelForm, EventForm, NotesForm
from hearth.events.models import Rsvp
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context

ICS = "text/calendar; charset=utf-8"


def _local(event):
    """Start and end at the event's own wall clock, for pages (naive, so that
    templates do not convert them to the server's zone)."""
    zone = ZoneInfo(event.time_zone)
    event.local_start = event.starts_at.astimezone(zone).replace(tzinfo=None)
    event.local_end = event.ends_at.astimezone(zone).replace(tzinfo=None)
    return event


def space_events(request, slug: str):
    actor = request.actor
    space = space_selectors.space_get(actor=actor, slug=slug)
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    rows = selectors.event_list(actor=actor, space=space, when=when)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    events = [_local(e) for e in page.object_list]
    answers = selectors.my_rsvps(actor=actor, event_ids=[e.pk for e in events])
    for event in events:
        event.my_response = answers.get(event.pk)
    context = space_page_context(request, space)
    context.update(
        {
            "page": page,
            "events": events,
            "when": when,
            "can_create": policies.can_create_event(actor, space),
        }
    )
    return render(request, "events/space_list.html", context)


def create(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_post_in_space(request.actor, space)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(actor=request.actor, space=space, **_event_fields(data))
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, "The event is planned. Members can now answer.")
            return redirect(event)
    return render(
        request,
        "events/form.html",
        {"form": form, "space": space},
        status=400 if request.method == "POST" else 200,
    )


def _event_fields(data) -> dict:
    return {
        "title": data["title"],
        "kind": data["kind"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "timezone_name": data["timezone"],
        "online_url": data["online_url"],
        "place": data["place"],
        "agenda": data["agenda"],
        "capacity": data["capacity"],
    }


def edit(request, event_id: int):
    """Change an event: its host, organiser, facilitators and leaders."""
    event = _local(selectors.event_get(actor=request.actor, event_id=event_id))
    policies.require_edit_event(request.actor, event)
    initial = {
        "title": event.title,
        "kind": event.kind,
        "starts_at": event.local_start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": event.local_end.strftime("%Y-%m-%dT%H:%M"),
        "timezone": event.time_zone,
        "online_url": event.online_url,
        "place": event.place,
        "agenda": event.agenda,
        "capacity": event.capacity,
    }
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.actor, event=event, **_event_fields(form.cleaned_data)
            )
        except HearthError as error:
            if error.status in (403, 404):
                raise
            form_error_add(form, error)
        else:
            messages.success(request, "Saved; those coming hear of a new time or place.")
            return redirect(event)
    return render(
        request,
        "events/form.html",
        {"form": form, "space": event.space, "event": event, "cancel_form": CancelForm()},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def cancel(request, event_id: int):
    event = selectors.event_get(actor=request.actor, event_id=event_id)
    policies.require_edit_event(request.actor, event)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say in 3 to 500 characters why the event is cancelled.")
        return redirect("events:edit", event.pk)
    try:
        services.event_cancel(actor=request.actor, event=event, reason=form.cleaned_data["reason"])
    except HearthError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, error.message)
        return redirect("events:edit", event.pk)
    messages.success(request, "The event is cancelled; those coming are told.")
    return redirect(event)


def _rsvp_context(request, event, *, error: str = "") -> dict:
    answers = selectors.my_rsvps(actor=request.actor, event_ids=[event.pk])
    return {
        "event": event,
        "my_response": answers.get(event.pk),
        "responses": Rsvp.Response.choices,
        "rsvp_error": error,
        "can_rsvp": policies.can_rsvp(request.actor, event),
    }


def detail(request, event_id: int):
    actor = request.actor
    event = _local(selectors.event_get(actor=actor, event_id=event_id))
    context = _rsvp_context(request, event)
    context.update(
        {
            "space": event.space,
            "attendees": list(selectors.attendee_list(actor=actor, event=event)[:200]),
            "can_edit": policies.can_edit_event(actor, event),
            "notes_form": NotesForm(
                initial={"notes": event.notes, "recording_url": event.recording_url}
            ),
            "started": event.starts_at <= timezone.now(),
            "can_change": policies.can_edit_event(actor, event)
            and not event.is_cancelled
            and not event.is_over(),
        }
    )
    return render(request, "events/detail.html", context)


@require_POST
def rsvp(request, event_id: int):
    event = _local(selectors.event_get(actor=request.actor, event_id=event_id))
    error = ""
    try:
        services.event_rsvp(
            actor=request.actor, event=event, response=request.POST.get("response", "")
        )
    except HearthError as refused:
        if not is_htmx(request):
            raise
        error = refused.message
    if is_htmx(request):
        return render(
            request,
            "events/_rsvp.html",
            _rsvp_context(request, event, error=error),
            status=409 if error else 200,
        )
    messages.success(request, "Your answer is saved.")
    return redirect(event)


@require_POST
def notes(request, event_id: int):
    event = selectors.event_get(actor=request.actor, event_id=event_id)
    form = NotesForm(request.POST)
    policies.require_edit_event(request.actor, event)
    if form.is_valid():
        try:
            services.event_notes_save(
                actor=request.actor,
                event=event,
                notes=form.cleaned_data["notes"],
                recording_url=form.cleaned_data["recording_url"],
            )
        except HearthError as error:
            if error.status == 403:
                raise
            messages.error(request, error.message)
        else:
            messages.success(request, "The notes are saved.")
    else:
        messages.error(request, "The notes are too long.")
    return redirect(event)


@require_GET
def event_ics(request, event_id: int):
    event = selectors.event_get(actor=request.actor, event_id=event_id)
    response = HttpResponse(calendar_bytes([event], name=event.title), content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def calendar_settings(request):
    """The person's feed URLs: a new secret is shown once, after it is issued."""
    actor = request.actor
    secret = request.session.pop("calendar_feed_secret", None)
    spaces = list(space_selectors.space_list(actor=actor, mine=True)[:100])
    active = actor.user.calendar_feed_tokens.filter(revoked_at=None).first()
    return render(
        request,
        "events/calendar.html",
        {
            "secret": secret,
            "spaces": spaces,
            "active": active,
            "base": request.build_absolute_uri("/")[:-1],
        },
    )


@require_POST
def calendar_token(request):
    if request.POST.get("revoke") == "1":
        services.calendar_feed_token_revoke(actor=request.actor)
        messages.success(request, "Your calendar feed links no longer work.")
    else:
        request.session["calendar_feed_secret"] = services.calendar_feed_token_issue(
            actor=request.actor
        )
        messages.success(request, "Here are your new feed links; earlier ones no longer work.")
    return redirect("events:calendar")


@login_not_required
@never_cache
@require_GET
def feed(request, secret: str, slug: str | None = None):
    """A subscribable calendar: the secret names a person, and the policy decides,
    now, what that person may read."""
    owner = selectors.feed_owner(secret=secret)
    name, events = selectors.feed_events(owner=owner, space_slug=slug)
    response = HttpResponse(calendar_bytes(list(events[:500]), name=name), content_type=ICS)
    response["Content-Disposition"] = 'inline; filename="hearth.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
