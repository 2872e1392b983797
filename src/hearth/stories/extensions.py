"""What stories add to other apps' pages (see hearth.core.extensions): the
business-outcome badge of a conversation, and the Stories tab of a space."""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from hearth.conversations.models import Conversation
from hearth.core import extensions
from hearth.core.extensions import Part, shown_when
from hearth.stories import policies
from hearth.stories.selectors import conversation_has_outcome, conversation_outcome


def conversation_outcome_badge(
    request: HttpRequest, conversation: Conversation, page: Mapping[str, Any]
) -> dict:
    actor = request.actor
    return {
        "conversation": conversation,
        # One query, none when the page's read found no mark on the conversation.
        "outcome": (
            conversation_outcome(actor=actor, conversation=conversation)
            if conversation.has_outcome
            else None
        ),
        # From the actor's cached roles: no query.
        "can_curate": conversation.removed_at is None
        and policies.can_curate_outcomes(actor, conversation),
    }


def register_parts() -> None:
    extensions.register(
        extensions.CONVERSATION_PANELS,
        Part(
            name="stories.outcome",
            app="hearth.stories",
            order=30,
            template="stories/_conversation_outcome.html",
            context=conversation_outcome_badge,
            annotations=lambda: {"has_outcome": conversation_has_outcome()},
        ),
    )
    extensions.register(
        extensions.SPACE_TABS,
        Part(
            name="stories.tab",
            app="hearth.stories",
            order=60,
            template="stories/_space_tab.html",
            context=shown_when("can_read"),
        ),
    )
