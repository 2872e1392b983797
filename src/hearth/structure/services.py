"""Writes for a space's home: sections, featured items, guidance, key users.

Each checks the policy, validates, changes, and audits in one transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.core.audit import audit_record
from hearth.core.errors import Conflict, Invalid, NotFound
from hearth.core.markdown import markdown_render
from hearth.spaces.models import Membership
from hearth.structure.models import GUIDANCE_MAX, FeaturedItem, KeyUser, SectionKind, SpaceLayout
from hearth.structure.policies import require_edit_structure
from hearth.structure.selectors import layout_of

MAX_FEATURED = 20


def layout_update(
    *, actor: Actor, space, sections: list[str], guidance: str = "", via: str = "web"
) -> SpaceLayout:
    """Set which sections the space's home shows, in order, and its guidance text.

    ``sections`` lists section kinds in the order wanted; each at most once.
    Guidance is Markdown, rendered and sanitised once here.
    """
    require_edit_structure(actor, space)
    unknown = [kind for kind in sections if kind not in SectionKind.values]
    if unknown:
        raise Invalid(f"Unknown section: {', '.join(map(str, unknown))}.", field="sections")
    if len(set(sections)) != len(sections):
        raise Invalid("Each section can appear only once.", field="sections")
    guidance = (guidance or "").strip()
    if len(guidance) > GUIDANCE_MAX:
        raise Invalid("Guidance can be at most 20,000 characters.", field="guidance")
    with transaction.atomic():
        layout = layout_of(space=space)
        before = {"sections": list(layout.sections), "guidance": layout.guidance}
        layout.sections, layout.guidance = list(sections), guidance
        layout.guidance_html = markdown_render(guidance) if guidance else ""
        layout.updated_by = actor.user
        layout.save()
        audit_record(
            actor=actor.user,
            action="space.layout_update",
            target=layout,
            space=space,
            before=before,
            after={"sections": layout.sections, "guidance": guidance},
            via=via,
        )
    return layout


def featured_add(*, actor: Actor, space, conversation_id: int, via: str = "web") -> FeaturedItem:
    """Feature one of the space's conversations at the end of its top content."""
    require_edit_structure(actor, space)
    conversation = Conversation.objects.filter(
        pk=conversation_id, space=space, removed_at__isnull=True
    ).first()
    if conversation is None:
        raise Invalid("Choose a conversation of this space.", field="conversation")
    if FeaturedItem.objects.filter(space=space, conversation=conversation).exists():
        raise Conflict("This conversation is already featured.")
    if FeaturedItem.objects.filter(space=space).count() >= MAX_FEATURED:
        raise Invalid(f"Feature at most {MAX_FEATURED} items.")
    with transaction.atomic():
        last = FeaturedItem.objects.filter(space=space).aggregate(m=Max("position"))["m"]
        item = FeaturedItem.objects.create(
            space=space, conversation=conversation, position=(last or 0) + 1, added_by=actor.user
        )
        audit_record(
            actor=actor.user,
            action="featured.add",
            target=item,
            space=space,
            after={"conversation": conversation.pk, "title": conversation.title},
            via=via,
        )
    return item


def featured_reorder(*, actor: Actor, space, conversation_ids: list[int], via: str = "web") -> None:
    """Put the featured items in the given order (every featured id, once each)."""
    require_edit_structure(actor, space)
    items = {i.conversation_id: i for i in FeaturedItem.objects.filter(space=space)}
    if sorted(conversation_ids) != sorted(items):
        raise Invalid("Give every featured conversation exactly once.", field="order")
    with transaction.atomic():
        before = [
            i.conversation_id for i in sorted(items.values(), key=lambda i: (i.position, i.pk))
        ]
        for position, conversation_id in enumerate(conversation_ids, start=1):
            items[conversation_id].position = position
        FeaturedItem.objects.bulk_update(items.values(), ["position"])
        audit_record(
            actor=actor.user,
            action="featured.reorder",
            target=space,
            space=space,
            before={"order": before},
            after={"order": conversation_ids},
            via=via,
        )


def featured_move(
    *, actor: Actor, space, conversation_id: int, step: int, via: str = "web"
) -> None:
    """Move one featured item up (step -1) or down (step +1)."""
    order = list(
        FeaturedItem.objects.filter(space=space)
        .order_by("position", "id")
        .values_list("conversation_id", flat=True)
    )
    if conversation_id not in order:
        require_edit_structure(actor, space)
        raise NotFound("That conversation is not featured.")
    i = order.index(conversation_id)
    j = max(0, min(len(order) - 1, i + step))
    order[i], order[j] = order[j], order[i]
    featured_reorder(actor=actor, space=space, conversation_ids=order, via=via)


def featured_remove(*, actor: Actor, space, conversation_id: int, via: str = "web") -> None:
    require_edit_structure(actor, space)
    item = FeaturedItem.objects.filter(space=space, conversation_id=conversation_id).first()
    if item is None:
        raise NotFound("That conversation is not featured.")
    with transaction.atomic():
        audit_record(
            actor=actor.user,
            action="featured.remove",
            target=item,
            space=space,
            before={"conversation": conversation_id},
            via=via,
        )
        item.delete()


def key_user_add(
    *,
    actor: Actor,
    space,
    user,
    kind: str = KeyUser.Kind.EXEMPLARY,
    note: str = "",
    via: str = "web",
) -> KeyUser:
    """Name a member of the space as one of its key users."""
    require_edit_structure(actor, space)
    if user is None:
        raise Invalid("No one has that username.", field="username")
    if kind not in KeyUser.Kind.values:
        raise Invalid("A key user is an exemplary member or spreads knowledge.", field="kind")
    note = (note or "").strip()
    if len(note) > 200:
        raise Invalid("The note can be at most 200 characters.", field="note")
    if not Membership.objects.filter(space=space, user=user).exists():
        raise Invalid(f"{user} is not a member of this space.", field="username")
    if KeyUser.objects.filter(space=space, user=user).exists():
        raise Conflict(f"{user} is already a key user here.")
    with transaction.atomic():
        key_user = KeyUser.objects.create(
            space=space, user=user, kind=kind, note=note, added_by=actor.user
        )
        audit_record(
            actor=actor.user,
            action="key_user.add",
            target=key_user,
            space=space,
            after={"user": user.username, "kind": kind, "note": note},
            via=via,
        )
    return key_user


def key_user_remove(*, actor: Actor, space, user_id: int, via: str = "web") -> None:
    require_edit_structure(actor, space)
    key_user = KeyUser.objects.select_related("user").filter(space=space, user_id=user_id).first()
    if key_user is None:
        raise NotFound("That person is not a key user of this space.")
    with transaction.atomic():
        audit_record(
            actor=actor.user,
            action="key_user.remove",
            target=key_user,
            space=space,
            before={"user": key_user.user.username, "kind": key_user.kind},
            via=via,
        )
        key_user.delete()
