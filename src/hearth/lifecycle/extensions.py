"""What lifecycle adds to shared pages (see hearth.core.extensions): a space's
lifecycle tabs (charter, playbook, pilot)."""

from hearth.core import extensions
from hearth.core.extensions import Part, shown_when


def register_parts() -> None:
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="lifecycle.tabs",
            app="hearth.lifecycle",
            order=80,
            template="lifecycle/_space_tab.html",
            context=shown_when(),
        ),
    )
