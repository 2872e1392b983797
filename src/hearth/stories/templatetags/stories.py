"""The business-outcome badge on a conversation's page (one query, none when the
conversation is known to have no mark)."""

from django import template

from hearth.stories import policies
from hearth.stories.selectors import conversation_outcome

register = template.Library()


@register.inclusion_tag("stories/_conversation_outcome.html", takes_context=True)
def conversation_outcome_badge(context, conversation, any_outcome: bool = True) -> dict:
    actor = context["request"].actor
    return {
        "conversation": conversation,
        "outcome": (
            conversation_outcome(actor=actor, conversation=conversation) if any_outcome else None
        ),
        # From the actor's cached roles: no query.
        "can_curate": conversation.removed_at is None
        and policies.can_curate_outcomes(actor, conversation),
        "csrf_token": context.get("csrf_token"),
    }
