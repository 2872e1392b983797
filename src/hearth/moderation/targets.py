"""What can be reported: each kind of thing is a ``TargetKind`` registered here.

A kind says how to find an item for the person reporting it (through the same
selectors as the pages, so one cannot report what one cannot read), whose it is,
which space reviews it, and how the decisions apply to it. A new kind (documents,
events...) subclasses ``TargetKind`` and calls ``target_kind_register``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.conversations.models import BODY_MAX, Conversation, Reply, Revision
from hearth.conversations.selectors import conversation_get, reply_get
from hearth.core.errors import Invalid, NotFound
from hearth.core.indexing import index_changed
from hearth.core.markdown import markdown_render


class TargetKind(ABC):
    name: str = ""
    label: str = ""
    # Can the item be hidden or removed (a profile cannot; a person is not hidden).
    can_hide: bool = True

    @abstractmethod
    def get(self, *, actor: Actor, target_id: int):
        """The item as ``actor`` may read it, or NotFound."""

    @abstractmethod
    def load_many(self, ids: list[int]) -> dict[int, object]:
        """Items by id for moderators (their space was checked already): one query."""

    def space_of(self, item):
        return None

    def author_id_of(self, item) -> int | None:
        return item.author_id

    def label_of(self, item) -> str:
        return str(item)[:200]

    @abstractmethod
    def url_of(self, item) -> str:
        """Where the item is read."""

    def text_of(self, item) -> str:
        return ""

    def is_removed(self, item) -> bool:
        return getattr(item, "removed_at", None) is not None

    def hide(self, item) -> None:
        raise Invalid(f"A {self.label} cannot be hidden.", field="decision")

    def unhide(self, item) -> None:
        return None

    def remove(self, *, actor: Actor, item) -> None:
        raise Invalid(f"A {self.label} cannot be removed.", field="decision")

    @abstractmethod
    def edit(self, *, actor: Actor, item, body: str) -> None:
        """Change the item's text as a moderator's decision."""


class _PostKind(TargetKind):
    """Conversations and replies: hidden with ``hidden_at``; removed softly, as the
    conversations app removes them (the text is kept; pages show "removed")."""

    def _index(self, item) -> None:
        index_changed(item)

    def hide(self, item) -> None:
        if item.hidden_at is None:
            item.hidden_at = timezone.now()
            item.save(update_fields=["hidden_at"])
            self._index(item)

    def unhide(self, item) -> None:
        if item.hidden_at is not None:
            item.hidden_at = None
            item.save(update_fields=["hidden_at"])
            self._index(item)

    def remove(self, *, actor: Actor, item) -> None:
        if item.removed_at is None:
            item.removed_at, item.removed_by = timezone.now(), actor.user
        # A removed post shows as "removed" to every reader, as the authors' own
        # removals do; hiding it any further would only hide that it was removed.
        item.hidden_at = None
        item.save(update_fields=["removed_at", "removed_by", "hidden_at"])
        self._index(item)

    def edit(self, *, actor: Actor, item, body: str) -> None:
        body = (body or "").strip()
        if not body:
            raise Invalid("Give the edited text.", field="body")
        if len(body) > BODY_MAX:
            raise Invalid(f"A post can be at most {BODY_MAX:,} characters.", field="body")
        revision = Revision(editor=actor.user, previous_body=item.body)
        setattr(revision, self.name, item)
        if self.name == "conversation":
            revision.previous_title = item.title
        revision.save()
        item.body, item.body_html = body, markdown_render(body)
        item.edited_at, item.hidden_at = timezone.now(), None
        item.save(update_fields=["body", "body_html", "edited_at", "hidden_at"])
        self._index(item)

    def text_of(self, item) -> str:
        return item.body


class ConversationKind(_PostKind):
    name, label = "conversation", "conversation"

    def get(self, *, actor: Actor, target_id: int):
        return conversation_get(actor=actor, conversation_id=target_id)

    def load_many(self, ids):
        return Conversation.objects.select_related("space").in_bulk(ids)

    def space_of(self, item):
        return item.space

    def label_of(self, item) -> str:
        return item.title[:200]

    def _index(self, item) -> None:
        """Index the conversation, and its replies again: hiding it took them out of
        search with it, and showing it again must bring them back."""
        index_changed(item)
        if item.hidden_at is None and item.removed_at is None:
            for reply in item.replies.select_related("conversation"):
                index_changed(reply)

    def url_of(self, item) -> str:
        return item.get_absolute_url()


class ReplyKind(_PostKind):
    name, label = "reply", "reply"

    def get(self, *, actor: Actor, target_id: int):
        return reply_get(actor=actor, reply_id=target_id)

    def load_many(self, ids):
        return Reply.objects.select_related("conversation__space").in_bulk(ids)

    def space_of(self, item):
        return item.conversation.space

    def label_of(self, item) -> str:
        return f"A reply in “{item.conversation.title}”"[:200]

    def url_of(self, item) -> str:
        return f"/c/{item.conversation_id}/#reply-{item.pk}"

    def remove(self, *, actor: Actor, item) -> None:
        # As the conversations app's removal: the count is of replies not removed.
        # (A hidden reply stays in the count, as it does in the demo's recount.)
        if item.removed_at is None:
            Conversation.objects.filter(pk=item.conversation_id).update(
                reply_count=F("reply_count") - 1
            )
        Conversation.objects.filter(pk=item.conversation_id, accepted_reply=item).update(
            accepted_reply=None
        )
        super().remove(actor=actor, item=item)


class ProfileKind(TargetKind):
    """A person's profile. Reviewed by platform admins; it is never hidden (people
    stay findable), but its "About" text can be edited and its owner sanctioned."""

    name, label = "profile", "profile"
    can_hide = False

    def get(self, *, actor: Actor, target_id: int):
        person = get_user_model().objects.filter(pk=target_id, is_active=True).first()
        if person is None or not actor.is_authenticated:
            raise NotFound("No such person.")
        return person

    def load_many(self, ids):
        return get_user_model().objects.in_bulk(ids)

    def author_id_of(self, item) -> int | None:
        return item.pk

    def label_of(self, item) -> str:
        return f"The profile of {item.display_name}"[:200]

    def url_of(self, item) -> str:
        return f"/people/{item.username}/"

    def text_of(self, item) -> str:
        return item.bio

    def is_removed(self, item) -> bool:
        return not item.is_active

    def edit(self, *, actor: Actor, item, body: str) -> None:
        body = (body or "").strip()
        if len(body) > 2000:
            raise Invalid("An “About” text can be at most 2,000 characters.", field="body")
        item.bio = body
        item.save(update_fields=["bio"])


TARGET_KINDS: dict[str, TargetKind] = {}


def target_kind_register(kind: TargetKind) -> TargetKind:
    TARGET_KINDS[kind.name] = kind
    return kind


for _kind in (ConversationKind(), ReplyKind(), ProfileKind()):
    target_kind_register(_kind)


def target_kind(name: str) -> TargetKind:
    kind = TARGET_KINDS.get(name or "")
    if kind is None:
        raise Invalid(f"What can be reported: {', '.join(TARGET_KINDS)}.", field="target_type")
    return kind
