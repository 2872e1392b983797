"""What launch adds to shared pages (see hearth.core.extensions): the Invite tab of a space."""

from hearth.core import extensions
from hearth.core.extensions import Part, shown_when


def register_parts() -> None:
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="launch.tab",
            app="hearth.launch",
            order=140,
            template="launch/_space_tab.html",
            context=shown_when("can_decide"),
        ),
    )
