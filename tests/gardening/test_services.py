"""Gardening services: each action's happy path, its refusals (nothing changed),
and its undo from the audit entry."""

import pytest
from django.core.cache import cache
from django.db import connection

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation, Follow, Like, Reply, Tag
from hearth.conversations.services import like_add
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.gardening import services
from hearth.gardening.audience import audience_widens
from hearth.gardening.models import GardeningUndo
from hearth.notifications.models import Notification
from hearth.search.models import SearchDocument
from hearth.search.selectors import search
from tests.factories import conversation_make, membership_make, person_make, reply_make, space_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    leader, facilitator = person_make(username="lea"), person_make(username="fac")
    member, outsider = person_make(username="mem"), person_make(username="out")
    open_space = space_make(slug="open", name="Open", leader=leader)
    membership_make(space=open_space, user=facilitator, role="facilitator")
    membership_make(space=open_space, user=member)
    other_open = space_make(slug="other", name="Other", leader=leader)
    membership_make(space=other_open, user=facilitator)
    private = space_make(slug="priv", name="Private", visibility="private", leader=leader)
    membership_make(space=private, user=facilitator, role="facilitator")
    secret = space_make(slug="secret", name="Secret", visibility="private", leader=person_make())
    conversation = conversation_make(
        space=open_space,
        author=member,
        kind="question",
        title="How do we run a kaizen week?",
        body="Marker-Kaizen-Body",
        tags=["lean"],
    )
    r1 = reply_make(conversation=conversation, author=leader, body="First answer")
    r2 = reply_make(conversation=conversation, author=facilitator, body="Second answer")
    return {
        "leader": leader,
        "facilitator": facilitator,
        "member": member,
        "outsider": outsider,
        "open": open_space,
        "other": other_open,
        "private": private,
        "secret": secret,
        "c": conversation,
        "r1": r1,
        "r2": r2,
    }


def fac(o):
    return Actor.for_user(o["facilitator"])


def fresh(conversation):
    return Conversation.objects.get(pk=conversation.pk)


def entry(action):
    return AuditEntry.objects.filter(action=action).latest("pk")


def undo(o, action, **kw):
    return services.gardening_undo(actor=fac(o), entry_id=entry(action).pk, **kw)


# -- Retitle, retag, outdated -------------------------------------------------------


def test_retitle_and_undo(org):
    services.conversation_retitle(actor=fac(org), conversation=org["c"], title="  Kaizen  week ")
    assert fresh(org["c"]).title == "Kaizen week"
    assert SearchDocument.objects.get(kind="conversation", object_id=org["c"].pk).title == (
        "Kaizen week"
    )
    assert org["c"].revisions.first().previous_title == "How do we run a kaizen week?"
    e = entry("gardening.retitle")
    assert (
        e.before == {"title": "How do we run a kaizen week?"} and e.after["title"] == "Kaizen week"
    )
    assert e.as_role == ""
    undo(org, "gardening.retitle")
    assert fresh(org["c"]).title == "How do we run a kaizen week?"
    assert GardeningUndo.objects.filter(entry=e).exists()
    with pytest.raises(Conflict):  # once only
        services.gardening_undo(actor=fac(org), entry_id=e.pk)


def test_retitle_bad_input_changes_nothing(org):
    for title in ("", "abc", "x" * 201, 12):
        with pytest.raises(Invalid):
            services.conversation_retitle(actor=fac(org), conversation=org["c"], title=title)
    with pytest.raises(Forbidden):  # a plain member
        services.conversation_retitle(
            actor=Actor.for_user(org["member"]), conversation=org["c"], title="A better title"
        )
    assert fresh(org["c"]).title == "How do we run a kaizen week?"
    assert not AuditEntry.objects.filter(action__startswith="gardening.").exists()


def test_undo_refused_when_changed_since(org):
    services.conversation_retitle(actor=fac(org), conversation=org["c"], title="Kaizen week")
    first = entry("gardening.retitle")
    services.conversation_retitle(actor=fac(org), conversation=fresh(org["c"]), title="Kaizen 2")
    with pytest.raises(Conflict, match="changed again"):
        services.gardening_undo(actor=fac(org), entry_id=first.pk)
    assert fresh(org["c"]).title == "Kaizen 2"


def test_retag_and_undo(org):
    slugs = services.conversation_retag(actor=fac(org), conversation=org["c"], tags="Kaizen, lean")
    assert slugs == ["kaizen", "lean"]
    assert sorted(fresh(org["c"]).tags.values_list("slug", flat=True)) == ["kaizen", "lean"]
    assert entry("gardening.retag").before == {"tags": ["lean"]}
    undo(org, "gardening.retag")
    assert list(fresh(org["c"]).tags.values_list("slug", flat=True)) == ["lean"]


def test_retag_bad_input(org):
    with pytest.raises(Invalid):
        services.conversation_retag(actor=fac(org), conversation=org["c"], tags=["!!!"])
    with pytest.raises(Invalid):
        services.conversation_retag(
            actor=fac(org), conversation=org["c"], tags=[f"t{i}" for i in range(9)]
        )
    with pytest.raises(Invalid):  # unchanged
        services.conversation_retag(actor=fac(org), conversation=org["c"], tags=["lean"])
    assert Tag.objects.filter(slug="t1").count() == 0
    assert not AuditEntry.objects.filter(action="gardening.retag").exists()


def test_outdated_sinks_in_search_and_undo(org):
    twin = conversation_make(
        space=org["open"],
        author=org["member"],
        title="Kaizen week, again",
        body="Marker-Kaizen-Body",
    )
    services.conversation_mark_outdated(actor=fac(org), conversation=org["c"])
    assert fresh(org["c"]).outdated_at is not None
    hits = search(actor=Actor.for_user(org["member"]), q="Marker-Kaizen-Body").hits
    scores = {h.id: h.score for h in hits if h.kind in ("question", "discussion")}
    assert scores[org["c"].pk] < scores[twin.pk] / 2
    with pytest.raises(Invalid):
        services.conversation_mark_outdated(actor=fac(org), conversation=fresh(org["c"]))
    undo(org, "gardening.outdated")
    assert fresh(org["c"]).outdated_at is None


# -- Move ---------------------------------------------------------------------------


def test_move_into_private_space_leaves_non_members_search_at_once(org):
    member = Actor.for_user(org["member"])
    assert search(actor=member, q="Marker-Kaizen-Body").count >= 1
    services.conversation_move(actor=fac(org), conversation=org["c"], to_space=org["private"])
    assert fresh(org["c"]).space == org["private"]
    assert search(actor=member, q="Marker-Kaizen-Body").count == 0
    assert search(actor=member, q="answer").count == 0  # its replies too
    assert search(actor=fac(org), q="Marker-Kaizen-Body").count == 1
    assert set(
        SearchDocument.objects.filter(conversation_id=org["c"].pk).values_list(
            "space_id", flat=True
        )
    ) == {org["private"].pk}
    e = entry("gardening.move")
    assert e.before["space_id"] == org["open"].pk and e.after["space_id"] == org["private"].pk


def test_move_widening_needs_confirmation_then_undo(org):
    c = conversation_make(space=org["private"], author=org["facilitator"], title="Secret plans")
    assert audience_widens(org["private"], org["open"])
    with pytest.raises(Conflict, match="every employee"):
        services.conversation_move(actor=fac(org), conversation=c, to_space=org["open"])
    assert fresh(c).space == org["private"]
    assert not AuditEntry.objects.filter(action="gardening.move").exists()
    services.conversation_move(
        actor=fac(org), conversation=c, to_space=org["open"], confirm_widen=True
    )
    assert fresh(c).space == org["open"]
    undo(org, "gardening.move")  # back into the private space: narrowing, no confirmation
    assert fresh(c).space == org["private"]


def test_audience_rule_compares_people(org):
    assert not audience_widens(org["open"], org["private"])  # open → private narrows
    assert not audience_widens(org["open"], org["open"])
    smaller = space_make(visibility="private", leader=org["leader"])
    assert not audience_widens(org["private"], smaller)  # its one reader also reads priv
    assert audience_widens(smaller, org["private"])  # the facilitator is new there


def test_move_bad_input_changes_nothing(org):
    with pytest.raises(NotFound):  # a space the mover cannot see
        services.conversation_move(actor=fac(org), conversation=org["c"], to_space=org["secret"])
    with pytest.raises(Forbidden):  # a space the mover cannot post in
        services.conversation_move(
            actor=fac(org),
            conversation=org["c"],
            to_space=space_make(visibility="restricted", leader=org["leader"]),
        )
    with pytest.raises(Invalid):
        services.conversation_move(actor=fac(org), conversation=org["c"], to_space=org["open"])
    with pytest.raises(Invalid):
        services.conversation_move(actor=fac(org), conversation=org["c"], to_space=None)
    with pytest.raises(Forbidden):
        services.conversation_move(
            actor=Actor.for_user(org["member"]), conversation=org["c"], to_space=org["other"]
        )
    assert fresh(org["c"]).space == org["open"]
    assert not AuditEntry.objects.filter(action="gardening.move").exists()


def test_undo_move_refused_after_another_move(org):
    services.conversation_move(actor=fac(org), conversation=org["c"], to_space=org["other"])
    first = entry("gardening.move")
    leader = Actor.for_user(org["leader"])
    services.conversation_move(actor=leader, conversation=fresh(org["c"]), to_space=org["private"])
    with pytest.raises(Conflict, match="moved again"):
        services.gardening_undo(actor=leader, entry_id=first.pk)
    assert fresh(org["c"]).space == org["private"]


# -- Merge --------------------------------------------------------------------------


def test_merge_carries_replies_likes_follows_and_undo(org):
    target = conversation_make(
        space=org["open"], author=org["leader"], kind="question", title="Running kaizen weeks"
    )
    t_reply = reply_make(conversation=target, author=org["member"], body="Target answer")
    both, only_source = person_make(), person_make()
    for person in (both, only_source):
        membership_make(space=org["open"], user=person)
    like_add(actor=Actor.for_user(both), conversation=org["c"])
    like_add(actor=Actor.for_user(both), conversation=target)
    like_add(actor=Actor.for_user(only_source), conversation=org["c"])
    Follow.objects.create(user=both, conversation=org["c"], level="watching")
    Follow.objects.create(user=both, conversation=target, level="normal")
    source = fresh(org["c"])
    source_reply_ids = {org["r1"].pk, org["r2"].pk}

    kept = services.conversation_merge(actor=fac(org), conversation=source, into=f"/c/{target.pk}/")
    assert kept.pk == target.pk
    target = fresh(target)
    assert set(Reply.objects.filter(conversation=target).values_list("pk", flat=True)) == {
        t_reply.pk,
        *source_reply_ids,
    }
    assert target.reply_count == 3 and target.like_count == 2
    assert Like.objects.filter(conversation=target, user=both).count() == 1
    assert Follow.objects.get(user=both, conversation=target).level == "watching"
    assert Follow.objects.filter(user=org["member"], conversation=target).exists()
    source = fresh(source)
    assert source.merged_into_id == target.pk and source.removed_at is not None
    assert source.reply_count == 0
    assert SearchDocument.objects.get(kind="conversation", object_id=source.pk).removed
    assert set(
        SearchDocument.objects.filter(kind="reply", object_id__in=source_reply_ids).values_list(
            "conversation_id", flat=True
        )
    ) == {target.pk}
    assert Notification.objects.filter(recipient=org["member"], kind="gardening").exists()

    undo(org, "gardening.merge")
    source, target = fresh(source), fresh(target)
    assert source.merged_into_id is None and source.removed_at is None
    assert set(Reply.objects.filter(conversation=source).values_list("pk", flat=True)) == (
        source_reply_ids
    )
    assert source.reply_count == 2 and source.like_count == 2
    assert target.reply_count == 1 and target.like_count == 1
    assert Follow.objects.get(user=both, conversation=target).level == "normal"
    assert Follow.objects.filter(user=org["member"], conversation=source).exists()
    assert not SearchDocument.objects.get(kind="conversation", object_id=source.pk).removed


def test_merge_takes_the_accepted_answer_when_target_has_none(org):
    from hearth.conversations.services import reply_accept

    reply_accept(actor=Actor.for_user(org["member"]), reply=org["r1"])
    target = conversation_make(
        space=org["open"], author=org["leader"], kind="question", title="Kaizen weeks, the original"
    )
    services.conversation_merge(actor=fac(org), conversation=fresh(org["c"]), into=target.pk)
    assert fresh(target).accepted_reply_id == org["r1"].pk
    undo(org, "gardening.merge")
    assert fresh(target).accepted_reply_id is None
    assert fresh(org["c"]).accepted_reply_id == org["r1"].pk


def test_merge_bad_input_changes_nothing(org):
    with pytest.raises(Invalid, match="itself"):
        services.conversation_merge(actor=fac(org), conversation=org["c"], into=org["c"].pk)
    with pytest.raises(NotFound):
        services.conversation_merge(actor=fac(org), conversation=org["c"], into=999999)
    with pytest.raises(Invalid):
        services.conversation_merge(actor=fac(org), conversation=org["c"], into="not a link")
    hidden = conversation_make(space=org["secret"], author=person_make(), title="Secret thread")
    with pytest.raises(NotFound):  # a conversation the gardener cannot read
        services.conversation_merge(actor=fac(org), conversation=org["c"], into=hidden.pk)
    in_private = conversation_make(space=org["private"], author=org["leader"], title="Private one")
    with pytest.raises(Forbidden):
        services.conversation_merge(
            actor=Actor.for_user(org["member"]), conversation=org["c"], into=in_private.pk
        )
    c = fresh(org["c"])
    assert c.merged_into_id is None and c.removed_at is None and c.reply_count == 2
    assert not AuditEntry.objects.filter(action="gardening.merge").exists()


def test_merge_across_a_widening_boundary_needs_confirmation(org):
    secret = conversation_make(space=org["private"], author=org["facilitator"], title="Inner one")
    reply_make(conversation=secret, author=org["leader"])
    with pytest.raises(Conflict):
        services.conversation_merge(actor=fac(org), conversation=secret, into=org["c"].pk)
    assert fresh(secret).merged_into_id is None and fresh(secret).reply_count == 1
    services.conversation_merge(
        actor=fac(org), conversation=secret, into=org["c"].pk, confirm_widen=True
    )
    assert fresh(org["c"]).reply_count == 3


# -- Split --------------------------------------------------------------------------


def test_split_and_undo(org):
    r3 = reply_make(conversation=org["c"], author=org["member"], body="Off topic: the canteen")
    new = services.conversation_split(
        actor=fac(org),
        conversation=fresh(org["c"]),
        reply_ids=[r3.pk, org["r2"].pk],
        title="The canteen question",
    )
    assert new.space == org["open"] and new.author == org["facilitator"]
    assert set(Reply.objects.filter(conversation=new).values_list("pk", flat=True)) == {
        r3.pk,
        org["r2"].pk,
    }
    assert fresh(new).reply_count == 2 and fresh(org["c"]).reply_count == 1
    assert list(new.tags.values_list("slug", flat=True)) == ["lean"]
    assert f"/c/{org['c'].pk}/" in new.body
    assert Follow.objects.filter(user=org["member"], conversation=new, level="watching").exists()
    assert SearchDocument.objects.get(kind="reply", object_id=r3.pk).conversation_id == new.pk
    undo(org, "gardening.split")
    assert fresh(org["c"]).reply_count == 3
    assert fresh(new).removed_at is not None and fresh(new).reply_count == 0


def test_split_bad_input_changes_nothing(org):
    other = conversation_make(space=org["open"], author=org["member"], title="Another thread")
    foreign = reply_make(conversation=other, author=org["leader"])
    cases = [
        ([foreign.pk], "A new conversation"),  # a reply of another conversation
        ([org["r1"].pk, foreign.pk], "A new conversation"),
        ([], "A new conversation"),
        (["x"], "A new conversation"),
        ([org["r1"].pk], "x" * 201),
        ([org["r1"].pk], ""),
    ]
    for reply_ids, title in cases:
        with pytest.raises(Invalid):
            services.conversation_split(
                actor=fac(org), conversation=org["c"], reply_ids=reply_ids, title=title
            )
    assert Conversation.objects.count() == 2
    assert fresh(org["c"]).reply_count == 2
    assert not AuditEntry.objects.filter(action="gardening.split").exists()


def test_undo_split_refused_after_new_replies(org):
    new = services.conversation_split(
        actor=fac(org), conversation=org["c"], reply_ids=[org["r2"].pk], title="A side topic"
    )
    reply_make(conversation=new, author=org["member"], body="Continuing here")
    with pytest.raises(Conflict, match="changed since"):
        undo(org, "gardening.split")
    assert Reply.objects.filter(conversation=new).count() == 2


# -- Notify, undo refusals ------------------------------------------------------------


def test_notify_only_readers_and_it_cannot_be_undone(org):
    c = conversation_make(space=org["private"], author=org["leader"], title="Private question")
    notified, missed = services.conversation_notify(
        actor=fac(org), conversation=c, usernames=["@lea", "mem", "nobody"], message="Look"
    )
    assert [p.username for p in notified] == ["lea"] and missed == ["mem", "nobody"]
    assert Notification.objects.filter(recipient=org["leader"], kind="gardening").exists()
    assert not Notification.objects.filter(recipient=org["member"], kind="gardening").exists()
    with pytest.raises(Invalid, match="unsent"):
        undo(org, "gardening.notify")
    with pytest.raises(Invalid):
        services.conversation_notify(actor=fac(org), conversation=c, usernames=["mem"])
    with pytest.raises(Invalid):
        services.conversation_notify(
            actor=fac(org), conversation=c, usernames=["lea"], message="x" * 501
        )
    assert AuditEntry.objects.filter(action="gardening.notify").count() == 1


def test_undo_bad_input(org):
    with pytest.raises(NotFound):
        services.gardening_undo(actor=fac(org), entry_id=999999)
    with pytest.raises(Invalid):
        services.gardening_undo(actor=fac(org), entry_id="abc")
    services.conversation_retitle(actor=fac(org), conversation=org["c"], title="Kaizen week")
    with pytest.raises(Forbidden):  # a plain member
        services.gardening_undo(
            actor=Actor.for_user(org["member"]), entry_id=entry("gardening.retitle").pk
        )
    with pytest.raises(NotFound):  # an outsider of a private space
        c = conversation_make(space=org["private"], author=org["leader"], title="Private thing")
        services.conversation_retitle(actor=fac(org), conversation=c, title="Private thing 2")
        services.gardening_undo(
            actor=Actor.for_user(org["outsider"]), entry_id=entry("gardening.retitle").pk
        )
    assert fresh(org["c"]).title == "Kaizen week"


def test_merged_replies_render_under_a_new_cache_key(org, client):
    cache.clear()
    target = conversation_make(space=org["open"], author=org["leader"], title="The kept thread")
    client.force_login(org["member"])
    assert b"First answer" not in client.get(f"/c/{target.pk}/").content
    services.conversation_merge(actor=fac(org), conversation=org["c"], into=target.pk)
    assert b"First answer" in client.get(f"/c/{target.pk}/").content
    undo(org, "gardening.merge")
    assert b"First answer" not in client.get(f"/c/{target.pk}/").content
    assert b"First answer" in client.get(f"/c/{org['c'].pk}/").content


def test_polls_follow_a_moved_or_merged_conversation(org):
    from hearth.polls.models import Poll
    from tests.factories import poll_make

    poll = poll_make(space=org["open"], author=org["member"], conversation=org["c"])
    services.conversation_move(actor=fac(org), conversation=org["c"], to_space=org["private"])
    assert Poll.objects.get(pk=poll.pk).space == org["private"]
    assert not Poll.objects.visible_to(Actor.for_user(org["member"])).filter(pk=poll.pk).exists()
    with pytest.raises(Conflict):  # back into the open space widens again: confirm
        undo(org, "gardening.move")
    assert fresh(org["c"]).space == org["private"]
    undo(org, "gardening.move", confirm_widen=True)
    kept = conversation_make(space=org["other"], author=org["leader"], title="The kept one")
    leader = Actor.for_user(org["leader"])
    services.conversation_merge(actor=leader, conversation=fresh(org["c"]), into=kept.pk)
    assert Poll.objects.get(pk=poll.pk).conversation_id == kept.pk
    assert Poll.objects.get(pk=poll.pk).space == org["other"]
    services.gardening_undo(actor=leader, entry_id=entry("gardening.merge").pk)
    assert Poll.objects.get(pk=poll.pk).conversation_id == org["c"].pk
    assert Poll.objects.get(pk=poll.pk).space == org["open"]


def test_desks_move_is_undone_like_a_gardeners_move(org):
    from hearth.desks.services import question_move

    question_move(actor=fac(org), conversation=org["c"], to_space=org["other"])
    with pytest.raises(Forbidden):  # a plain member where it is now
        undo(org, "conversation.move")
    leader = Actor.for_user(org["leader"])
    services.gardening_undo(actor=leader, entry_id=entry("conversation.move").pk)
    assert fresh(org["c"]).space == org["open"]


def test_notify_emails_as_each_prefers(org, django_capture_on_commit_callbacks):
    from hearth.core.models import OutboundEmail

    org["member"].email_notifications = "none"
    org["member"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_notify(
            actor=fac(org), conversation=org["c"], usernames=["lea", "mem"], message="See this"
        )
    recipients = [e.to for e in OutboundEmail.objects.all()]
    assert any("lea@example.org" in str(r) for r in recipients)
    assert not any("mem@example.org" in str(r) for r in recipients)


# -- Undo never widens an audience unasked ------------------------------------------


def test_undo_split_after_the_original_moved_needs_confirmation(org):
    c = conversation_make(space=org["private"], author=org["leader"], title="Private thread")
    side = reply_make(conversation=c, author=org["facilitator"], body="Private reply")
    new = services.conversation_split(
        actor=fac(org), conversation=c, reply_ids=[side.pk], title="A private side topic"
    )
    split = entry("gardening.split")
    services.conversation_move(
        actor=fac(org), conversation=fresh(c), to_space=org["open"], confirm_widen=True
    )
    with pytest.raises(Conflict, match="every employee") as refused:
        services.gardening_undo(actor=fac(org), entry_id=split.pk)
    assert refused.value.field == "confirm_widen"
    assert Reply.objects.get(pk=side.pk).conversation_id == new.pk
    assert fresh(new).removed_at is None
    assert not GardeningUndo.objects.filter(entry=split).exists()
    services.gardening_undo(actor=fac(org), entry_id=split.pk, confirm_widen=True)
    assert Reply.objects.get(pk=side.pk).conversation_id == c.pk


def test_undo_merge_after_the_source_space_opened_needs_confirmation(org):
    from hearth.spaces.models import Space

    crew = space_make(visibility="private", leader=org["leader"])
    membership_make(space=crew, user=org["facilitator"], role="facilitator")
    membership_make(space=crew, user=org["member"])
    source = conversation_make(space=crew, author=org["leader"], title="Crew duplicate")
    moved = reply_make(conversation=source, author=org["leader"], body="Crew reply")
    kept = conversation_make(space=org["private"], author=org["leader"], title="Kept privately")
    services.conversation_merge(actor=fac(org), conversation=source, into=kept.pk)  # narrows
    Space.objects.filter(pk=crew.pk).update(visibility="open")
    with pytest.raises(Conflict) as refused:
        undo(org, "gardening.merge")
    assert refused.value.field == "confirm_widen"
    assert Reply.objects.get(pk=moved.pk).conversation_id == kept.pk
    assert fresh(source).merged_into_id == kept.pk
    undo(org, "gardening.merge", confirm_widen=True)
    assert Reply.objects.get(pk=moved.pk).conversation_id == source.pk


@pytest.mark.parametrize("number", [2**63, "9223372036854775808", 0, -5])
def test_ids_out_of_range_are_invalid(org, number):
    with pytest.raises(Invalid):
        services.conversation_split(
            actor=fac(org), conversation=org["c"], reply_ids=[number], title="Side topic"
        )
    with pytest.raises(Invalid):
        services.conversation_merge(actor=fac(org), conversation=org["c"], into=number)
    with pytest.raises(Invalid):
        services.conversation_ref_parse(f"/c/{number}/", field="into")
    with pytest.raises((Invalid, NotFound)):
        services.gardening_undo(actor=fac(org), entry_id=number)
    assert fresh(org["c"]).reply_count == 2


# -- Concurrency ----------------------------------------------------------------------


def test_merge_keeps_an_answer_accepted_meanwhile(org, monkeypatch):
    """An answer accepted on the target between the merge's first read and its lock
    is kept: the merge decides from the locked row."""
    from hearth.conversations.services import reply_accept

    reply_accept(actor=Actor.for_user(org["member"]), reply=org["r1"])
    target = conversation_make(
        space=org["open"], author=org["leader"], kind="question", title="Kaizen weeks, the original"
    )
    answer = reply_make(conversation=target, author=org["member"], body="The answer here")
    from hearth.gardening.services import merge as merging

    read_target = merging._merge_target

    def accepted_meanwhile(actor, source, into):
        found = read_target(actor, source, into)
        Conversation.objects.filter(pk=found.pk).update(accepted_reply=answer)
        return found

    monkeypatch.setattr(merging, "_merge_target", accepted_meanwhile)
    services.conversation_merge(actor=fac(org), conversation=fresh(org["c"]), into=target.pk)
    assert fresh(target).accepted_reply_id == answer.pk
    merge = entry("gardening.merge")
    assert merge.before["into_accepted_reply"] == answer.pk
    assert merge.after["into_accepted_reply"] == answer.pk
    monkeypatch.undo()
    undo(org, "gardening.merge")
    assert fresh(target).accepted_reply_id == answer.pk
    assert fresh(org["c"]).accepted_reply_id == org["r1"].pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
def test_undo_merge_locks_rows_in_the_merges_order(org):
    """Merge and its undo lock both conversations in id order, so the two running
    at once cannot deadlock."""
    import re

    from django.test.utils import CaptureQueriesContext

    newer = conversation_make(space=org["open"], author=org["member"], title="A later duplicate")
    services.conversation_merge(actor=fac(org), conversation=newer, into=org["c"].pk)
    with CaptureQueriesContext(connection) as captured:
        undo(org, "gardening.merge")
    locked = [
        int(m.group(1))
        for q in captured
        if "FOR UPDATE" in q["sql"] and '"conversations_conversation"' in q["sql"]
        for m in [re.search(r'"conversations_conversation"\."id" = (\d+)', q["sql"])]
        if m
    ]
    assert locked[:2] == [org["c"].pk, newer.pk]


def test_undo_split_removes_the_follows_it_made(org):
    r3 = reply_make(conversation=org["c"], author=org["member"], body="Off topic")
    own = person_make()
    new = services.conversation_split(
        actor=fac(org), conversation=fresh(org["c"]), reply_ids=[r3.pk], title="Side topic"
    )
    Follow.objects.create(user=own, conversation=new, level="normal")  # followed by choice
    made = Follow.objects.get(user=org["member"], conversation=new)
    assert entry("gardening.split").after["follows"] == [made.pk]
    undo(org, "gardening.split")
    assert not Follow.objects.filter(pk=made.pk).exists()
    assert Follow.objects.filter(user=own, conversation=new).exists()


# -- A library document marked outdated from the queue ----------------------------------


def test_document_mark_outdated_and_undo(org):
    from hearth.library.models import Document
    from tests.factories import document_make

    doc = document_make(space=org["open"], owner=org["leader"], title="Old procedure")
    status, revision = doc.status, doc.revision
    services.document_mark_outdated(actor=fac(org), document=doc, via="web")
    doc = Document.objects.get(pk=doc.pk)
    assert doc.status == "outdated" and doc.revision == revision + 1
    e = entry("gardening.document_outdated")
    assert e.target_type == "library.document" and e.space == org["open"]
    assert e.before == {"status": status, "revision": revision}
    assert e.after == {"status": "outdated", "revision": doc.revision}
    undo(org, "gardening.document_outdated")
    doc = Document.objects.get(pk=doc.pk)
    assert doc.status == status and doc.revision == e.after["revision"] + 1
    assert entry("gardening.undo").target_type == "library.document"
    with pytest.raises(Conflict):  # once only
        undo(org, "gardening.document_outdated")


def test_document_mark_outdated_refusals_change_nothing(org):
    from hearth.library.models import Document
    from tests.factories import document_make

    doc = document_make(space=org["open"], owner=org["leader"], title="Old procedure")
    with pytest.raises(Forbidden):  # a plain member
        services.document_mark_outdated(actor=Actor.for_user(org["member"]), document=doc)
    hidden = document_make(space=org["secret"], owner=person_make(), title="Secret doc")
    with pytest.raises(NotFound):
        services.document_mark_outdated(actor=fac(org), document=hidden)
    assert Document.objects.get(pk=doc.pk).status != "outdated"
    services.document_mark_outdated(actor=fac(org), document=doc)
    with pytest.raises(Invalid):  # already outdated
        services.document_mark_outdated(actor=fac(org), document=Document.objects.get(pk=doc.pk))
    assert AuditEntry.objects.filter(action="gardening.document_outdated").count() == 1


def test_document_outdated_undo_refused_after_a_new_revision(org):
    from hearth.library.models import Document
    from hearth.library.services import document_edit
    from tests.factories import document_make

    doc = document_make(space=org["open"], owner=org["leader"], title="Old procedure")
    services.document_mark_outdated(actor=fac(org), document=doc)
    doc = Document.objects.get(pk=doc.pk)
    document_edit(
        actor=Actor.for_user(org["leader"]),
        document=doc,
        base_revision=doc.revision,
        title=doc.title,
        body=doc.body + " More.",
    )
    with pytest.raises(Conflict, match="changed since"):
        undo(org, "gardening.document_outdated")
    assert Document.objects.get(pk=doc.pk).status == "outdated"
