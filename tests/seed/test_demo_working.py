"""The demo's polls, ideas campaign and events: what it promises, and a rerun that
adds nothing."""

import pytest
from django.utils import timezone

from hearth.events.models import Event, Rsvp
from hearth.ideas.models import Campaign, Idea, IdeaVote
from hearth.polls.models import Ballot, Poll
from hearth.seed.demo_working import seed_working_together
from hearth.spaces.models import Space

pytestmark = pytest.mark.django_db


def counts() -> dict:
    return {
        "polls": Poll.objects.count(),
        "ballots": Ballot.objects.count(),
        "campaigns": Campaign.objects.count(),
        "ideas": Idea.objects.count(),
        "votes": IdeaVote.objects.count(),
        "events": Event.objects.count(),
        "rsvps": Rsvp.objects.count(),
    }


def test_demo_has_open_and_closed_polls_a_campaign_and_past_and_upcoming_events(demo_seeded):
    now = timezone.now()
    polls = list(Poll.objects.all())
    assert any(p.is_closed() for p in polls) and any(not p.is_closed() for p in polls)
    assert any(p.anonymous for p in polls) and all(p.voter_count > 0 for p in polls)
    campaign = Campaign.objects.get(question="How could we cut travel costs?")
    assert campaign.is_open() and campaign.ideas.count() >= 5
    statuses = set(campaign.ideas.values_list("status", flat=True))
    assert {"new", "under_review", "accepted", "implemented", "declined"} <= statuses
    assert all(i.vote_count == i.votes.count() > 0 for i in campaign.ideas.all())
    assert Event.objects.filter(ends_at__lt=now).exclude(notes="").exists()
    upcoming = Event.objects.filter(starts_at__gt=now)
    assert upcoming.count() >= 2 and {e.time_zone for e in upcoming} >= {
        "Europe/Paris",
        "America/New_York",
    }
    assert Rsvp.objects.filter(event__in=upcoming, response="going").exists()
    # One was moved once, then cancelled with a reason, through the services.
    cancelled = Event.objects.get(cancelled_at__isnull=False)
    assert cancelled.sequence == 2 and "maintenance" in cancelled.cancel_reason
    for event in Event.objects.all():
        assert event.going_count == event.rsvps.filter(response="going").count()


def test_a_rerun_adds_nothing(demo_seeded):
    before = counts()
    spaces = {s.slug: s for s in Space.objects.all()}
    assert seed_working_together(spaces) == {"polls": 0, "ideas": 0, "events": 0}
    assert counts() == before
