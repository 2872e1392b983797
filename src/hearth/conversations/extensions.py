"""What conversations adds to shared pages (see hearth.core.extensions): the
Conversations tab of a space."""

from hearth.core import extensions
from hearth.core.extensions import Part, shown_when


def register_parts() -> None:
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="conversations.tab",
            app="hearth.conversations",
            order=10,
            template="conversations/_space_tab.html",
            context=shown_when("can_read"),
        ),
    )
