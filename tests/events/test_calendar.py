"""The .ics files and feeds parse with the icalendar package, at the right times
across time zones and a daylight-saving change; feeds follow the policy."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.test import Client

from hearth.core.errors import Invalid
from hearth.events import services
from hearth.spaces.models import Membership
from tests.conftest import actor_of, client_for
from tests.factories import event_make, person_make, space_make

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def _events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


@time_machine.travel(NOW, tick=False)
def test_event_files_carry_local_times_that_convert_to_the_right_instants():
    leader = person_make()
    space = space_make(leader=leader)
    paris = event_make(
        space=space,
        host=leader,
        title="Paris stand-up",
        starts_at=datetime(2027, 3, 15, 9, 0),
        timezone_name="Europe/Paris",
    )
    new_york = event_make(
        space=space,
        host=leader,
        title="New York stand-up",
        starts_at=datetime(2027, 3, 15, 9, 0),
        timezone_name="America/New_York",
    )
    # Paris is UTC+1 in winter; New York already moved to UTC-4 on 14 March 2027.
    assert paris.starts_at == datetime(2027, 3, 15, 8, 0, tzinfo=UTC)
    assert new_york.starts_at == datetime(2027, 3, 15, 13, 0, tzinfo=UTC)
    client = client_for(leader)
    for event, zone, utc_hour in ((paris, "Europe/Paris", 8), (new_york, "America/New_York", 13)):
        response = client.get(f"/events/{event.pk}/event.ics")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.content)
        vevent = next(iter(calendar.walk("VEVENT")))
        start = vevent.decoded("dtstart")
        assert vevent["dtstart"].params["TZID"] == zone
        assert (start.hour, start.minute) == (9, 0)
        assert start.astimezone(UTC) == datetime(2027, 3, 15, utc_hour, 0, tzinfo=UTC)
        assert vevent.decoded("dtend") - start == timedelta(hours=1)
        assert str(vevent["uid"]) == f"event-{event.pk}@hearth"
        assert zone in {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")}


@time_machine.travel(NOW, tick=False)
def test_an_event_across_the_daylight_saving_change_keeps_its_wall_clock_times():
    leader = person_make()
    space = space_make(leader=leader)
    # Clocks in Paris go from 02:00 to 03:00 on Sunday 28 March 2027.
    event = event_make(
        space=space,
        host=leader,
        title="Weekend hackathon",
        starts_at=datetime(2027, 3, 27, 9, 0),
        ends_at=datetime(2027, 3, 28, 9, 0),
        timezone_name="Europe/Paris",
    )
    assert event.ends_at - event.starts_at == timedelta(hours=23)
    vevent = _events(client_for(leader).get(f"/events/{event.pk}/event.ics").content)[
        "Weekend hackathon"
    ]
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert (start.hour, end.hour) == (9, 9)
    assert start.utcoffset() == timedelta(hours=1) and end.utcoffset() == timedelta(hours=2)
    assert end.astimezone(UTC) == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)
    with pytest.raises(Invalid, match="does not exist"):
        event_make(
            space=space,
            host=leader,
            starts_at=datetime(2027, 3, 28, 2, 30),
            timezone_name="Europe/Paris",
        )


@time_machine.travel(NOW, tick=False)
def test_the_space_feed_needs_a_live_secret_and_lists_only_what_its_owner_may_read():
    leader, member = person_make(), person_make()
    private = space_make(visibility="private", leader=leader, slug="board-room")
    open_space = space_make(leader=leader, slug="town-hall")
    Membership.objects.create(space=private, user=member, role="member")
    event_make(
        space=private,
        host=leader,
        title="Board prep",
        starts_at=datetime(2027, 3, 10, 10, 0),
        timezone_name="Europe/Paris",
    )
    event_make(
        space=open_space,
        host=leader,
        title="Town hall",
        starts_at=datetime(2027, 3, 11, 15, 0),
        timezone_name="America/New_York",
    )
    secret = services.calendar_feed_token_issue(actor=actor_of(member))
    anonymous = Client()  # a calendar program: no session
    response = anonymous.get(f"/calendar/{secret}/s/board-room.ics")
    assert response.status_code == 200
    assert set(_events(response.content)) == {"Board prep"}
    assert _events(response.content)["Board prep"].decoded("dtstart").hour == 10
    # The owner's own spaces only in "mine"; an open space's feed by its slug.
    assert set(_events(anonymous.get(f"/calendar/{secret}/mine.ics").content)) == {"Board prep"}
    assert set(_events(anonymous.get(f"/calendar/{secret}/s/town-hall.ics").content)) == {
        "Town hall"
    }
    # Someone else's secret does not open a private space's calendar.
    other = services.calendar_feed_token_issue(actor=actor_of(person_make()))
    assert anonymous.get(f"/calendar/{other}/s/board-room.ics").status_code == 404
    assert anonymous.get("/calendar/cal_wrong/s/board-room.ics").status_code == 404
    # Access is asked again at each request: after leaving, the feed is gone.
    Membership.objects.filter(space=private, user=member).delete()
    assert anonymous.get(f"/calendar/{secret}/s/board-room.ics").status_code == 404
    assert "Board prep" not in _events(anonymous.get(f"/calendar/{secret}/mine.ics").content)
    # Revoking (or a new secret) ends the old URL.
    newer = services.calendar_feed_token_issue(actor=actor_of(member))
    assert anonymous.get(f"/calendar/{secret}/s/town-hall.ics").status_code == 404
    assert anonymous.get(f"/calendar/{newer}/s/town-hall.ics").status_code == 200
    services.calendar_feed_token_revoke(actor=actor_of(member))
    assert anonymous.get(f"/calendar/{newer}/s/town-hall.ics").status_code == 404


def test_the_calendar_settings_page_shows_new_links_once():
    member = person_make()
    space_make(leader=member, slug="crafts")
    client = client_for(member)
    assert client.get("/events/calendar/").status_code == 200
    response = client.post("/events/calendar/token/", follow=True)
    assert b"/calendar/cal_" in response.content and b"crafts.ics" in response.content
    assert b"/calendar/cal_" not in client.get("/events/calendar/").content
    client.post("/events/calendar/token/", {"revoke": "1"})
    assert not member.calendar_feed_tokens.filter(revoked_at=None).exists()
