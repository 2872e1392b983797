"""The polls asked inside a conversation, shown on its page (one query, none when the
conversation is known to have no poll)."""

from django import template

from hearth.polls.selectors import poll_list

register = template.Library()


@register.inclusion_tag("polls/_conversation_polls.html", takes_context=True)
def conversation_polls(context, conversation, can_post: bool, any_polls: bool = True) -> dict:
    actor = context["request"].actor
    polls = (
        list(poll_list(actor=actor, space=conversation.space, conversation=conversation)[:20])
        if any_polls
        else []
    )
    return {"polls": polls, "conversation": conversation, "can_post": can_post}
