"""Writes for conversations: check the policy, validate, change, record, notify;
one module per verb.

Notifications go only to people who may read the conversation: every recipient
is checked against the policy as an actor of their own.
"""

from hearth.conversations.jobs import watchers_notify, watchers_of
from hearth.conversations.services.accept import reply_accept, reply_unaccept
from hearth.conversations.services.common import (
    MAX_MENTIONS,
    MAX_TAGS,
    tag_rows,
    tags_parse,
)

# The space import (lifecycle) renders imported posts the same way.
from hearth.conversations.services.common import _render as _render
from hearth.conversations.services.edit import (
    conversation_edit,
    conversation_remove,
    reply_edit,
    reply_remove,
)
from hearth.conversations.services.follow import follow_remove, follow_set, tag_follow_remove
from hearth.conversations.services.like import like_add, like_remove
from hearth.conversations.services.post import conversation_create, reply_create
from hearth.conversations.services.tags import MAX_SUGGESTED_TAGS, space_tags_suggest

__all__ = [
    "MAX_MENTIONS",
    "MAX_SUGGESTED_TAGS",
    "MAX_TAGS",
    "conversation_create",
    "conversation_edit",
    "conversation_remove",
    "follow_remove",
    "follow_set",
    "like_add",
    "like_remove",
    "reply_accept",
    "reply_create",
    "reply_edit",
    "reply_remove",
    "reply_unaccept",
    "space_tags_suggest",
    "tag_follow_remove",
    "tag_rows",
    "tags_parse",
    "watchers_notify",
    "watchers_of",
]
