"""The demo's moderation: open reports in the review queues, guidelines, and one
person's sanction history; a rerun adds nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from hearth.access.actor import Actor
from hearth.moderation.models import Case, Guideline, Report, Sanction
from hearth.moderation.selectors import review_queue
from hearth.spaces.models import Space

pytestmark = pytest.mark.django_db


def _counts() -> tuple:
    return (
        Case.objects.count(),
        Report.objects.count(),
        Sanction.objects.count(),
        Guideline.objects.count(),
    )


def test_the_facilitators_queues_hold_open_reports(demo_seeded):
    facilitator = Actor.for_user(get_user_model().objects.get(username="facilitator"))
    managers = Space.objects.get(slug="community-managers")
    finance = Space.objects.get(slug="finance-business-partners")
    hidden = review_queue(actor=facilitator, space=managers).get()
    assert hidden.report_count == 3 and hidden.hidden_at is not None
    assert review_queue(actor=facilitator, space=finance).count() == 1
    admin = Actor.for_user(get_user_model().objects.get(username="admin"))
    assert review_queue(actor=admin).filter(target_type="profile").count() == 1
    assert "reports waiting in the review queues" in demo_seeded


def test_one_person_has_a_sanction_history_and_the_guidelines_are_there(demo_seeded):
    case = Case.objects.get(target_type="reply")
    kinds = sorted(Sanction.objects.filter(person=case.author).values_list("kind", flat=True))
    assert kinds == ["silence", "warning"]
    assert not Sanction.objects.get(kind="silence").is_active()
    assert Guideline.objects.filter(space__slug="community-managers", version=1).exists()


def test_a_rerun_adds_nothing(demo_seeded):
    before = _counts()
    call_command("seed", preset="demo", stdout=StringIO())
    assert _counts() == before
