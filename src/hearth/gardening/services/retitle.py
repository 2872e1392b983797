"""Retitle and retag a conversation."""

from __future__ import annotations

from django.db import transaction

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation, Revision
from hearth.conversations.services import tag_rows, tags_parse
from hearth.core.changes import change, record
from hearth.core.errors import Invalid
from hearth.core.indexing import index_changed
from hearth.gardening.services.common import _clean_title, _locked, _require_gardenable


@change("gardening.retitle", role="facilitator", check=_require_gardenable, on="conversation")
def conversation_retitle(
    *, actor: Actor, conversation: Conversation, title: str, via: str = "web"
) -> Conversation:
    """Give a conversation a clearer title; the old one stays in its history."""
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
        index_changed(conversation)
        record(
            actor,
            target=conversation,
            space=conversation.space,
            before={"title": before},
            after={"title": title},
            via=via,
        )
    return conversation


def _tag_slugs(conversation: Conversation) -> list[str]:
    return sorted(conversation.tags.values_list("slug", flat=True))


@change("gardening.retag", role="facilitator", check=_require_gardenable, on="conversation")
def conversation_retag(
    *, actor: Actor, conversation: Conversation, tags: list[str] | str, via: str = "web"
) -> list[str]:
    """Set a conversation's tags (a list or a comma-separated string; empty clears
    them). Returns the tag slugs, sorted."""
    if tags is not None and not isinstance(tags, str | list | tuple):
        raise Invalid("Tags are a list of words.", field="tags")
    slugs = sorted(tags_parse(tags))
    with transaction.atomic():
        _locked(conversation)
        before = _tag_slugs(conversation)
        if before == slugs:
            raise Invalid("Those are already its tags.", field="tags")
        conversation.tags.set(tag_rows(slugs))
        record(
            actor,
            target=conversation,
            space=conversation.space,
            before={"tags": before},
            after={"tags": slugs},
            via=via,
        )
    return slugs
