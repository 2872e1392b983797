"""What the library adds to other apps' pages (see hearth.core.extensions): the
files panel of a conversation, the Library tab of a space, and documents' tags."""

from django.db.models import Exists, OuterRef

from hearth.core import extensions
from hearth.core.extensions import Part, shown_when
from hearth.library.models import Document
from hearth.library.selectors import conversation_has_attachments
from hearth.library.views import conversation_files_context


def conversation_files(request, conversation, page) -> dict:
    # One query, none when the page's read found no file on the conversation.
    return conversation_files_context(request.actor, conversation, any_files=conversation.has_files)


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
            annotations=lambda: {"has_files": conversation_has_attachments()},
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
