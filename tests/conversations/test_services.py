"""Conversation services: posting, replies, answers, likes, edits, mentions."""

import pytest

from hearth.conversations import services
from hearth.conversations.models import Conversation, Revision
from hearth.conversations.selectors import unanswered_questions
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.notifications.models import Notification
from tests.conftest import actor_of
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def test_ask_reply_accept_and_the_question_leaves_the_unanswered_list(worker):
    asker, expert = person_make(), person_make()
    space = space_make(visibility="restricted", leader=asker)
    question = conversation_make(
        space=space, author=asker, kind="question", title="How do we close the books faster?"
    )
    assert list(unanswered_questions(actor=actor_of(asker))) == [question]
    with worker():
        reply = reply_make(conversation=question, author=expert, body="Automate accruals.")
    assert Notification.objects.filter(recipient=asker, kind="reply").exists()
    services.reply_accept(actor=actor_of(asker), reply=reply)
    assert list(unanswered_questions(actor=actor_of(asker))) == []
    assert Notification.objects.filter(recipient=expert, kind="accepted").exists()
    question.refresh_from_db()
    assert question.reply_count == 1 and question.first_reply_at is not None


def test_posting_needs_membership_and_bad_input_changes_nothing():
    space = space_make(leader=person_make())
    outsider = person_make()
    with pytest.raises(Forbidden):
        services.conversation_create(
            actor=actor_of(outsider),
            space=space,
            kind="discussion",
            title="Hello everyone",
            body="Hi",
        )
    member = person_make()
    membership_make(space=space, user=member)
    for fields in (
        {"title": "Hey", "body": "x"},
        {"title": "Fine title", "body": "  "},
        {"title": "Fine title", "body": "x" * 20_001},
        {"title": "Fine title", "body": "ok", "kind": "rant"},
        {"title": "Fine title", "body": "ok", "tags": [f"t{i}" for i in range(9)]},
    ):
        with pytest.raises(Invalid):
            services.conversation_create(
                actor=actor_of(member), space=space, **{"kind": "discussion", **fields}
            )
    assert not Conversation.objects.exists()


def test_private_space_conversation_is_not_found_for_outsiders():
    from hearth.conversations.selectors import conversation_get

    space = space_make(visibility="private", leader=person_make())
    conversation = conversation_make(space=space, author=person_make())
    with pytest.raises(NotFound):
        conversation_get(actor=actor_of(person_make()), conversation_id=conversation.pk)


def test_accepting_needs_the_asker_or_a_facilitator_and_a_question():
    asker, other = person_make(), person_make()
    space = space_make(leader=person_make())
    question = conversation_make(space=space, author=asker, kind="question")
    reply = reply_make(conversation=question, author=other)
    with pytest.raises(Forbidden):
        services.reply_accept(actor=actor_of(other), reply=reply)
    discussion = conversation_make(space=space, author=asker)
    with pytest.raises(Invalid):
        services.reply_accept(
            actor=actor_of(asker), reply=reply_make(conversation=discussion, author=other)
        )


def test_reply_to_a_reply_of_another_conversation_is_refused():
    space = space_make(leader=person_make())
    author = person_make()
    first, second = (conversation_make(space=space, author=author) for _ in range(2))
    elsewhere = reply_make(conversation=first, author=author)
    with pytest.raises(Invalid):
        services.reply_create(
            actor=actor_of(author), conversation=second, body="Yes", reply_to_id=elsewhere.pk
        )


def test_like_once_undo_and_likes_are_grouped_in_one_notification():
    author = person_make()
    space = space_make(leader=author)
    conversation = conversation_make(space=space, author=author)
    fans = [person_make() for _ in range(3)]
    for fan in fans:
        membership_make(space=space, user=fan)
        services.like_add(actor=actor_of(fan), conversation=conversation)
    with pytest.raises(Conflict):
        services.like_add(actor=actor_of(fans[0]), conversation=conversation)
    liked = Notification.objects.filter(recipient=author, kind="liked")
    assert liked.count() == 1 and "and 2 others" in liked.get().text
    assert services.like_remove(actor=actor_of(fans[0]), conversation=conversation) == 2
    with pytest.raises(NotFound):
        services.like_remove(actor=actor_of(fans[0]), conversation=conversation)


def test_mentions_notify_only_people_who_can_see_the_space():
    author, inside, outside = (
        person_make(),
        person_make(username="inside"),
        person_make(username="outside"),
    )
    space = space_make(visibility="restricted", leader=author)
    membership_make(space=space, user=inside)
    conversation, unreachable = services.conversation_create(
        actor=actor_of(author),
        space=space,
        kind="discussion",
        title="Budget review",
        body="Thoughts @inside and @outside and @ghost?",
    )
    assert unreachable == ["outside"]
    assert Notification.objects.filter(recipient=inside, kind="mention").exists()
    assert not Notification.objects.filter(recipient=outside).exists()
    assert 'href="/people/inside/"' in conversation.body_html
    assert "/people/outside/" not in conversation.body_html


def test_edit_keeps_history_and_removal_keeps_the_text():
    author = person_make()
    space = space_make(leader=person_make())
    conversation = conversation_make(space=space, author=author, body="First version")
    services.conversation_edit(
        actor=actor_of(author),
        conversation=conversation,
        title=conversation.title,
        body="Second version",
    )
    revision = Revision.objects.get(conversation=conversation)
    assert revision.previous_body == "First version" and revision.editor == author
    with pytest.raises(Forbidden):
        services.conversation_edit(
            actor=actor_of(person_make()),
            conversation=conversation,
            title="Hijacked title",
            body="x",
        )
    services.conversation_remove(actor=actor_of(author), conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.removed_at and conversation.body == "Second version"
    with pytest.raises(Invalid):
        services.reply_create(actor=actor_of(author), conversation=conversation, body="more")


def test_mentions_in_code_or_links_notify_no_one():
    from hearth.core.markdown import mentioned_usernames

    body = "Hi @ada, see `@bob` and [@carl](https://example.org)\n\n```\n@dora\n```\n"
    assert mentioned_usernames(body) == ["ada"]


def test_a_username_with_capitals_is_linked_and_notified_however_it_is_written():
    author = person_make()
    anna = person_make(username="AnnaK")
    upper_bob, lower_bob = person_make(username="Bob"), person_make(username="bob")
    space = space_make(leader=author)
    for person in (anna, upper_bob, lower_bob):
        membership_make(space=space, user=person)
    conversation, unreachable = services.conversation_create(
        actor=actor_of(author),
        space=space,
        kind="discussion",
        title="Who takes the notes?",
        body="Maybe @AnnaK or @Bob? Thanks @annak.",
    )
    assert unreachable == []
    html = conversation.body_html
    assert html.count('<a class="mention" href="/people/AnnaK/"') == 2
    assert 'href="/people/Bob/" rel="nofollow noopener noreferrer">@Bob</a>' in html
    mentioned = set(
        Notification.objects.filter(kind="mention").values_list("recipient__username", flat=True)
    )
    # Anna once for both spellings; of the two Bobs, the one spelled as written.
    assert mentioned == {"AnnaK", "Bob"}
    assert Notification.objects.filter(kind="mention", recipient=anna).count() == 1


def test_feed_merges_the_newest_of_each_space_in_order_across_cursor_pages():
    """The feed reads each space's newest separately; the pages must still be the
    actor's spaces and followed tags in one order, minus what is muted, without gaps
    or repeats from one cursor page to the next."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from hearth.conversations.models import Conversation, Follow, Tag
    from hearth.conversations.selectors import feed

    reader = person_make()
    spaces = [space_make(leader=person_make()) for _ in range(3)]
    for space in spaces:
        membership_make(space=space, user=reader)
    elsewhere = space_make(leader=person_make())  # not a member: only its tagged posts
    secret = space_make(visibility="private", leader=person_make())
    start = timezone.now() - timedelta(days=30)
    made = []
    for i in range(40):
        space = (spaces + [elsewhere, secret])[i % 5]
        author = space.memberships.first().user
        conversation = conversation_make(space=space, author=author, tags="ops" if i % 2 else None)
        # Interleaved, with ties on the time: the order falls back to the id.
        moment = start + timedelta(hours=i // 2)
        Conversation.objects.filter(pk=conversation.pk).update(last_activity_at=moment)
        made.append(conversation)
    muted = made[7]
    services.follow_set(actor=actor_of(reader), conversation=muted, level=Follow.Level.MUTED)
    services.follow_set(
        actor=actor_of(reader), tag=Tag.objects.get(slug="ops"), level=Follow.Level.NORMAL
    )
    services.follow_set(actor=actor_of(reader), space=spaces[2], level=Follow.Level.MUTED)

    expected = list(
        Conversation.objects.filter(Q(space__in=spaces[:2]) | Q(space=elsewhere, tags__slug="ops"))
        .exclude(pk=muted.pk)
        .order_by("-last_activity_at", "-id")
        .values_list("pk", flat=True)
    )
    seen, cursor = [], ""
    while True:
        items, cursor = feed(actor=actor_of(reader), cursor=cursor or "", limit=7)
        seen.extend(c.pk for c in items)
        if not cursor:
            break
    assert seen == expected
    assert not {c.pk for c in made if c.space_id == secret.pk} & set(seen)


def test_feed_pages_stay_full_when_the_newest_are_hidden_pending_review():
    """What the policy hides (a conversation hidden for review) leaves the page without
    ending the feed early: the next page is still offered and nothing is skipped."""
    from django.utils import timezone

    from hearth.conversations.models import Conversation
    from hearth.conversations.selectors import feed

    reader, author = person_make(), person_make()
    space = space_make(leader=author)
    membership_make(space=space, user=reader)
    made = [conversation_make(space=space, author=author) for _ in range(12)]
    hidden = made[-3:]  # the newest three
    Conversation.objects.filter(pk__in=[c.pk for c in hidden]).update(hidden_at=timezone.now())
    first, cursor = feed(actor=actor_of(reader), limit=5)
    assert len(first) == 5 and cursor
    rest, cursor2 = feed(actor=actor_of(reader), cursor=cursor, limit=5)
    more, _ = feed(actor=actor_of(reader), cursor=cursor2, limit=5) if cursor2 else ([], None)
    seen = [c.pk for c in first + rest + more]
    assert seen == [c.pk for c in reversed(made[:-3])]


@pytest.mark.parametrize("pk", ["-1", "0", "x"])
def test_a_feed_cursor_with_an_impossible_id_is_refused_as_a_broken_link(pk):
    import base64

    from hearth.conversations.selectors import feed

    reader = person_make()
    membership_make(space=space_make(leader=person_make()), user=reader)
    cursor = base64.urlsafe_b64encode(f"2026-12-01T10:00:00+00:00|{pk}".encode()).decode()
    with pytest.raises(Invalid) as error:
        feed(actor=actor_of(reader), cursor=cursor)
    assert error.value.field == "cursor" and "broken" in error.value.message


def test_feed_reads_the_same_when_its_statement_cannot_be_shared_between_spaces(monkeypatch):
    """The per-space statement is compiled once and its space parameter replaced; when
    that parameter cannot be told apart from another (here: the slot equals the
    reader's id, a parameter of the hidden-for-review rule), each space's statement is
    compiled on its own, with the same result."""
    from hearth.conversations import selectors

    reader = person_make()
    spaces = [space_make(leader=person_make()) for _ in range(3)]
    for space in spaces:
        membership_make(space=space, user=reader)
        for _ in range(3):
            conversation_make(space=space, author=space.memberships.first().user)
    compiled = []
    original = selectors._compiled
    monkeypatch.setattr(selectors, "_compiled", lambda part: compiled.append(1) or original(part))
    shared, _ = selectors.feed(actor=actor_of(reader), limit=5)
    assert len(compiled) == 1  # once for the three spaces
    compiled.clear()
    monkeypatch.setattr(selectors, "_SPACE_SLOT", reader.pk)
    one_by_one, _ = selectors.feed(actor=actor_of(reader), limit=5)
    assert len(compiled) == 1 + 3  # the shared try, then each space
    assert [c.pk for c in one_by_one] == [c.pk for c in shared] and len(shared) == 5
