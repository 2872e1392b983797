"""What polls add to other apps' pages (see hearth.core.extensions): the polls asked
in a conversation, and the Polls tab of a space."""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from hearth.conversations.models import Conversation
from hearth.core import extensions
from hearth.core.extensions import Part, shown_when
from hearth.polls.selectors import conversation_has_polls, poll_list


def conversation_polls(
    request: HttpRequest, conversation: Conversation, page: Mapping[str, Any]
) -> dict:
    # One query, none when the page's read found no poll in the conversation.
    polls = (
        list(
            poll_list(actor=request.actor, space=conversation.space, conversation=conversation)[:20]
        )
        if conversation.has_polls
        else []
    )
    return {"polls": polls, "conversation": conversation, "can_post": page.get("can_post")}


def register_parts() -> None:
    extensions.register(
        extensions.CONVERSATION_PANELS,
        Part(
            name="polls.conversation",
            app="hearth.polls",
            order=20,
            template="polls/_conversation_polls.html",
            context=conversation_polls,
            annotations=lambda: {"has_polls": conversation_has_polls()},
        ),
    )
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="polls.tab",
            app="hearth.polls",
            order=30,
            template="polls/_space_tab.html",
            context=shown_when("can_read"),
        ),
    )
