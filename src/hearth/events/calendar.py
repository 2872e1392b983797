"""iCalendar files for events, written with the `icalendar` package.

Each event carries its start and end in the organiser's IANA zone (with the
matching VTIMEZONE), so calendar programs place it right across daylight-saving
changes and show it in each reader's own zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from hearth.events.models import Event

PRODID = "-//Hearth//Events//EN"


def _vevent(event: Event, *, stamp) -> icalendar.Event:
    zone = ZoneInfo(event.time_zone)
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.title)
    vevent.add("last-modified", event.updated_at)
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    url = f"{settings.HEARTH_BASE_URL}{event.get_absolute_url()}"
    vevent.add("url", url)
    description = [event.get_kind_display() + f" in {event.space.name}."]
    if event.is_cancelled:
        description.insert(0, f"Cancelled: {event.cancel_reason}")
    if event.agenda:
        description.append(event.agenda)
    if event.online_url:
        description.append(f"Join: {event.online_url}")
    description.append(f"Details and RSVP: {url}")
    vevent.add("description", "\n\n".join(description))
    vevent.add("location", event.place or event.online_url or "")
    if event.host_id:
        vevent.add(
            "organizer", f"mailto:{event.host.email}", parameters={"cn": event.host.display_name}
        )
    return vevent


def calendar_bytes(events: Iterable[Event], *, name: str) -> bytes:
    """An iCalendar document (RFC 5545) with these events and their time zones."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        cal.add_component(_vevent(event, stamp=stamp))
    cal.add_missing_timezones()
    return cal.to_ical()
