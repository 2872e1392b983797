"""What space structure adds to a space's pages (see hearth.core.extensions): the
home's sections, key users and role-swap banners, and the Key users tab."""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from hearth.core import extensions
from hearth.core.extensions import Part, shown_when
from hearth.spaces.models import Space
from hearth.structure.selectors import home_extras


def space_home_data(request: HttpRequest, space: Space, page: Mapping[str, Any]) -> dict | None:
    """What the home's structure parts read, once for all three (see home_extras)."""
    if not page.get("can_read"):
        return None
    return home_extras(actor=request.actor, space=space, recent=page.get("recent"))


def register_parts() -> None:
    app = "hearth.structure"
    extensions.register(
        extensions.SPACE_HOME_CONTEXT,
        Part(name="structure.home", app=app, context=space_home_data),
    )
    for slot, name, template in (
        (extensions.SPACE_HOME_BANNERS, "structure.swap_banners", "_swap_banners.html"),
        (extensions.SPACE_HOME_SECTIONS, "structure.sections", "_sections.html"),
        (extensions.SPACE_HOME_ASIDE, "structure.key_users", "_key_users_aside.html"),
    ):
        extensions.register(slot, Part(name=name, app=app, template=f"structure/{template}"))
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="structure.key_users_tab",
            app=app,
            order=120,
            template="structure/_key_users_tab.html",
            context=shown_when("can_read"),
        ),
    )
