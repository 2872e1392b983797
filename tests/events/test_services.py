"""Events: bad input, RSVP with capacity (race-safe), reminders once, notes after."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.core.models import AuditEntry, OutboundEmail
from hearth.events import jobs, services
from hearth.events.models import Event, EventReminder, Rsvp
from hearth.notifications.models import Notification
from hearth.spaces.models import Membership
from tests.conftest import actor_of
from tests.factories import event_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


def test_bad_events_are_refused_and_nothing_is_created():
    leader = person_make()
    space = space_make(leader=leader)
    start = datetime(2030, 5, 1, 9, 0)
    cases = [
        ({"ends_at": start - timedelta(hours=1)}, "ends_at"),
        ({"ends_at": start}, "ends_at"),
        ({"timezone_name": "Mars/Olympus"}, "timezone"),
        ({"online_url": "javascript:alert(1)", "place": ""}, "online_url"),
        ({"online_url": "ftp://files.example.org", "place": ""}, "online_url"),
        ({"place": ""}, "online_url"),
        ({"capacity": 0}, "capacity"),
        ({"title": "ab"}, "title"),
        ({"kind": "party"}, "kind"),
    ]
    for changes, field in cases:
        with pytest.raises(Invalid) as error:
            event_make(space=space, host=leader, starts_at=start, **changes)
        assert error.value.field == field, changes
    with pytest.raises(Forbidden):
        services.event_create(
            actor=actor_of(person_make()),
            space=space,
            title="Outsider",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            timezone_name="UTC",
            place="Room 1",
        )
    assert not Event.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            space=space,
            title="Backwards",
            starts_at=timezone.now(),
            ends_at=timezone.now() - timedelta(hours=1),
        )


def test_rsvp_going_is_refused_past_capacity_and_answers_can_change():
    leader, a, b = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    for person in (a, b):
        membership_make(space=space, user=person)
    event = event_make(space=space, host=leader, capacity=1)
    services.event_rsvp(actor=actor_of(a), event=event, response="going")
    with pytest.raises(Conflict, match="full"):
        services.event_rsvp(actor=actor_of(b), event=event, response="going")
    assert not Rsvp.objects.filter(user=b).exists()
    services.event_rsvp(actor=actor_of(b), event=event, response="maybe")
    services.event_rsvp(actor=actor_of(a), event=event, response="no")
    services.event_rsvp(actor=actor_of(b), event=event, response="going")
    event.refresh_from_db()
    assert (event.going_count, event.maybe_count) == (1, 0)
    with pytest.raises(Invalid):
        services.event_rsvp(actor=actor_of(a), event=event, response="perhaps")
    with pytest.raises(Forbidden):
        services.event_rsvp(actor=actor_of(person_make()), event=event, response="going")
    late = time_machine.travel(event.ends_at + timedelta(minutes=1))
    with late, pytest.raises(Conflict, match="over"):
        services.event_rsvp(actor=actor_of(a), event=event, response="going")


@pytest.mark.django_db(transaction=True)
def test_concurrent_going_answers_never_exceed_the_capacity():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    leader = person_make()
    space = space_make(leader=leader)
    people = [person_make() for _ in range(12)]
    for person in people:
        membership_make(space=space, user=person)
    event = event_make(space=space, host=leader, capacity=5)
    results: list[str] = []
    barrier = threading.Barrier(len(people))

    def answer(person):
        try:
            barrier.wait()
            services.event_rsvp(
                actor=actor_of(person), event=Event.objects.get(pk=event.pk), response="going"
            )
            results.append("ok")
        except Conflict:
            results.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    event.refresh_from_db()
    assert results.count("ok") == 5 and results.count("full") == 7
    assert event.going_count == 5 == Rsvp.objects.filter(event=event, response="going").count()


def test_reminders_go_once_to_those_coming_who_may_still_read_the_space(
    django_capture_on_commit_callbacks,
):
    leader, going, maybe, no, leaver = (person_make() for _ in range(5))
    space = space_make(visibility="restricted", leader=leader)
    for person in (going, maybe, no, leaver):
        membership_make(space=space, user=person)
    event = event_make(
        space=space,
        host=leader,
        title="Quarterly review",
        starts_at=timezone.now() + timedelta(hours=30),
    )
    for person, answer in ((going, "going"), (maybe, "maybe"), (no, "no"), (leaver, "going")):
        services.event_rsvp(actor=actor_of(person), event=event, response=answer)
    Membership.objects.filter(space=space, user=leaver).delete()
    assert jobs.event_reminders_send(event_id=event.pk) == 0  # too early
    with (
        time_machine.travel(timezone.now() + timedelta(hours=8)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert jobs.event_reminders_send(event_id=event.pk) == 2
        assert jobs.event_reminders_send(event_id=event.pk) == 0
    assert set(EventReminder.objects.values_list("user_id", flat=True)) == {going.pk, maybe.pk}
    notices = Notification.objects.filter(kind="event_reminder")
    assert notices.count() == 2 and "Quarterly review" in notices.first().text
    assert OutboundEmail.objects.filter(subject__contains="Quarterly review").count() == 2


def test_reminder_task_is_queued_when_an_event_is_planned(django_capture_on_commit_callbacks):
    from django_tasks import task_backends

    backend = task_backends["default"]
    backend.clear()
    leader = person_make()
    with django_capture_on_commit_callbacks(execute=True):
        event = event_make(
            space=space_make(leader=leader),
            host=leader,
            starts_at=timezone.now() + timedelta(days=3),
        )
    queued = [
        r for r in backend.results if r.task.name == "send_event_reminders" and r.args == [event.pk]
    ]
    assert len(queued) == 1
    assert queued[0].task.run_after == event.starts_at - services.REMINDER_LEAD


def test_notes_and_recording_after_the_event_by_host_or_facilitator_audited():
    leader, host, member = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    start = datetime(2030, 1, 10, 9, 0, tzinfo=UTC)
    event = event_make(space=space, host=host, starts_at=start)
    with time_machine.travel(start - timedelta(days=1)), pytest.raises(Conflict):
        services.event_notes_save(
            actor=actor_of(host), event=event, notes="Early", recording_url=""
        )
    with time_machine.travel(start + timedelta(hours=2)):
        with pytest.raises(Forbidden):
            services.event_notes_save(
                actor=actor_of(member), event=event, notes="Mine", recording_url=""
            )
        with pytest.raises(Invalid):
            services.event_notes_save(
                actor=actor_of(host), event=event, notes="ok", recording_url="javascript:alert(1)"
            )
        services.event_notes_save(
            actor=actor_of(host),
            event=event,
            notes="We **agreed**.",
            recording_url="https://video.example.org/42",
        )
        assert not AuditEntry.objects.exists()
        services.event_notes_save(
            actor=actor_of(leader),
            event=event,
            notes="Fixed typo.",
            recording_url="https://video.example.org/42",
        )
    event.refresh_from_db()
    assert event.notes == "Fixed typo." and "<p>" in event.notes_html
    assert AuditEntry.objects.get().action == "event.notes"
