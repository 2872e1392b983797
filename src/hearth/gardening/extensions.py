"""What gardening adds to other apps' pages (see hearth.core.extensions): the Garden
menu of a conversation, and the Gardening tab of a space."""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from hearth.conversations.models import Conversation
from hearth.core import extensions
from hearth.core.extensions import Part, shown_when
from hearth.gardening.policies import can_garden


def garden_menu(
    request: HttpRequest, conversation: Conversation, page: Mapping[str, Any]
) -> dict | None:
    # From the actor's cached roles: no query.
    if conversation.removed_at or not can_garden(request.actor, conversation.space):
        return None
    return {}


def register_parts() -> None:
    extensions.register(
        extensions.CONVERSATION_ACTIONS,
        Part(
            name="gardening.menu",
            app="hearth.gardening",
            template="gardening/_menu.html",
            context=garden_menu,
        ),
    )
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="gardening.tab",
            app="hearth.gardening",
            order=110,
            template="gardening/_space_tab.html",
            context=shown_when("can_decide", "can_read"),
        ),
    )
