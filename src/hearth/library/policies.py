"""Who may read and write a space's library, on top of THE visibility policy.

Reading a document is reading the space's content (``hearth.access.policy``),
except for drafts: a draft is seen by its owner and by the space's facilitators
and leaders only, so that work in progress is not published by being found.

Writing (creating, editing, restoring, attaching) is posting in the space: its
members may, through ``policy.require_post_in_space``, which also refuses writes
to an archived space. Marking a document *official* is an endorsement, so only
facilitators and leaders may set or clear that status.
"""

from __future__ import annotations

from django.db.models import Model, Q

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import on_space, privileged, rule
from hearth.access.policy.shapes import Space
from hearth.access.roles import LifecycleState, Role
from hearth.core.errors import Forbidden, NotFound

ARCHIVED_MESSAGE = "This space is archived: its library can be read but not changed."


def document_visible_q(actor: Actor, document_field: str = "") -> Q:
    """Documents (or rows pointing at one through ``document_field``) the actor may read."""
    prefix = f"{document_field}__" if document_field else ""
    readable = policy.space_content_q(actor, f"{prefix}space")
    if not actor.is_authenticated:
        return readable
    not_draft = ~Q(**{f"{prefix}status": "draft"})
    own = Q(**{f"{prefix}owner_id": actor.user_id})
    stewarded = Q(**{f"{prefix}space_id__in": actor.space_ids(min_role=Role.FACILITATOR)})
    return readable & (not_draft | own | stewarded)


# The stewards' endorsement and taking away someone else's file are privileged
# (writing, which any member of the space may do, is not): a service asking one of
# them must be marked ``@audited``.
@privileged
def can_steward_library(actor: Actor, space: Space) -> bool:
    """Facilitators and leaders: see drafts, mark documents official."""
    return actor.has_role(space, Role.FACILITATOR)


@rule(first=(on_space(policy.require_read_space),), refusal=NotFound, message="No such document.")
def can_read_document(actor: Actor, document: Model) -> bool:
    if not policy.can_read_space(actor, document.space):
        return False
    if document.status != "draft":
        return True
    return document.owner_id == actor.user_id or can_steward_library(actor, document.space)


def _space_writable(space: Space) -> bool:
    return space.state != LifecycleState.ARCHIVED


def can_add_document(actor: Actor, space: Space) -> bool:
    return policy.can_post_in_space(actor, space) and _space_writable(space)


def can_edit_document(actor: Actor, document: Model) -> bool:
    """Members of the space who can read the document may edit it."""
    return can_read_document(actor, document) and can_add_document(actor, document.space)


@rule(
    message=(
        "Only the space's facilitators and leaders can mark a document "
        "official or take that mark away."
    ),
    privileged=True,
)
def can_set_official(actor: Actor, space: Space) -> bool:
    return can_steward_library(actor, space) and _space_writable(space)


# 404 for a draft one may not see or a private space; 403 with a way in for a
# restricted space's library.
require_read_document = can_read_document.require

require_set_official = can_set_official.require


def require_add_document(actor: Actor, space: Space) -> None:
    policy.require_post_in_space(actor, space)
    if not _space_writable(space):
        raise Forbidden(ARCHIVED_MESSAGE)


def require_edit_document(actor: Actor, document: Model) -> None:
    require_read_document(actor, document)
    require_add_document(actor, document.space)


def can_attach_to_conversation(actor: Actor, conversation: Model) -> bool:
    """Files go with a post: its author (still a member) or the space's moderators."""
    space = conversation.space
    return (
        policy.can_edit_post(actor, conversation, space)
        and _space_writable(space)
        and policy.can_read_conversation(actor, conversation)
    )


def require_attach_to_conversation(actor: Actor, conversation: Model) -> None:
    policy.require_read_conversation(actor, conversation)
    policy.require_post_in_space(actor, conversation.space)
    if not _space_writable(conversation.space):
        raise Forbidden(ARCHIVED_MESSAGE)
    if not can_attach_to_conversation(actor, conversation):
        raise Forbidden(
            "Only the conversation's author and the space's facilitators can attach files to it."
        )


def require_read_attachment(actor: Actor, attachment: Model) -> None:
    """As reading what the file is attached to."""
    if attachment.document_id is not None:
        require_read_document(actor, attachment.document)
    else:
        policy.require_read_conversation(actor, attachment.conversation)


def _attached_to(attachment: Model) -> Model:
    return attachment.document if attachment.document_id is not None else attachment.conversation


@privileged
def can_remove_attachment(actor: Actor, attachment: Model) -> bool:
    """Take a file off what it is attached to, or put a removed one back: its
    uploader, the document's owner (a conversation's author and moderators), and
    the space's facilitators and leaders, while they may post in the space.

    Any member may edit a document, but not take away a file someone else
    brought; removal is soft and restorable by the same people (the services).
    """
    if actor.user_id is None:
        return False
    space = _attached_to(attachment).space
    if not (_space_writable(space) and policy.can_post_in_space(actor, space)):
        return False
    if attachment.document_id is not None:
        if not can_read_document(actor, attachment.document):
            return False
        owner = attachment.document.owner_id == actor.user_id
    else:
        if not policy.can_read_conversation(actor, attachment.conversation):
            return False
        owner = can_attach_to_conversation(actor, attachment.conversation)
    return owner or attachment.uploaded_by_id == actor.user_id or can_steward_library(actor, space)


@privileged
def require_remove_attachment(actor: Actor, attachment: Model) -> None:
    """404 for a file one may not know of; 403, saying who may, for the others."""
    require_read_attachment(actor, attachment)
    space = _attached_to(attachment).space
    policy.require_post_in_space(actor, space)
    if not _space_writable(space):
        raise Forbidden(ARCHIVED_MESSAGE)
    if not can_remove_attachment(actor, attachment):
        raise Forbidden(
            "Only the person who attached this file, the document's owner and the "
            "space's facilitators and leaders can remove it or put it back."
        )
