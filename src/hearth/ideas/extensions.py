"""What ideas add to other apps' pages (see hearth.core.extensions): the Ideas tab of
a space."""

from hearth.core import extensions
from hearth.core.extensions import Part, shown_when


def register_parts() -> None:
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="ideas.tab",
            app="hearth.ideas",
            order=40,
            template="ideas/_space_tab.html",
            context=shown_when("can_read"),
        ),
    )
