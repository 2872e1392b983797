"""Following whole spaces and tags at a level, and a space's curated tag suggestions:
the services and selectors."""

import pytest
from django.utils import timezone

from hearth.conversations import jobs, selectors, services
from hearth.conversations.models import Follow, SuggestedTag
from hearth.core.errors import Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.notifications.models import Notification
from hearth.spaces.services import space_leave
from tests.conftest import actor_of
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def kinds_for(person) -> list[str]:
    return list(
        Notification.objects.filter(recipient=person).order_by("id").values_list("kind", flat=True)
    )


def test_watching_a_space_notifies_every_new_conversation_and_reply(worker):
    leader, watcher, author = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    services.follow_set(actor=actor_of(watcher), space=space, level="watching")
    with worker():
        conversation = conversation_make(space=space, author=author, title="Rota for December")
    # The worker tells the watchers, after the post is committed.
    with worker():
        reply = reply_make(conversation=conversation, author=leader)
        assert kinds_for(watcher) == ["new_conversation"]
    assert kinds_for(watcher) == ["new_conversation", "reply"]
    # A rerun of the task tells nobody twice.
    jobs.watchers_notify(
        conversation_id=conversation.pk, reply_id=reply.pk, actor_id=leader.pk, skip=[]
    )
    assert kinds_for(watcher) == ["new_conversation", "reply"]
    # Normal: in the feed, no notification.
    services.follow_set(actor=actor_of(watcher), space=space, level="normal")
    with worker():
        reply_make(conversation=conversation, author=leader)
    assert kinds_for(watcher) == ["new_conversation", "reply"]


def test_the_closest_follow_decides_a_muted_conversation_stays_silent(worker):
    leader, watcher = person_make(), person_make()
    space = space_make(leader=leader)
    conversation = conversation_make(space=space, author=leader, title="Noisy thread")
    services.follow_set(actor=actor_of(watcher), space=space, level="watching")
    services.follow_set(actor=actor_of(watcher), conversation=conversation, level="muted")
    with worker():
        reply_make(conversation=conversation, author=leader)
    assert kinds_for(watcher) == []
    # A watched conversation in a muted space still notifies.
    with worker():
        other = conversation_make(space=space, author=leader, title="Quiet but watched")
    services.follow_set(actor=actor_of(watcher), space=space, level="muted")
    services.follow_set(actor=actor_of(watcher), conversation=other, level="watching")
    with worker():
        reply_make(conversation=other, author=leader)
    assert kinds_for(watcher) == ["new_conversation", "reply"]


def test_watching_a_tag_notifies_unless_its_space_is_muted(worker):
    leader, watcher = person_make(), person_make()
    space, muted = space_make(leader=leader), space_make(leader=leader)
    tag_conversation = conversation_make(
        space=space, author=leader, tags=["sap"], title="SAP month end"
    )
    tag = selectors.tag_get(actor=actor_of(watcher), slug="sap")
    services.follow_set(actor=actor_of(watcher), tag=tag, level="watching")
    services.follow_set(actor=actor_of(watcher), space=muted, level="muted")
    with worker():
        reply_make(conversation=tag_conversation, author=leader)
    with worker():
        conversation_make(space=muted, author=leader, tags=["sap"], title="SAP in a muted space")
        conversation_make(space=space, author=leader, tags=["sap"], title="Another SAP thread")
    assert kinds_for(watcher) == ["reply", "new_conversation"]


def test_watchers_who_cannot_read_the_space_are_not_told(worker):
    leader, former = person_make(), person_make()
    space = space_make(leader=leader, visibility="restricted")
    membership_make(space=space, user=former)
    services.follow_set(actor=actor_of(former), space=space, level="watching")
    space_leave(actor=actor_of(former), space=space)
    stayed = person_make()
    membership_make(space=space, user=stayed)
    services.follow_set(actor=actor_of(stayed), space=space, level="watching")
    with worker():
        conversation = conversation_make(space=space, author=leader, title="After she left")
    with worker():
        reply_make(conversation=conversation, author=leader)
    assert kinds_for(former) == []
    assert kinds_for(stayed) == ["new_conversation", "reply"]


def test_following_a_space_needs_read_access_and_a_real_level():
    leader, outsider = person_make(), person_make()
    private = space_make(leader=leader, visibility="private")
    restricted = space_make(leader=leader, visibility="restricted")
    with pytest.raises(NotFound):
        services.follow_set(actor=actor_of(outsider), space=private, level="normal")
    with pytest.raises(Forbidden):
        services.follow_set(actor=actor_of(outsider), space=restricted, level="normal")
    with pytest.raises(Invalid):
        services.follow_set(actor=actor_of(leader), space=restricted, level="loud")
    assert not Follow.objects.filter(space__isnull=False).exists()


def test_a_followed_open_space_is_in_the_feed_without_joining_and_muted_leaves_it():
    leader, reader = person_make(), person_make()
    space = space_make(leader=leader)
    conversation = conversation_make(space=space, author=leader, title="Open to everyone")
    assert selectors.feed(actor=actor_of(reader))[0] == []
    services.follow_set(actor=actor_of(reader), space=space, level="normal")
    assert selectors.feed(actor=actor_of(reader))[0] == [conversation]
    membership_make(space=space, user=reader)
    services.follow_set(actor=actor_of(reader), space=space, level="muted")
    assert selectors.feed(actor=actor_of(reader))[0] == []


def test_follow_list_hides_what_the_person_may_no_longer_read():
    leader, person = person_make(), person_make()
    space = space_make(leader=leader, visibility="private", name="Merger room")
    membership_make(space=space, user=person)
    conversation = conversation_make(space=space, author=leader, title="Secret plan")
    services.follow_set(actor=actor_of(person), space=space, level="watching")
    services.follow_set(actor=actor_of(person), conversation=conversation, level="normal")
    assert len(selectors.follow_list(actor=actor_of(person), kind="space")) == 1
    space_leave(actor=actor_of(person), space=space)
    for kind in ("space", "conversation"):
        assert list(selectors.follow_list(actor=actor_of(person), kind=kind)) == []
    with pytest.raises(Invalid):
        selectors.follow_list(actor=actor_of(person), kind="people")


# -- Suggested tags -----------------------------------------------------------------------


def test_leaders_and_facilitators_curate_suggested_tags_audited():
    leader, facilitator, member = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=facilitator, role="facilitator")
    membership_make(space=space, user=member)
    conversation_make(space=space, author=member, tags=["budget", "travel"])
    conversation_make(space=space, author=member, tags=["travel"])
    slugs = services.space_tags_suggest(
        actor=actor_of(leader), space=space, tags="Onboarding, Month End, travel"
    )
    assert slugs == ["onboarding", "month-end", "travel"]
    # Curated first, in their order; then the most used, without repeats.
    assert selectors.tag_suggestions(actor=actor_of(member), space=space) == [
        "onboarding",
        "month-end",
        "travel",
        "budget",
    ]
    entry = AuditEntry.objects.get(action="space.tags_suggested")
    assert entry.before == {"tags": []} and entry.after["tags"] == slugs
    assert entry.as_role == ""
    services.space_tags_suggest(actor=actor_of(facilitator), space=space, tags=["budget"])
    assert selectors.curated_tags(space=space) == ["budget"]
    assert AuditEntry.objects.filter(action="space.tags_suggested").count() == 2
    # Saving the same list again records nothing.
    services.space_tags_suggest(actor=actor_of(facilitator), space=space, tags=["budget"])
    assert AuditEntry.objects.filter(action="space.tags_suggested").count() == 2


def test_suggested_tags_refuse_members_outsiders_and_bad_input():
    leader, member, outsider = person_make(), person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    private = space_make(leader=leader, visibility="private")
    with pytest.raises(Forbidden):
        services.space_tags_suggest(actor=actor_of(member), space=space, tags="a")
    with pytest.raises(Forbidden):
        services.space_tags_suggest(actor=actor_of(outsider), space=space, tags="a")
    with pytest.raises(NotFound):
        services.space_tags_suggest(actor=actor_of(outsider), space=private, tags="a")
    for bad in (", ".join(f"t{i}" for i in range(21)), "!!!", [3]):
        with pytest.raises(Invalid):
            services.space_tags_suggest(actor=actor_of(leader), space=space, tags=bad)
    assert not SuggestedTag.objects.exists()
    assert not AuditEntry.objects.filter(action="space.tags_suggested").exists()


def test_likers_are_listed_newest_first_through_the_policy():
    leader, fan, outsider = person_make(), person_make(), person_make()
    space = space_make(leader=leader, visibility="restricted")
    membership_make(space=space, user=fan)
    conversation = conversation_make(space=space, author=leader)
    reply = reply_make(conversation=conversation, author=leader)
    services.like_add(actor=actor_of(fan), conversation=conversation)
    services.like_add(actor=actor_of(fan), reply=reply)
    services.like_add(actor=actor_of(leader), reply=reply)
    assert [like.user for like in selectors.likers(actor=actor_of(fan), reply=reply)] == [
        leader,
        fan,
    ]
    assert [
        like.user for like in selectors.likers(actor=actor_of(fan), conversation=conversation)
    ] == [fan]
    with pytest.raises(Forbidden):
        selectors.likers(actor=actor_of(outsider), conversation=conversation)


def test_a_reply_hidden_or_removed_before_the_worker_runs_tells_no_one(worker):
    from hearth.conversations.models import Reply

    leader, watcher = person_make(), person_make()
    space = space_make(leader=leader)
    services.follow_set(actor=actor_of(watcher), space=space, level="watching")
    conversation = conversation_make(space=space, author=leader, title="Quiet thread")
    reply = reply_make(conversation=conversation, author=leader)
    Reply.objects.filter(pk=reply.pk).update(removed_at=timezone.now())
    assert (
        jobs.watchers_notify(
            conversation_id=conversation.pk, reply_id=reply.pk, actor_id=leader.pk, skip=[]
        )
        == 0
    )
    assert kinds_for(watcher) == []


def test_no_one_hears_of_replies_in_a_conversation_hidden_for_review(worker):
    from hearth.conversations.models import Conversation

    leader, watcher = person_make(), person_make()
    space = space_make(leader=leader)
    conversation = conversation_make(space=space, author=leader, title="Reported thread")
    services.follow_set(actor=actor_of(watcher), conversation=conversation, level="watching")
    Conversation.objects.filter(pk=conversation.pk).update(hidden_at=timezone.now())
    conversation.refresh_from_db()
    with worker():
        reply_make(conversation=conversation, author=leader)
    assert kinds_for(watcher) == []


@pytest.mark.parametrize(
    "change", [{"visibility": "restricted"}, {"visibility": "private"}, {"state": "draft"}]
)
def test_a_followed_space_that_closes_to_its_follower_leaves_their_feed(change):
    """The feed's page asks the policy of each row: a space the reader follows without
    belonging to it takes its conversations out of the feed once the reader may no
    longer read it."""
    from hearth.spaces.models import Space

    leader, reader = person_make(), person_make()
    space, other = space_make(leader=leader), space_make(leader=leader)
    conversation = conversation_make(space=space, author=leader, title="Open for now")
    still_open = conversation_make(space=other, author=leader, title="Open for good")
    for followed in (space, other):
        services.follow_set(actor=actor_of(reader), space=followed, level="normal")
    assert set(selectors.feed(actor=actor_of(reader))[0]) == {conversation, still_open}
    Space.objects.filter(pk=space.pk).update(**change)
    assert selectors.feed(actor=actor_of(reader))[0] == [still_open]
    # The leader still reads it.
    assert selectors.feed(actor=actor_of(leader))[0][-1] == conversation


def test_the_feed_stays_full_when_its_newest_candidates_are_all_closed_to_the_reader():
    from hearth.spaces.models import Space

    leader, reader = person_make(), person_make()
    older, newer = space_make(leader=leader), space_make(leader=leader)
    kept = [conversation_make(space=older, author=leader, title=f"Kept {i}") for i in range(22)]
    for i in range(22):
        conversation_make(space=newer, author=leader, title=f"Soon closed {i}")
    for followed in (older, newer):
        services.follow_set(actor=actor_of(reader), space=followed, level="normal")
    Space.objects.filter(pk=newer.pk).update(visibility="restricted")
    page, cursor = selectors.feed(actor=actor_of(reader))
    assert page == kept[::-1][:20] and cursor is not None
