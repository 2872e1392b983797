"""What actionplan adds to shared pages (see hearth.core.extensions): the Action plan
tab of a space."""

from hearth.core import extensions
from hearth.core.extensions import Part, shown_when


def register_parts() -> None:
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="actionplan.tab",
            app="hearth.actionplan",
            order=130,
            template="actionplan/_space_tab.html",
            context=shown_when("my_role"),
        ),
    )
