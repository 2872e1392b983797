"""What moderation adds to shared pages (see hearth.core.extensions): the Guidelines
and Review queue tabs of a space."""

from hearth.core import extensions
from hearth.core.extensions import Part, shown_when


def register_parts() -> None:
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="moderation.guidelines_tab",
            app="hearth.moderation",
            order=90,
            template="moderation/_guidelines_tab.html",
            context=shown_when("can_read"),
        ),
    )
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="moderation.queue_tab",
            app="hearth.moderation",
            order=100,
            template="moderation/_queue_tab.html",
            context=shown_when("can_decide", "can_read"),
        ),
    )
