"""What spaces adds to shared pages (see hearth.core.extensions): the Members and
Access requests tabs among a space's other tabs."""

from hearth.core import extensions
from hearth.core.extensions import Part, shown_when


def register_parts() -> None:
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="spaces.members_tab",
            app="hearth.spaces",
            order=70,
            template="spaces/_members_tab.html",
            context=shown_when(),
        ),
    )
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="spaces.requests_tab",
            app="hearth.spaces",
            order=150,
            template="spaces/_requests_tab.html",
            context=shown_when("can_decide"),
        ),
    )
