"""Gardening writes: retitle, retag, move, merge, split, mark outdated, notify
people — and undo any of them (but notify) from its audit entry.

Each service reads top to bottom: the policy (``policies.require_garden``: the
space's facilitators and leaders, and organisation roles in scope only where they
may read it), the input, the change inside one transaction with its audit entry,
then what follows the commit. A refusal raises before anything is written.

Every audit entry keeps in ``before``/``after`` what the undo needs (ids, not
text to re-parse), and the undo refuses, with the reason, when the item has
changed since in a way that would make reversing it unsafe.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import TITLE_MAX, Conversation, Follow, Like, Reply, Revision
from hearth.conversations.services import tag_rows, tags_parse
from hearth.core.audit import audit_record, audited
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.markdown import markdown_render
from hearth.core.models import AuditEntry
from hearth.gardening import policies
from hearth.gardening.audience import (
    audience_widening_message,
    audience_widens,
    clean_usernames,
    readers_among,
)
from hearth.gardening.models import GardeningUndo
from hearth.gardening.operations import (
    conversation_extras,
    conversation_extras_move,
    conversation_reindex,
    conversation_relocate,
    counters_recompute,
    unread_recount_outside,
)
from hearth.library import policies as library_policies
from hearth.library.models import Document
from hearth.library.services import document_edit
from hearth.notifications.services import notification_send
from hearth.search.services import search_index_conversation
from hearth.spaces.models import Role, Space

MAX_NOTIFIED = 20
MESSAGE_MAX = 500
MAX_SPLIT = 200
# Stronger first: merging keeps the stronger of two follows of the same person.
FOLLOW_STRENGTH = {Follow.Level.WATCHING: 2, Follow.Level.NORMAL: 1, Follow.Level.MUTED: 0}


# -- Shared checks ------------------------------------------------------------------


def _require_gardenable(actor: Actor, conversation: Conversation) -> None:
    """The actor gardens the conversation's space, and it is still a live item."""
    policies.require_garden(actor, conversation.space)
    if conversation.merged_into_id is not None:
        raise Invalid("This conversation was merged into another one.")
    if conversation.removed_at is not None:
        raise Invalid("This conversation was removed; it cannot be gardened.")


def _as_role(actor: Actor, space) -> str:
    return policy.administering_role(actor, space, Role.FACILITATOR)


def _locked(conversation: Conversation) -> Conversation:
    """The conversation's row, locked for the transaction, unchanged since it was read
    (its space and state), or Conflict."""
    row = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if (row.space_id, row.removed_at, row.merged_into_id) != (
        conversation.space_id,
        conversation.removed_at,
        conversation.merged_into_id,
    ):
        raise Conflict("This conversation changed meanwhile; reload the page and try again.")
    return row


def _confirm_widening(source, target, confirmed: bool, *, what: str) -> None:
    if not confirmed and audience_widens(source, target):
        raise Conflict(audience_widening_message(source, target, what=what), field="confirm_widen")


def _clean_title(title) -> str:
    if not isinstance(title, str):
        raise Invalid("The title is text.", field="title")
    title = " ".join(title.split())
    if len(title) < 5:
        raise Invalid("Give a title of at least 5 characters.", field="title")
    if len(title) > TITLE_MAX:
        raise Invalid(f"A title can be at most {TITLE_MAX} characters.", field="title")
    return title


# Row ids are 64-bit signed integers: a number outside 1 ≤ n < 2**63 names no row,
# and the database driver would fail on it (OverflowError) rather than find none.
ID_MAX = 2**63 - 1


def id_in_range(number: int) -> bool:
    return 1 <= number <= ID_MAX


def conversation_ref_parse(value, *, field: str) -> int:
    """A conversation's number from "123", "/c/123/" or a full link."""
    try:
        number = int(str(value).strip().rstrip("/").rsplit("/", 1)[-1])
    except (TypeError, ValueError) as error:
        raise Invalid("Give the conversation's number or link (…/c/123/).", field=field) from error
    if not id_in_range(number):
        raise Invalid("Give the conversation's number or link (…/c/123/).", field=field)
    return number


def _notify_author(*, actor: Actor, author, conversation: Conversation, space, text: str) -> None:
    """Tell ``author`` where their conversation went (``conversation``, in ``space``),
    if they may read it there."""
    if (
        author
        and author.pk != actor.user_id
        and author.is_active
        and policy.can_read_space(Actor.for_user(author), space)
    ):
        notification_send(
            recipient=author,
            kind="gardening",
            actor=actor.user,
            space=space,
            conversation=conversation,
            url=conversation.get_absolute_url(),
            text=text,
        )


# -- Retitle, retag, outdated ---------------------------------------------------------


@audited("gardening.retitle")
def conversation_retitle(
    *, actor: Actor, conversation: Conversation, title, via: str = "web"
) -> Conversation:
    """Give a conversation a clearer title; the old one stays in its history."""
    _require_gardenable(actor, conversation)
    title = _clean_title(title)
    if title == conversation.title:
        raise Invalid("That is already the title.", field="title")
    with transaction.atomic():
        row = _locked(conversation)
        before = row.title
        Revision.objects.create(
            conversation=row, editor=actor.user, previous_title=before, previous_body=row.body
        )
        Conversation.objects.filter(pk=row.pk).update(title=title)
        conversation.title = title
        search_index_conversation(conversation)
        audit_record(
            actor=actor.user,
            action="gardening.retitle",
            target=conversation,
            space=conversation.space,
            before={"title": before},
            after={"title": title},
            via=via,
            as_role=_as_role(actor, conversation.space),
        )
    return conversation


def _tag_slugs(conversation: Conversation) -> list[str]:
    return sorted(conversation.tags.values_list("slug", flat=True))


@audited("gardening.retag")
def conversation_retag(
    *, actor: Actor, conversation: Conversation, tags, via: str = "web"
) -> list[str]:
    """Set a conversation's tags (a list or a comma-separated string; empty clears
    them). Returns the tag slugs, sorted."""
    _require_gardenable(actor, conversation)
    if tags is not None and not isinstance(tags, str | list | tuple):
        raise Invalid("Tags are a list of words.", field="tags")
    slugs = sorted(tags_parse(tags))
    with transaction.atomic():
        _locked(conversation)
        before = _tag_slugs(conversation)
        if before == slugs:
            raise Invalid("Those are already its tags.", field="tags")
        conversation.tags.set(tag_rows(slugs))
        audit_record(
            actor=actor.user,
            action="gardening.retag",
            target=conversation,
            space=conversation.space,
            before={"tags": before},
            after={"tags": slugs},
            via=via,
            as_role=_as_role(actor, conversation.space),
        )
    return slugs


@audited("gardening.outdated")
def conversation_mark_outdated(
    *, actor: Actor, conversation: Conversation, outdated: bool = True, via: str = "web"
) -> Conversation:
    """Mark a conversation outdated (a badge on its page; it sinks in search), or
    take the mark away."""
    _require_gardenable(actor, conversation)
    if not isinstance(outdated, bool):
        raise Invalid("Say whether it is outdated (true or false).", field="outdated")
    if (conversation.outdated_at is not None) == outdated:
        raise Invalid(
            "It is already marked outdated." if outdated else "It is not marked outdated.",
            field="outdated",
        )
    with transaction.atomic():
        row = _locked(conversation)
        before = row.outdated_at
        conversation.outdated_at = timezone.now() if outdated else None
        Conversation.objects.filter(pk=row.pk).update(outdated_at=conversation.outdated_at)
        audit_record(
            actor=actor.user,
            action="gardening.outdated",
            target=conversation,
            space=conversation.space,
            before={"outdated_at": before.isoformat() if before else None},
            after={"outdated_at": conversation.outdated_at.isoformat() if outdated else None},
            via=via,
            as_role=_as_role(actor, conversation.space),
        )
    return conversation


@audited("gardening.document_outdated")
def document_mark_outdated(*, actor: Actor, document, via: str = "web"):
    """Mark a library document outdated from the gardening queue: a new revision
    through the library's own edit (which records the status change there too),
    and a gardening entry that can be undone. Returns the document."""
    policies.require_garden(actor, document.space)
    if document.status == Document.Status.OUTDATED:
        raise Invalid("It is already marked outdated.", field="status")
    before = {"status": document.status, "revision": document.revision}
    with transaction.atomic():
        document = document_edit(
            actor=actor,
            document=document,
            base_revision=document.revision,
            title=document.title,
            body=document.body,
            status=Document.Status.OUTDATED,
            note="Marked outdated from the gardening queue.",
            via=via,
        )
        audit_record(
            actor=actor.user,
            action="gardening.document_outdated",
            target=document,
            space=document.space,
            before=before,
            after={"status": document.status, "revision": document.revision},
            via=via,
            as_role=_as_role(actor, document.space),
        )
    return document


# -- Move ---------------------------------------------------------------------------


def move_target_require(actor: Actor, to_space, *, field: str = "to_space") -> None:
    """A space the actor may know exists (else 404, the same as a missing one) and
    may post in (else 403)."""
    if to_space is None:
        raise Invalid("Choose the space to move it to.", field=field)
    if not policy.can_see_space(actor, to_space):
        raise NotFound("No such space.")
    if not policy.can_post_in_space(actor, to_space):
        raise Forbidden("You can move a conversation only to a space you can post in.")


@audited("gardening.move")
def conversation_move(
    *,
    actor: Actor,
    conversation: Conversation,
    to_space,
    confirm_widen: bool = False,
    via: str = "web",
) -> Conversation:
    """Move a conversation, with its replies, to another space the mover posts in.

    When the target's readers include people who could not read it where it is
    (``hearth.gardening.audience``), ``confirm_widen`` is needed; without it the
    refusal says who would newly see it. Search follows at once; people notified
    about it who may not read the new space stop seeing those notifications.
    """
    source = conversation.space
    _require_gardenable(actor, conversation)
    move_target_require(actor, to_space)
    if to_space.pk == source.pk:
        raise Invalid("The conversation is already in this space.", field="to_space")
    _confirm_widening(source, to_space, confirm_widen, what="this conversation")
    with transaction.atomic():
        _locked(conversation)
        conversation_relocate(conversation, to_space)
        audit_record(
            actor=actor.user,
            action="gardening.move",
            target=conversation,
            space=source,
            before={"space_id": source.pk},
            after={"space_id": to_space.pk},
            via=via,
            as_role=_as_role(actor, source),
        )
        _notify_author(
            actor=actor,
            author=conversation.author,
            conversation=conversation,
            space=to_space,
            text=f"Your conversation “{conversation.title}” was moved to {to_space}.",
        )
    unread_recount_outside(conversation, to_space)
    return conversation


# -- Merge --------------------------------------------------------------------------


def _merge_target(actor: Actor, source: Conversation, into) -> Conversation:
    target_id = conversation_ref_parse(into, field="into")
    if target_id == source.pk:
        raise Invalid("A conversation cannot be merged into itself.", field="into")
    target = Conversation.objects.select_related("space", "author").filter(pk=target_id).first()
    if (
        target is None
        or not policy.can_see_space(actor, target.space)
        or not policy.can_read_conversation(actor, target)
    ):
        raise NotFound("No such conversation to merge into.")
    policies.require_garden(actor, target.space)
    if target.removed_at is not None or target.merged_into_id is not None:
        raise Invalid("That conversation was removed or merged; choose another.", field="into")
    return target


@audited("gardening.merge")
def conversation_merge(
    *,
    actor: Actor,
    conversation: Conversation,
    into,
    confirm_widen: bool = False,
    via: str = "web",
) -> Conversation:
    """Merge a duplicate (``conversation``) into another (``into``: a number or link).

    The duplicate's replies, quick polls and files join the target (replies show in
    time order); its likes move there,
    except a person who liked both keeps the one like they had; its follows move,
    and a person who followed both keeps the stronger level. The target keeps its
    accepted answer; a target question without one takes the duplicate's. Counters
    of both are computed again. Nothing is deleted: the duplicate stays as a removed
    tombstone whose page redirects to the target, so the merge can be undone. A
    target in a space with readers the duplicate did not have needs
    ``confirm_widen``. Returns the target.
    """
    source = conversation
    _require_gardenable(actor, source)
    target = _merge_target(actor, source, into)
    _confirm_widening(source.space, target.space, confirm_widen, what="its replies")
    with transaction.atomic():
        # Both rows, locked in id order (as the undo locks them: no deadlock). What
        # the merge decides from (the accepted answers) is read from the locked rows:
        # an answer accepted since the first read is not overwritten.
        locked = {c.pk: _locked(c) for c in sorted([source, target], key=lambda c: c.pk)}
        source.accepted_reply_id = locked[source.pk].accepted_reply_id
        target.accepted_reply_id = locked[target.pk].accepted_reply_id
        reply_ids = list(
            Reply.objects.filter(conversation=source).order_by("pk").values_list("pk", flat=True)
        )
        Reply.objects.filter(pk__in=reply_ids).update(conversation=target)
        target_likers = Like.objects.filter(conversation=target).values("user_id")
        like_ids = list(
            Like.objects.filter(conversation=source)
            .exclude(user_id__in=target_likers)
            .values_list("pk", flat=True)
        )
        Like.objects.filter(pk__in=like_ids).update(conversation=target)
        follows_there = {f.user_id: f for f in Follow.objects.filter(conversation=target)}
        moved_follows, raised = [], {}
        for follow in Follow.objects.filter(conversation=source):
            there = follows_there.get(follow.user_id)
            if there is None:
                moved_follows.append(follow.pk)
            elif FOLLOW_STRENGTH[follow.level] > FOLLOW_STRENGTH[there.level]:
                raised[str(there.pk)] = there.level
                Follow.objects.filter(pk=there.pk).update(level=follow.level)
        Follow.objects.filter(pk__in=moved_follows).update(conversation=target)
        poll_ids, file_ids = conversation_extras(source)
        conversation_extras_move(source, target, polls=poll_ids, files=file_ids)
        before = {
            "space_id": source.space_id,
            "accepted_reply": source.accepted_reply_id,
            "into_accepted_reply": target.accepted_reply_id,
        }
        if (
            target.is_question
            and target.accepted_reply_id is None
            and source.accepted_reply_id in reply_ids
        ):
            target.accepted_reply_id = source.accepted_reply_id
        now = timezone.now()
        Conversation.objects.filter(pk=target.pk).update(accepted_reply_id=target.accepted_reply_id)
        Conversation.objects.filter(pk=source.pk).update(
            merged_into=target, removed_at=now, removed_by=actor.user, accepted_reply=None
        )
        source.merged_into, source.removed_at, source.accepted_reply_id = target, now, None
        counters_recompute(target)
        counters_recompute(source)
        conversation_reindex(target, reply_ids)
        search_index_conversation(source)
        audit_record(
            actor=actor.user,
            action="gardening.merge",
            target=source,
            space=source.space,
            before=before,
            after={
                "into": target.pk,
                "into_space_id": target.space_id,
                "replies": reply_ids,
                "likes": like_ids,
                "follows": moved_follows,
                "raised_follows": raised,
                "polls": poll_ids,
                "files": file_ids,
                "into_accepted_reply": target.accepted_reply_id,
            },
            via=via,
            as_role=_as_role(actor, source.space),
        )
        if source.author_id != target.author_id:
            _notify_author(
                actor=actor,
                conversation=target,
                space=target.space,
                author=source.author,
                text=f"Your conversation “{source.title}” was merged into “{target.title}”.",
            )
    if target.space_id != source.space_id:
        unread_recount_outside(source, target.space)
    return target


# -- Split --------------------------------------------------------------------------


def _reply_ids(value) -> list[int]:
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split() if part]
    if not isinstance(value, list | tuple) or not value:
        raise Invalid("Choose the replies to split off.", field="replies")
    ids = []
    for item in value:
        if isinstance(item, bool):
            raise Invalid("Replies are given by their numbers.", field="replies")
        try:
            number = int(item)
        except (TypeError, ValueError) as error:
            raise Invalid("Replies are given by their numbers.", field="replies") from error
        if not id_in_range(number):
            raise Invalid("No reply has that number.", field="replies")
        if number not in ids:
            ids.append(number)
    if len(ids) > MAX_SPLIT:
        raise Invalid(f"Split off at most {MAX_SPLIT} replies at a time.", field="replies")
    return ids


def _split_note(conversation: Conversation, actor: Actor, note: str) -> str:
    text = (
        f"Split from [{conversation.title}]({conversation.get_absolute_url()}) by "
        f"{actor.user}: the replies below continue that part of the conversation here."
    )
    return f"{text}\n\n{note}" if note else text


@audited("gardening.split")
def conversation_split(
    *,
    actor: Actor,
    conversation: Conversation,
    reply_ids,
    title,
    note: str = "",
    via: str = "web",
) -> Conversation:
    """Split chosen replies off into a new conversation (a discussion, in the same
    space, with the original's tags).

    The gardener opens the new conversation, with a note linking back to the
    original (nobody is made the author of words they did not write); the replies
    keep their authors and times, and their authors follow the new conversation.
    The accepted answer stays with its question: splitting it off is refused.
    Returns the new conversation.
    """
    _require_gardenable(actor, conversation)
    title = _clean_title(title)
    ids = _reply_ids(reply_ids)
    note = (note or "").strip() if isinstance(note, str) else ""
    if len(note) > MESSAGE_MAX:
        raise Invalid(f"The note can be at most {MESSAGE_MAX} characters.", field="note")
    replies = list(
        Reply.objects.filter(pk__in=ids, conversation=conversation).order_by("created_at", "pk")
    )
    if len(replies) != len(ids):
        raise Invalid("Choose replies of this conversation only.", field="replies")
    if conversation.accepted_reply_id in ids:
        raise Invalid(
            "The accepted answer stays with its question: take the mark away first.",
            field="replies",
        )
    body = _split_note(conversation, actor, note)
    with transaction.atomic():
        _locked(conversation)
        if Reply.objects.filter(pk__in=ids, conversation=conversation).count() != len(ids):
            raise Conflict("Some of these replies moved meanwhile; reload and try again.")
        first = replies[0]
        new = Conversation.objects.create(
            space=conversation.space,
            kind=Conversation.Kind.DISCUSSION,
            title=title,
            body=body,
            body_html=markdown_render(body),
            author=actor.user,
            created_at=first.created_at,
            last_activity_at=first.created_at,
        )
        new.tags.set(conversation.tags.all())
        Reply.objects.filter(pk__in=ids).update(conversation=new)
        follows = []
        for author_id in dict.fromkeys(r.author_id for r in replies if r.author_id):
            follow, created = Follow.objects.get_or_create(
                user_id=author_id, conversation=new, defaults={"level": Follow.Level.WATCHING}
            )
            if created:
                follows.append(follow.pk)
        counters_recompute(new)
        counters_recompute(conversation)
        conversation_reindex(new)
        audit_record(
            actor=actor.user,
            action="gardening.split",
            target=conversation,
            space=conversation.space,
            before={"replies": ids},
            after={"new_conversation": new.pk, "title": title, "replies": ids, "follows": follows},
            via=via,
            as_role=_as_role(actor, conversation.space),
        )
    return new


# -- Notify people ------------------------------------------------------------------


def people_notify(
    *,
    actor: Actor,
    conversation: Conversation,
    usernames,
    message: str,
    kind: str,
    text: str,
    email: bool,
) -> tuple[list, list[str], str]:
    """Check and send a notification about ``conversation`` to the people named who
    may read its space: (notified, names not notified, the message as cleaned).

    Shared by the gardeners' "notify people" and the desks' "ask for help"; the
    caller has checked its own right, and audits inside the same transaction.
    """
    if not isinstance(usernames, list | tuple):
        raise Invalid("Choose at least one person to notify.", field="usernames")
    names = clean_usernames(usernames)
    if not names:
        raise Invalid("Choose at least one person to notify.", field="usernames")
    if len(names) > MAX_NOTIFIED:
        raise Invalid(f"Notify at most {MAX_NOTIFIED} people at a time.", field="usernames")
    message = (message or "").strip() if isinstance(message, str) else None
    if message is None:
        raise Invalid("The message is text.", field="message")
    if len(message) > MESSAGE_MAX:
        raise Invalid(f"The message can be at most {MESSAGE_MAX} characters.", field="message")
    reachable, unreachable = readers_among(actor=actor, space=conversation.space, names=names)
    if not reachable:
        raise Invalid(
            "None of these people can read this space: no one was notified.", field="usernames"
        )
    body = f"{text} “{message}”" if message else text
    for person in reachable:
        notification_send(
            recipient=person,
            kind=kind,
            actor=actor.user,
            space=conversation.space,
            conversation=conversation,
            url=conversation.get_absolute_url(),
            text=body,
            email=email,
        )
    return reachable, unreachable, message


@audited("gardening.notify")
def conversation_notify(
    *, actor: Actor, conversation: Conversation, usernames, message: str = "", via: str = "web"
) -> tuple[list, list[str]]:
    """Point chosen people to a conversation with a message: in the app, and by
    email as each prefers. Only people who may read its space are told; the others'
    names come back. Cannot be undone (a notification cannot be unsent)."""
    _require_gardenable(actor, conversation)
    with transaction.atomic():
        reachable, unreachable, message = people_notify(
            actor=actor,
            conversation=conversation,
            usernames=usernames,
            message=message,
            kind="gardening",
            text=f"{actor.user} points you to “{conversation.title}”.",
            email=True,
        )
        audit_record(
            actor=actor.user,
            action="gardening.notify",
            target=conversation,
            space=conversation.space,
            after={
                "notified": [p.username for p in reachable],
                "not_notified": unreachable,
                "message": message,
            },
            via=via,
            as_role=_as_role(actor, conversation.space),
        )
    return reachable, unreachable


# -- Undo ---------------------------------------------------------------------------


def _when(value):
    return parse_datetime(value) if value else None


def _undo_retitle(actor, entry, conversation, confirm_widen):
    if conversation.title != entry.after["title"]:
        raise Conflict("The title changed again since; retitle it instead.")
    conversation.title = entry.before["title"]
    Conversation.objects.filter(pk=conversation.pk).update(title=conversation.title)
    search_index_conversation(conversation)
    return {"title": entry.after["title"]}, {"title": conversation.title}


def _undo_retag(actor, entry, conversation, confirm_widen):
    if _tag_slugs(conversation) != sorted(entry.after["tags"]):
        raise Conflict("The tags changed again since; retag it instead.")
    conversation.tags.set(tag_rows(sorted(entry.before["tags"])))
    return {"tags": entry.after["tags"]}, {"tags": entry.before["tags"]}


def _undo_outdated(actor, entry, conversation, confirm_widen):
    if (conversation.outdated_at is None) != (entry.after["outdated_at"] is None):
        raise Conflict("Its outdated mark changed again since.")
    conversation.outdated_at = _when(entry.before["outdated_at"])
    Conversation.objects.filter(pk=conversation.pk).update(outdated_at=conversation.outdated_at)
    return entry.after, entry.before


def _space_back(actor, space_id):
    space = Space.objects.filter(pk=space_id).first()
    if space is None:
        raise Conflict("The space it came from no longer exists.")
    return space


def _undo_move(actor, entry, conversation, confirm_widen):
    back = _space_back(actor, entry.before.get("space_id"))
    if conversation.space_id != entry.after.get("space_id"):
        raise Conflict("It has been moved again since; undo that move first.")
    move_target_require(actor, back)
    _confirm_widening(conversation.space, back, confirm_widen, what="this conversation")
    here = conversation.space
    conversation_relocate(conversation, back)
    transaction.on_commit(lambda: unread_recount_outside(conversation, back))
    return {"space_id": here.pk}, {"space_id": back.pk}


def _undo_merge(actor, entry, source, confirm_widen):
    after, before = entry.after, entry.before
    if source.merged_into_id != after["into"]:
        raise Conflict("It is no longer merged there.")
    target = Conversation.objects.select_for_update().select_related("space").get(pk=after["into"])
    policies.require_garden(actor, target.space)
    # The source space's audience may have widened since the merge.
    _confirm_widening(target.space, source.space, confirm_widen, what="the merged replies")
    if Reply.objects.filter(pk__in=after["replies"], conversation=target).count() != len(
        after["replies"]
    ):
        raise Conflict("Some of the merged replies were moved since; they cannot all go back.")
    Reply.objects.filter(pk__in=after["replies"]).update(conversation=source)
    Like.objects.filter(pk__in=after["likes"], conversation=target).update(conversation=source)
    try:
        with transaction.atomic():
            Follow.objects.filter(pk__in=after["follows"], conversation=target).update(
                conversation=source
            )
    except IntegrityError as error:
        raise Conflict("Someone followed the old conversation meanwhile.") from error
    conversation_extras_move(
        target, source, polls=after.get("polls", []), files=after.get("files", [])
    )
    for follow_id, level in after["raised_follows"].items():
        Follow.objects.filter(pk=int(follow_id), conversation=target).update(level=level)
    if target.accepted_reply_id == after["into_accepted_reply"]:
        target.accepted_reply_id = before["into_accepted_reply"]
        Conversation.objects.filter(pk=target.pk).update(accepted_reply_id=target.accepted_reply_id)
    source.merged_into, source.removed_at, source.removed_by = None, None, None
    source.accepted_reply_id = before["accepted_reply"]
    Conversation.objects.filter(pk=source.pk).update(
        merged_into=None,
        removed_at=None,
        removed_by=None,
        accepted_reply_id=before["accepted_reply"],
    )
    counters_recompute(target)
    counters_recompute(source)
    conversation_reindex(source)
    search_index_conversation(target)
    return {"into": target.pk, "replies": after["replies"]}, {"conversation": source.pk}


def _undo_split(actor, entry, conversation, confirm_widen):
    new = (
        Conversation.objects.select_for_update()
        .select_related("space")
        .filter(pk=entry.after["new_conversation"])
        .first()
    )
    if new is None or new.removed_at is not None:
        raise Conflict("The conversation split off was removed since.")
    if new.space_id != conversation.space_id:
        # One of them moved since: the replies would go back to another audience.
        policies.require_garden(actor, new.space)
        _confirm_widening(new.space, conversation.space, confirm_widen, what="its replies")
    ids = sorted(entry.after["replies"])
    here = sorted(Reply.objects.filter(conversation=new).values_list("pk", flat=True))
    if here != ids:
        raise Conflict(
            "The conversation split off has changed since (replies added or moved): "
            "merge it back instead."
        )
    Reply.objects.filter(pk__in=ids).update(conversation=conversation)
    # The follows the split gave the reply authors (older entries kept none).
    Follow.objects.filter(pk__in=entry.after.get("follows", []), conversation=new).delete()
    new.removed_at, new.removed_by = timezone.now(), actor.user
    Conversation.objects.filter(pk=new.pk).update(removed_at=new.removed_at, removed_by=actor.user)
    counters_recompute(new)
    counters_recompute(conversation)
    conversation_reindex(conversation, ids)
    search_index_conversation(new)
    return {"new_conversation": new.pk}, {"replies": ids}


def _undo_document_outdated(actor, entry, document, confirm_widen):
    """Give the document back its status, as a new revision through the library's
    own edit — only while nobody has saved it since the mark."""
    if document.revision != entry.after["revision"] or document.status != entry.after["status"]:
        raise Conflict("The document changed since; set its status on its page instead.")
    document = document_edit(
        actor=actor,
        document=document,
        base_revision=document.revision,
        title=document.title,
        body=document.body,
        status=entry.before["status"],
        note="Outdated mark undone from the audit log.",
    )
    return {"status": entry.after["status"]}, {"status": document.status}


UNDO = {
    "gardening.retitle": _undo_retitle,
    "gardening.retag": _undo_retag,
    "gardening.outdated": _undo_outdated,
    "gardening.move": _undo_move,
    "conversation.move": _undo_move,  # the desks' move of a question
    "gardening.merge": _undo_merge,
    "gardening.split": _undo_split,
    "gardening.document_outdated": _undo_document_outdated,
}
NOT_UNDOABLE = {"gardening.notify": "A notification cannot be unsent."}


def undo_refusal(entry: AuditEntry) -> str | None:
    """Why an entry cannot be undone at all (None when it can be tried)."""
    if entry.action in NOT_UNDOABLE:
        return NOT_UNDOABLE[entry.action]
    if entry.action not in UNDO:
        return "Only gardening actions can be undone here."
    if entry.action in MOVES and not isinstance(entry.before.get("space_id"), int):
        # The desks' first question moves kept the spaces' names, not their ids.
        return "This move was recorded before Hearth kept the spaces' ids: move it back by hand."
    return None


MOVES = ("gardening.move", "conversation.move")


def undo_related(entries) -> dict:
    """What gardening entries point at, loaded at once (two queries for any number
    of entries): the conversations (with their space) — each entry's item, a
    merge's target, a split's new conversation — and the spaces moves came from."""
    conversation_ids, space_ids = set(), set()
    for entry in entries:
        if entry.target_type == "conversations.conversation" and entry.target_id.isdigit():
            conversation_ids.add(int(entry.target_id))
        for key in ("into", "new_conversation"):
            conversation_ids.add(entry.after.get(key))
        if entry.action in MOVES:
            space_ids.add(entry.before.get("space_id"))
    conversation_ids = {i for i in conversation_ids if isinstance(i, int) and id_in_range(i)}
    space_ids = {i for i in space_ids if isinstance(i, int) and id_in_range(i)}
    document_ids = {
        int(e.target_id)
        for e in entries
        if e.target_type == "library.document" and e.target_id.isdigit()
    }
    document_ids = {i for i in document_ids if id_in_range(i)}
    return {
        "conversations": Conversation.objects.select_related("space", "author").in_bulk(
            conversation_ids
        )
        if conversation_ids
        else {},
        "documents": Document.objects.select_related("space").in_bulk(document_ids)
        if document_ids
        else {},
        "spaces": Space.objects.in_bulk(space_ids) if space_ids else {},
    }


def undo_item(entry: AuditEntry, related: dict):
    """The conversation or library document an entry is about, from ``related``."""
    if not entry.target_id.isdigit():
        return None
    kind = {"conversations.conversation": "conversations", "library.document": "documents"}
    return related.get(kind.get(entry.target_type, ""), {}).get(int(entry.target_id))


def undo_denial(actor: Actor, entry: AuditEntry, conversation, related: dict):
    """The policy's refusal of this undo to the actor (a NotFound or Forbidden to
    raise), or None when it allows it. The one rule for the service and for the
    audit page's Undo button: the undoer gardens the space the item is in now, for
    a merge the target's space too, for a split whose new conversation moved since
    that space too; and for a move may post in the space it goes back to. A
    library document: the undoer gardens its space and may read the document."""
    spaces = [conversation.space]
    if not isinstance(conversation, Conversation) and not library_policies.can_read_document(
        actor, conversation
    ):
        return NotFound("No such audit entry.")
    if entry.action == "gardening.merge":
        target = related["conversations"].get(entry.after.get("into"))
        if target is None:
            return NotFound("The conversation it was merged into no longer exists.")
        spaces.append(target.space)
    if entry.action == "gardening.split":
        new = related["conversations"].get(entry.after.get("new_conversation"))
        if new is not None and new.space_id != conversation.space_id:
            spaces.append(new.space)
    try:
        for space in spaces:
            policies.require_garden(actor, space)
        back = related["spaces"].get(entry.before.get("space_id"))
        if entry.action in MOVES and back is not None:
            move_target_require(actor, back)
    except (NotFound, Forbidden, Invalid) as refusal:
        return refusal
    return None


def _entry_item(actor: Actor, entry_id) -> tuple[AuditEntry, object, dict]:
    """The entry, the conversation or library document it is about (NotFound for
    one the actor may not know of), and what it points at (``undo_related``)."""
    if (
        isinstance(entry_id, bool)
        or not str(entry_id).isdigit()
        or not id_in_range(int(str(entry_id)))
    ):
        raise Invalid("Give the audit entry's number.", field="entry")
    entry = AuditEntry.objects.filter(pk=int(entry_id)).first()
    related = undo_related([entry]) if entry is not None else {}
    item = undo_item(entry, related) if entry is not None else None
    if item is None or not policy.can_see_space(actor, item.space):
        raise NotFound("No such audit entry.")
    return entry, item, related


def _undo_lock(entry: AuditEntry, conversation: Conversation) -> Conversation:
    """Lock the item's row — and for a merge the target's too, both in id order as
    the merge locked them, so a merge and an undo running at once cannot deadlock.
    Returns the item's locked row."""
    pks = {conversation.pk}
    into = entry.after.get("into") if entry.action == "gardening.merge" else None
    if isinstance(into, int) and id_in_range(into):
        pks.add(into)
    rows = {
        pk: Conversation.objects.select_for_update().filter(pk=pk).first() for pk in sorted(pks)
    }
    if rows[conversation.pk] is None:
        raise NotFound("No such audit entry.")
    return rows[conversation.pk]


@audited("gardening.undo")
def gardening_undo(
    *, actor: Actor, entry_id, confirm_widen: bool = False, via: str = "web"
) -> AuditEntry:
    """Reverse the gardening action of audit entry ``entry_id``, once.

    The undoer must garden the space the item is in now (and, for a move, post in
    the space it goes back to; widening needs ``confirm_widen`` as for any move).
    Refused, with the reason and nothing changed, when the item changed since in a
    way that makes the undo unsafe (moved again, retitled again, new replies in a
    split-off conversation…). Returns the undo's own audit entry.
    """
    entry, item, related = _entry_item(actor, entry_id)
    policies.require_garden(actor, item.space)
    denial = undo_denial(actor, entry, item, related)
    if denial is not None:
        raise denial
    refusal = undo_refusal(entry)
    if refusal:
        raise Invalid(refusal, field="entry")
    if GardeningUndo.objects.filter(entry=entry).exists():
        raise Conflict("This action was already undone.")
    is_conversation = isinstance(item, Conversation)
    if is_conversation and entry.action != "gardening.merge" and item.removed_at is not None:
        raise Conflict("The conversation was removed or merged since; nothing to undo.")
    try:
        with transaction.atomic():
            if is_conversation:
                row = _undo_lock(entry, item)
                item.title, item.outdated_at = row.title, row.outdated_at
                item.space_id, item.merged_into_id = row.space_id, row.merged_into_id
            else:
                item = (
                    type(item).objects.select_for_update().select_related("space").get(pk=item.pk)
                )
            before, after = UNDO[entry.action](actor, entry, item, confirm_widen)
            undo = audit_record(
                actor=actor.user,
                action="gardening.undo",
                target=item,
                space=item.space,
                before=before,
                after={**after, "undoes": entry.pk, "undone_action": entry.action},
                via=via,
                as_role=_as_role(actor, item.space),
            )
            GardeningUndo.objects.create(entry=entry, undo_entry=undo, undone_by=actor.user)
    except IntegrityError as error:
        raise Conflict("This action was already undone.") from error
    return undo
