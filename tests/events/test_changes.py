"""Changing and cancelling an event: who may, what attendees hear, what calendars see,
and bad input refused with nothing changed."""

import json
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.utils import timezone

from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.events import jobs, services
from hearth.events.models import Event, EventReminder
from hearth.notifications.models import Notification
from tests.conftest import ApiClient, actor_of, client_for
from tests.factories import event_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db

START = datetime(2030, 6, 3, 9, 0)  # a Monday, local time in Europe/Paris (UTC+2)


@pytest.fixture
def party():
    leader, host, member, coming = (person_make() for _ in range(4))
    space = space_make(leader=leader, visibility="restricted")
    for person in (member, coming):
        membership_make(space=space, user=person)
    event = event_make(
        space=space,
        host=host,
        title="Lean coffee",
        starts_at=START,
        ends_at=START + timedelta(hours=1),
        capacity=5,
    )
    services.event_rsvp(actor=actor_of(coming), event=event, response="going")
    return {
        "space": space,
        "leader": leader,
        "host": host,
        "member": member,
        "coming": coming,
        "event": event,
    }


def _change(actor, event, **changes):
    fields = {
        "title": event.title,
        "kind": event.kind,
        "starts_at": START,
        "ends_at": START + timedelta(hours=1),
        "timezone_name": "Europe/Paris",
        "online_url": event.online_url,
        "place": event.place,
        "agenda": event.agenda,
        "capacity": event.capacity,
    }
    fields.update(changes)
    return services.event_update(actor=actor_of(actor), event=event, **fields)


def _state(event) -> tuple:
    row = Event.objects.get(pk=event.pk)
    return (
        row.title,
        row.starts_at,
        row.ends_at,
        row.place,
        row.capacity,
        row.sequence,
        row.cancelled_at,
    )


def test_host_moves_the_event_attendees_hear_and_reminders_start_again(party, worker):
    event, coming = party["event"], party["coming"]
    EventReminder.objects.create(event=event, user=coming)
    later = START + timedelta(days=1, hours=5)
    with worker():  # those coming are told by the worker, after the commit
        changed = _change(
            party["host"],
            event,
            starts_at=later,
            ends_at=later + timedelta(hours=2),
            place="Hall B",
        )
        assert not Notification.objects.filter(kind="event_change").exists()
    assert changed.starts_at == datetime(2030, 6, 4, 12, 0, tzinfo=UTC)
    assert changed.place == "Hall B" and changed.sequence == 1
    assert not EventReminder.objects.filter(event=event).exists()
    notice = Notification.objects.get(recipient=coming, kind="event_change")
    assert "Tuesday 04 June at 14:00" in notice.text and "Hall B" in notice.text
    # The host changed their own event: nothing privileged, nothing audited.
    assert not AuditEntry.objects.exists()


def test_a_new_agenda_alone_is_not_announced(party):
    changed = _change(party["host"], party["event"], agenda="1. Welcome\n2. Topics")
    assert changed.sequence == 0 and "<li>Welcome</li>" in changed.agenda_html
    assert not Notification.objects.filter(kind="event_change").exists()


def test_a_facilitator_changing_someone_elses_event_is_audited(party):
    _change(
        party["leader"],
        party["event"],
        title="Lean coffee, longer",
        ends_at=START + timedelta(hours=2),
    )
    entry = AuditEntry.objects.get(action="event.update")
    assert entry.before["title"] == "Lean coffee"
    assert entry.after["title"] == "Lean coffee, longer" and entry.as_role == ""


def test_bad_changes_are_refused_and_nothing_changes(party):
    event = party["event"]
    before = _state(event)
    refusals = [
        ({"ends_at": START - timedelta(hours=1)}, "ends_at"),
        ({"title": "x"}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"timezone_name": "Nowhere/Else"}, "timezone"),
        ({"place": "", "online_url": ""}, "online_url"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"capacity": 0}, "capacity"),
        ({"kind": "party"}, "kind"),
    ]
    for changes, field in refusals:
        with pytest.raises(Invalid) as error:
            _change(party["host"], event, **changes)
        assert error.value.field == field, changes
    services.event_rsvp(actor=actor_of(party["member"]), event=event, response="going")
    with pytest.raises(Invalid, match="2 people are already going"):
        _change(party["host"], event, capacity=1)
    with pytest.raises(Forbidden):
        _change(party["member"], event, title="Hijacked")
    with pytest.raises(Forbidden):
        _change(person_make(), event, title="Outsider")
    assert _state(event) == before
    assert not AuditEntry.objects.exists()


def test_an_event_over_or_cancelled_is_not_changed(party):
    event = party["event"]
    with (
        time_machine.travel(event.ends_at + timedelta(minutes=1)),
        pytest.raises(Conflict, match="over"),
    ):
        _change(party["host"], event, title="Too late")
    services.event_cancel(actor=actor_of(party["host"]), event=event, reason="Room flooded.")
    with pytest.raises(Conflict, match="cancelled"):
        _change(party["host"], event, title="Revived")
    assert Event.objects.get(pk=event.pk).title == "Lean coffee"


def test_cancel_tells_those_coming_stops_answers_and_reminders(party, worker):
    event, coming = party["event"], party["coming"]
    for reason in ("", "no", "x" * 501):
        with pytest.raises(Invalid):
            services.event_cancel(actor=actor_of(party["host"]), event=event, reason=reason)
    with pytest.raises(Forbidden):
        services.event_cancel(actor=actor_of(party["member"]), event=event, reason="Not mine.")
    assert Event.objects.get(pk=event.pk).cancelled_at is None

    with worker():
        services.event_cancel(actor=actor_of(party["leader"]), event=event, reason="Room flooded.")
    event.refresh_from_db()
    assert event.is_cancelled and event.cancel_reason == "Room flooded." and event.sequence == 1
    assert "Room flooded." in Notification.objects.get(recipient=coming, kind="event_change").text
    assert AuditEntry.objects.get(action="event.cancel").as_role == ""
    with pytest.raises(Conflict, match="cancelled"):
        services.event_rsvp(actor=actor_of(party["member"]), event=event, response="going")
    with pytest.raises(Conflict, match="already cancelled"):
        services.event_cancel(actor=actor_of(party["host"]), event=event, reason="Again.")
    with time_machine.travel(event.starts_at - timedelta(hours=2)):
        assert jobs.event_reminders_send(event_id=event.pk) == 0


def test_only_the_latest_news_goes_out_and_never_twice(party, worker):
    """A change followed by a cancellation tells only of the cancellation; a rerun of
    the task tells nobody twice."""
    event, coming = party["event"], party["coming"]
    with worker():
        later = START + timedelta(hours=4)
        _change(party["host"], event, starts_at=later, ends_at=later + timedelta(hours=1))
        services.event_cancel(actor=actor_of(party["host"]), event=event, reason="Snow day.")
    texts = list(
        Notification.objects.filter(recipient=coming, kind="event_change").values_list(
            "text", flat=True
        )
    )
    assert len(texts) == 1 and "Snow day." in texts[0]
    event.refresh_from_db()
    rerun = jobs.event_attendees_tell(
        event_id=event.pk, sequence=event.sequence, actor_id=party["host"].pk, text=texts[0]
    )
    assert rerun == 0


def test_calendar_files_carry_the_sequence_and_the_cancellation(party):
    event, host = party["event"], party["host"]
    later = START + timedelta(hours=3)
    _change(host, event, starts_at=later, ends_at=later + timedelta(hours=1))
    services.event_cancel(actor=actor_of(host), event=event, reason="Speaker ill.")
    response = client_for(party["coming"]).get(f"/events/{event.pk}/event.ics")
    vevent = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(vevent["status"]) == "CANCELLED" and int(vevent["sequence"]) == 2
    assert vevent.decoded("dtstart") == datetime(2030, 6, 3, 10, 0, tzinfo=UTC)  # 12:00 Paris
    assert "Speaker ill." in str(vevent["description"])


def test_pages_change_and_cancel(party):
    event, host = party["event"], party["host"]
    page = client_for(host).get(f"/events/{event.pk}/edit/")
    assert page.status_code == 200 and 'value="2030-06-03T09:00"' in page.content.decode()
    assert "Change or cancel" in client_for(host).get(f"/events/{event.pk}/").content.decode()
    assert (
        "Change or cancel"
        not in client_for(party["member"]).get(f"/events/{event.pk}/").content.decode()
    )
    assert client_for(party["member"]).get(f"/events/{event.pk}/edit/").status_code == 403
    assert client_for(person_make()).get(f"/events/{event.pk}/edit/").status_code == 403

    form = {
        "title": "Lean coffee",
        "kind": "meeting",
        "starts_at": "2030-06-03T10:00",
        "ends_at": "2030-06-03T09:00",
        "timezone": "Europe/Paris",
        "place": "Room 4",
    }
    bad = client_for(host).post(f"/events/{event.pk}/edit/", form)
    assert bad.status_code == 400 and "must end after it starts" in bad.content.decode()
    form["ends_at"] = "2030-06-03T11:00"
    assert client_for(host).post(f"/events/{event.pk}/edit/", form).status_code == 302
    assert Event.objects.get(pk=event.pk).starts_at == datetime(2030, 6, 3, 8, 0, tzinfo=UTC)

    assert (
        client_for(party["member"])
        .post(f"/events/{event.pk}/cancel/", {"reason": "Mine now."})
        .status_code
        == 403
    )
    client_for(host).post(f"/events/{event.pk}/cancel/", {"reason": ""})
    assert Event.objects.get(pk=event.pk).cancelled_at is None
    client_for(host).post(f"/events/{event.pk}/cancel/", {"reason": "Speaker ill."})
    shown = client_for(party["coming"]).get(f"/events/{event.pk}/").content.decode()
    assert "Cancelled" in shown and "Speaker ill." in shown and "This event is cancelled" in shown


def test_private_events_are_not_found_by_outsiders(party):
    hidden = space_make(visibility="private", leader=party["leader"])
    event = event_make(space=hidden, host=party["leader"], title="Board prep")
    with pytest.raises(NotFound):
        services.event_cancel(actor=actor_of(party["member"]), event=event, reason="Nope.")
    assert client_for(party["member"]).get(f"/events/{event.pk}/edit/").status_code == 404
    assert (
        ApiClient(party["member"])
        .post(f"/events/{event.pk}/cancel", {"reason": "Nope."})
        .status_code
        == 404
    )


def test_api_change_and_cancel_with_bad_input(party):
    event, host = party["event"], party["host"]
    api = ApiClient(host)

    def put(body):
        return api.client.put(
            f"/api/v1/events/{event.pk}",
            json.dumps(body),
            content_type="application/json",
            headers=api.headers,
        )

    good = {
        "title": "Lean coffee",
        "kind": "meeting",
        "starts_at": "2030-06-03T09:30:00",
        "ends_at": "2030-06-03T10:30:00",
        "timezone": "Europe/Paris",
        "place": "Room 4",
        "capacity": 5,
    }
    for bad in (
        {**good, "ends_at": "2030-06-03T09:00:00"},
        {**good, "capacity": "many"},
        {**good, "timezone": "Mars/Base"},
        {k: v for k, v in good.items() if k != "title"},
    ):
        response = put(bad)
        assert 400 <= response.status_code < 500 and "detail" in response.json(), bad
    assert _state(event)[1] == datetime(2030, 6, 3, 7, 0, tzinfo=UTC)
    response = put(good)
    assert response.status_code == 200, response.json()
    assert response.json()["starts_at"].startswith("2030-06-03T07:30:00")
    assert (
        ApiClient(party["member"])
        .post(f"/events/{event.pk}/cancel", {"reason": "Not mine."})
        .status_code
        == 403
    )
    assert api.post(f"/events/{event.pk}/cancel", {}).status_code == 422
    cancelled = api.post(f"/events/{event.pk}/cancel", {"reason": "Moved online."})
    assert cancelled.status_code == 200 and cancelled.json()["cancel_reason"] == "Moved online."
    assert api.post(f"/events/{event.pk}/cancel", {"reason": "Again."}).status_code == 409
    assert api.post("/events/999999/cancel", {"reason": "Who?"}).status_code == 404
    assert timezone.now() < Event.objects.get(pk=event.pk).starts_at
