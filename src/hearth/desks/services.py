"""Writes of the leaders' desks: tending unanswered questions, organisation roles.

Each checks the policy, validates, changes, audits in the same transaction and
notifies only people the policy lets read what they are told about. Deciding
access requests is ``hearth.spaces.services.access_request_decide``, reused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid, NotFound
from hearth.desks.models import DuplicateClosure
from hearth.gardening.audience import audience_widening_message, audience_widens
from hearth.gardening.operations import conversation_relocate, unread_recount_outside
from hearth.gardening.services import move_target_require, people_notify
from hearth.notifications.services import notification_send

if TYPE_CHECKING:
    from hearth.people.models import BusinessUnit, User
    from hearth.spaces.models import Space


def _open_question(conversation: Conversation) -> None:
    if conversation.kind != Conversation.Kind.QUESTION:
        raise Invalid("Only questions are tended here.")
    if conversation.removed_at is not None:
        raise Invalid("This question was removed.")
    if DuplicateClosure.objects.filter(conversation=conversation).exists():
        raise Conflict("This question is already closed as a duplicate.")


@change("question.notify", role="facilitator", check=None)
def question_notify(
    *,
    actor: Actor,
    conversation: Conversation,
    usernames: list[str],
    message: str = "",
    via: str = "web",
) -> tuple[list, list[str]]:
    """Ask people to help with an unanswered question (a bell notification).

    Each person is checked against the policy as a reader of the space: those who
    may not read it are not told, and their names come back. Returns (notified
    people, names not notified). The checks and the sending are the gardeners'
    ``people_notify``.
    """
    space = conversation.space
    policy.require_tend_questions(actor, space)
    _open_question(conversation)
    with transaction.atomic():
        reachable, unreachable, message = people_notify(
            actor=actor,
            conversation=conversation,
            usernames=usernames,
            message=message,
            kind="question_help",
            text=f"{actor.user} asks for your help with “{conversation.title}”.",
            email=False,
        )
        record(
            actor,
            target=conversation,
            space=space,
            after={
                "notified": [p.username for p in reachable],
                "not_notified": unreachable,
                "message": message,
            },
            via=via,
        )
    return reachable, unreachable


@change("conversation.move", role="facilitator", check=None)
def question_move(
    *,
    actor: Actor,
    conversation: Conversation,
    to_space: Space,
    confirm_wider: bool = False,
    via: str = "web",
) -> Conversation:
    """Move a question (with its replies) to another space the mover may post in.

    When people who could not read it would read it there (the gardeners' audience
    rule, ``hearth.gardening.audience``), that needs ``confirm_wider``. Followers
    and people notified who may not read the new space stop seeing it (the inbox
    asks the policy again). The entry can be undone like a gardener's move.
    """
    source = conversation.space
    policy.require_tend_questions(actor, source)
    _open_question(conversation)
    move_target_require(actor, to_space)
    if to_space.pk == source.pk:
        raise Invalid("The question is already in this space.", field="to_space")
    if not confirm_wider and audience_widens(source, to_space):
        raise Conflict(
            audience_widening_message(source, to_space, what="this question"),
            field="confirm_wider",
        )
    with transaction.atomic():
        conversation_relocate(conversation, to_space)
        record(
            actor,
            target=conversation,
            space=source,
            before={"space_id": source.pk},
            after={"space_id": to_space.pk},
            via=via,
        )
        author = conversation.author
        if (
            author
            and author.pk != actor.user_id
            and author.is_active
            and policy.can_read_space(Actor.for_user(author), to_space)
        ):
            notification_send(
                recipient=author,
                kind="question_moved",
                actor=actor.user,
                space=to_space,
                conversation=conversation,
                url=conversation.get_absolute_url(),
                text=f"Your question “{conversation.title}” was moved to {to_space}.",
            )
    unread_recount_outside(conversation, to_space)
    return conversation


@change("question.close_duplicate", role="facilitator", check=None)
def question_close_duplicate(
    *, actor: Actor, conversation: Conversation, original_id: int | str, via: str = "web"
) -> DuplicateClosure:
    """Close a question as a duplicate of another the actor may read; it leaves the
    unanswered desk and its asker is pointed to the original."""
    space = conversation.space
    policy.require_tend_questions(actor, space)
    _open_question(conversation)
    try:
        original_id = int(str(original_id).strip().rstrip("/").rsplit("/", 1)[-1])
    except (TypeError, ValueError) as error:
        raise Invalid(
            "Give the original question's number or link (…/c/123/).", field="original"
        ) from error
    original = Conversation.objects.select_related("space").filter(pk=original_id).first()
    if original is None or not policy.can_read_space(actor, original.space):
        raise NotFound("No such question.")
    if original.pk == conversation.pk:
        raise Invalid("A question cannot duplicate itself.", field="original")
    if original.removed_at is not None:
        raise Invalid("The original was removed; choose another.", field="original")
    try:
        with transaction.atomic():
            closure = DuplicateClosure.objects.create(
                conversation=conversation, original=original, closed_by=actor.user
            )
            record(
                actor,
                target=conversation,
                space=space,
                after={"original": original.pk, "original_space": original.space.slug},
                via=via,
            )
            author = conversation.author
            if author and author.pk != actor.user_id and author.is_active:
                can_read_original = policy.can_read_space(Actor.for_user(author), original.space)
                notification_send(
                    recipient=author,
                    kind="question_duplicate",
                    actor=actor.user,
                    space=space,
                    conversation=conversation,
                    url=original.get_absolute_url()
                    if can_read_original
                    else conversation.get_absolute_url(),
                    text=f"Your question “{conversation.title}” was closed as a duplicate"
                    + (f" of “{original.title}”." if can_read_original else "."),
                )
    except IntegrityError as error:
        raise Conflict("This question is already closed as a duplicate.") from error
    return closure


# -- Organisation roles --------------------------------------------------------------

ORG_ROLES = ("employee", "unit_leader", "director", "admin")


@change("person.org_role", role="facilitator", check=policy.require_change_org_roles, on="")
def org_role_set(
    *,
    actor: Actor,
    person: User,
    org_role: str,
    business_unit: BusinessUnit | None = None,
    via: str = "web",
) -> User:
    """Give a person an organisation role (platform admins only, audited).

    A business collaboration leader leads their own unit: ``business_unit``, if
    given, becomes theirs; one is required. The last platform admin stays one.
    """
    if org_role not in ORG_ROLES:
        raise Invalid(f"The organisation role is one of: {', '.join(ORG_ROLES)}.", field="org_role")
    if not person.is_active:
        raise Invalid(f"{person} has no active account.", field="username")
    unit = business_unit or person.business_unit
    if org_role == "unit_leader" and unit is None:
        raise Invalid(
            "A business collaboration leader needs a business unit.", field="business_unit"
        )
    User = get_user_model()
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        before = {"org_role": person.org_role, "business_unit": person.business_unit_id}
        if (
            person.org_role == "admin"
            and org_role != "admin"
            and not User.objects.filter(org_role="admin", is_active=True)
            .exclude(pk=person.pk)
            .exists()
            and not person.is_superuser
        ):
            raise Invalid(
                "Hearth needs at least one platform admin: name another first.", field="org_role"
            )
        if before["org_role"] == org_role and (
            org_role != "unit_leader" or before["business_unit"] == unit.pk
        ):
            return person
        person.org_role = org_role
        if org_role == "unit_leader":
            person.business_unit = unit
        person.save(update_fields=["org_role", "business_unit"])
        record(
            actor,
            target=person,
            before=before,
            after={"org_role": org_role, "business_unit": person.business_unit_id},
            via=via,
        )
        notification_send(
            recipient=person,
            kind="org_role_changed",
            actor=actor.user,
            text=f"Your organisation role is now {User.OrgRole(org_role).label.lower()}.",
            url="/org/",
        )
    return person
