"""Writing, editing, marking and promoting success stories: the rules and bad input."""

from decimal import Decimal

import pytest

from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.notifications.models import Notification
from hearth.spaces.models import LifecycleState, Space
from hearth.stories import services
from hearth.stories.models import BusinessOutcome, Story
from hearth.stories.services import StoryFields
from tests.conftest import actor_of
from tests.factories import (
    business_unit_make,
    conversation_make,
    membership_make,
    person_make,
    space_make,
    story_make,
)

pytestmark = pytest.mark.django_db


def fields(**changes) -> StoryFields:
    values = {
        "title": "Month-end close two days shorter",
        "body": "We **automated** the reconciliations.",
        "outcome_kind": "time_saved",
        "hours_saved": "120",
        "money_saved": "8500.50",
        "currency": "EUR",
        "beneficiaries": "Finance shared services",
    }
    values.update(changes)
    return StoryFields(**values)


@pytest.fixture
def space():
    unit = business_unit_make(name="Finance")
    leader = person_make(username="leader")
    space = space_make(slug="finance", visibility="restricted", leader=leader, business_unit=unit)
    facilitator, member = person_make(username="fac"), person_make(username="mem")
    membership_make(space=space, user=facilitator, role="facilitator")
    membership_make(space=space, user=member)
    space.people = {"leader": leader, "facilitator": facilitator, "member": member}
    return space


def test_a_member_writes_a_story_rendered_and_sanitised(space):
    story = services.story_create(
        actor=actor_of(space.people["member"]),
        space=space,
        fields=fields(body="Done. <script>alert(1)</script> **Yes**"),
    )
    assert story.hours_saved == Decimal("120.0") and story.money_saved == Decimal("8500.50")
    assert story.currency == "EUR" and story.business_unit.name == "Finance"
    assert "<script>" not in story.body_html and "<strong>Yes</strong>" in story.body_html
    assert story.money_display == "€8,500.50"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ""}, "title"),
        ({"title": "Ok"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 10_001}, "body"),
        ({"outcome_kind": "world_peace"}, "outcome_kind"),
        ({"hours_saved": "-3"}, "hours_saved"),
        ({"hours_saved": "10000000"}, "hours_saved"),
        ({"hours_saved": "lots"}, "hours_saved"),
        ({"hours_saved": float("nan")}, "hours_saved"),
        ({"hours_saved": True}, "hours_saved"),
        ({"money_saved": "-1"}, "money_saved"),
        ({"money_saved": "5000000000"}, "money_saved"),
        ({"money_saved": "Infinity"}, "money_saved"),
        ({"currency": ""}, "currency"),
        ({"currency": "XYZ"}, "currency"),
        ({"beneficiaries": "y" * 301}, "beneficiaries"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(space, changes, field):
    with pytest.raises(Invalid) as error:
        services.story_create(
            actor=actor_of(space.people["member"]), space=space, fields=fields(**changes)
        )
    assert error.value.field == field and error.value.message
    assert not Story.objects.exists()


def test_money_without_an_amount_drops_the_currency(space):
    story = services.story_create(
        actor=actor_of(space.people["member"]),
        space=space,
        fields=fields(money_saved=None, currency="USD"),
    )
    assert story.money_saved is None and story.currency == ""


def test_non_members_and_archived_spaces_are_refused(space):
    outsider = person_make()
    with pytest.raises(Forbidden):
        services.story_create(actor=actor_of(outsider), space=space, fields=fields())
    private = space_make(visibility="private")
    with pytest.raises(NotFound):
        services.story_create(actor=actor_of(outsider), space=private, fields=fields())
    Space.objects.filter(pk=space.pk).update(state=LifecycleState.ARCHIVED)
    space.refresh_from_db()
    with pytest.raises(Forbidden, match="archived"):
        services.story_create(actor=actor_of(space.people["member"]), space=space, fields=fields())
    assert not Story.objects.exists()


def test_the_author_edits_without_audit_a_facilitator_with_it(space):
    member = space.people["member"]
    story = story_make(space=space, author=member, title="Fewer late invoices")
    services.story_update(
        actor=actor_of(member), story=story, fields=fields(title="Far fewer late invoices")
    )
    assert not AuditEntry.objects.filter(action="story.edit").exists()
    services.story_update(
        actor=actor_of(space.people["facilitator"]),
        story=story,
        fields=fields(title="Far fewer late invoices, measured"),
    )
    entry = AuditEntry.objects.get(action="story.edit")
    assert entry.before["title"] == "Far fewer late invoices"
    assert entry.after["title"] == "Far fewer late invoices, measured"
    assert entry.as_role == ""
    other = person_make()
    membership_make(space=space, user=other)
    with pytest.raises(Forbidden):
        services.story_update(actor=actor_of(other), story=story, fields=fields(title="Mine"))
    story.refresh_from_db()
    assert story.title == "Far fewer late invoices, measured"


def test_promote_links_back_marks_and_tells_the_author(space):
    member, facilitator = space.people["member"], space.people["facilitator"]
    conversation = conversation_make(space=space, author=member, title="Reconciliation macro")
    story = services.story_promote(
        actor=actor_of(facilitator), conversation=conversation, fields=fields()
    )
    assert story.source_conversation == conversation and story.space == space
    assert BusinessOutcome.objects.filter(conversation=conversation).exists()
    entry = AuditEntry.objects.get(action="story.promote")
    assert entry.after["conversation"] == conversation.pk
    note = Notification.objects.get(recipient=member, kind="story_promoted")
    assert note.url == story.get_absolute_url() and note.conversation == conversation
    with pytest.raises(Conflict):
        services.story_promote(
            actor=actor_of(facilitator),
            conversation=conversation,
            fields=fields(title="A second story"),
        )
    assert Story.objects.count() == 1


def test_a_conversation_hidden_for_review_is_neither_promoted_nor_marked(space):
    from django.utils import timezone

    from hearth.conversations.models import Conversation

    facilitator = space.people["facilitator"]
    conversation = conversation_make(space=space, author=space.people["member"], title="Reported")
    Conversation.objects.filter(pk=conversation.pk).update(hidden_at=timezone.now())
    conversation.refresh_from_db()
    with pytest.raises(Conflict, match="hidden pending review"):
        services.story_promote(
            actor=actor_of(facilitator), conversation=conversation, fields=fields()
        )
    with pytest.raises(Conflict, match="hidden pending review"):
        services.outcome_mark(actor=actor_of(facilitator), conversation=conversation)
    assert not Story.objects.exists() and not BusinessOutcome.objects.exists()


def test_promote_and_mark_need_a_moderator_of_a_live_space(space):
    member = space.people["member"]
    conversation = conversation_make(space=space, author=member)
    for person in (member, person_make()):
        with pytest.raises(Forbidden):
            services.story_promote(
                actor=actor_of(person), conversation=conversation, fields=fields()
            )
        with pytest.raises(Forbidden):
            services.outcome_mark(actor=actor_of(person), conversation=conversation)
    Space.objects.filter(pk=space.pk).update(state=LifecycleState.ARCHIVED)
    conversation.space.refresh_from_db()
    with pytest.raises(Forbidden, match="archived"):
        services.story_promote(
            actor=actor_of(space.people["leader"]), conversation=conversation, fields=fields()
        )
    assert not Story.objects.exists() and not BusinessOutcome.objects.exists()


def test_promotion_with_bad_input_changes_nothing(space):
    conversation = conversation_make(space=space, author=space.people["member"])
    with pytest.raises(Invalid):
        services.story_promote(
            actor=actor_of(space.people["leader"]),
            conversation=conversation,
            fields=fields(hours_saved="-1"),
        )
    assert not Story.objects.exists() and not BusinessOutcome.objects.exists()
    assert not Notification.objects.filter(kind="story_promoted").exists()


def test_mark_twice_conflicts_and_unmark_stops_at_a_story(space):
    leader = actor_of(space.people["leader"])
    conversation = conversation_make(space=space, author=space.people["member"])
    services.outcome_mark(actor=leader, conversation=conversation, note="Saved a week")
    with pytest.raises(Conflict):
        services.outcome_mark(actor=leader, conversation=conversation)
    with pytest.raises(Invalid):
        services.outcome_mark(
            actor=leader,
            conversation=conversation_make(space=space, author=space.people["member"]),
            note="n" * 501,
        )
    services.outcome_unmark(actor=leader, conversation=conversation)
    with pytest.raises(Conflict):
        services.outcome_unmark(actor=leader, conversation=conversation)
    services.story_promote(actor=leader, conversation=conversation, fields=fields())
    with pytest.raises(Conflict):
        services.outcome_unmark(actor=leader, conversation=conversation)
    assert BusinessOutcome.objects.filter(conversation=conversation).exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="story.outcome")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["story.outcome_mark", "story.outcome_unmark"]


def test_promotion_draft_starts_from_the_conversation(space):
    conversation = conversation_make(
        space=space,
        author=space.people["member"],
        title="Shared macro",
        body="It saves an hour a day.",
    )
    draft = services.promotion_draft(conversation)
    assert draft.title == "Shared macro" and draft.body == "It saves an hour a day."
