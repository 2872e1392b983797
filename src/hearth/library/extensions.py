"""What the library adds to other apps' pages (see hearth.core.extensions): the
files panel of a conversation, the Library tab of a space, and documents' tags."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from hearth.conversations.models import Conversation
from hearth.core import extensions
from hearth.core.extensions import Part, shown_when
from hearth.library import policies, selectors
from hearth.library.forms import AttachmentForm
from hearth.library.models import Document


def conversation_files(
    request: HttpRequest, conversation: Conversation, page: Mapping[str, Any]
) -> dict:
    """What the conversation page shows of its files: one query, none when the
    page's read found no file on the conversation."""
    actor = request.actor
    files = (
        selectors.conversation_attachments(actor=actor, conversation=conversation)
        if conversation.has_files
        else None
    )
    return {
        "attachments": files.attached if files else [],
        "removable": files.removable if files else frozenset(),
        "restorable": files.restorable if files else [],
        "retention_days": settings.HEARTH_ATTACHMENT_RETENTION.days,
        "can_attach": (
            not conversation.removed_at and policies.can_attach_to_conversation(actor, conversation)
        ),
        "attachment_form": AttachmentForm(),
    }


def tag_uses(actor, tag: OuterRef) -> Exists:
    """A tag used on a library document the actor may read is known to them."""
    return Exists(Document.objects.visible_to(actor).filter(tags=tag))


def register_parts() -> None:
    extensions.register(
        extensions.CONVERSATION_PANELS,
        Part(
            name="library.files",
            app="hearth.library",
            order=10,
            template="library/_conversation_files.html",
            context=conversation_files,
            annotations=lambda: {"has_files": selectors.conversation_has_attachments()},
        ),
    )
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="library.tab",
            app="hearth.library",
            order=20,
            template="library/_space_tab.html",
            context=shown_when("can_read"),
        ),
    )
    extensions.register(
        extensions.TAG_USES, Part(name="library.documents", app="hearth.library", value=tag_uses)
    )
