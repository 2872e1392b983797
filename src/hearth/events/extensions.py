"""What events add to other apps' pages (see hearth.core.extensions): the Events tab of
a space."""

from hearth.core import extensions
from hearth.core.extensions import Part, shown_when


def register_parts() -> None:
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="events.tab",
            app="hearth.events",
            order=50,
            template="events/_space_tab.html",
            context=shown_when("can_read"),
        ),
    )
