"""Pages about one post: who liked it, and a reply's edit history."""

from django.core.paginator import Paginator
from django.shortcuts import render

from hearth.access import policy
from hearth.conversations import selectors

LIKERS_PER_PAGE = 50


def _likers_page(request, *, conversation, reply=None):
    rows = selectors.likers(actor=request.actor, conversation=conversation, reply=reply)
    page = Paginator(rows, LIKERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "conversations/likers.html",
        {"conversation": conversation, "reply": reply, "page": page},
    )


def conversation_likers(request, conversation_id: int):
    conversation = selectors.conversation_get(actor=request.actor, conversation_id=conversation_id)
    return _likers_page(request, conversation=conversation)


def reply_likers(request, reply_id: int):
    reply = selectors.reply_get(actor=request.actor, reply_id=reply_id)
    return _likers_page(request, conversation=reply.conversation, reply=reply)


def reply_history(request, reply_id: int):
    reply = selectors.reply_get(actor=request.actor, reply_id=reply_id)
    space = reply.conversation.space
    # A removed reply's words stay for the record, not for every reader.
    hidden = reply.removed_at is not None and not policy.can_moderate_space(request.actor, space)
    revisions = [] if hidden else reply.revisions.select_related("editor")[:100]
    return render(
        request,
        "conversations/history.html",
        {"conversation": reply.conversation, "reply": reply, "revisions": revisions},
    )
