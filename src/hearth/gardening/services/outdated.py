"""Mark a conversation or a document outdated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.core.changes import change, record
from hearth.core.errors import Invalid
from hearth.gardening import policies
from hearth.gardening.services.common import _locked, _require_gardenable

if TYPE_CHECKING:
    from hearth.library.models import Document


@change("gardening.outdated", role="facilitator", check=_require_gardenable, on="conversation")
def conversation_mark_outdated(
    *, actor: Actor, conversation: Conversation, outdated: bool = True, via: str = "web"
) -> Conversation:
    """Mark a conversation outdated (a badge on its page; it sinks in search), or
    take the mark away."""
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
        record(
            actor,
            target=conversation,
            space=conversation.space,
            before={"outdated_at": before.isoformat() if before else None},
            after={"outdated_at": conversation.outdated_at.isoformat() if outdated else None},
            via=via,
        )
    return conversation


@change("gardening.document_outdated", role="facilitator", check=None)
def document_mark_outdated(*, actor: Actor, document: Document, via: str = "web") -> Document:
    """Mark a library document outdated from the gardening queue: a new revision
    through the library's own edit (which records the status change there too),
    and a gardening entry that can be undone. Returns the document."""
    from hearth.library.models import Document
    from hearth.library.services import document_edit

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
        record(
            actor,
            target=document,
            space=document.space,
            before=before,
            after={"status": document.status, "revision": document.revision},
            via=via,
        )
    return document
