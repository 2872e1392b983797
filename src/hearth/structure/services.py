"""Writes for a space's home: sections, featured items, guidance, key users.

Each checks the policy, validates, changes, and audits in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid, NotFound
from hearth.core.markdown import markdown_render
from hearth.events.models import Event
from hearth.ideas.models import Idea
from hearth.library.models import Document
from hearth.spaces.models import Membership
from hearth.stories.models import Story
from hearth.structure.models import GUIDANCE_MAX, FeaturedItem, KeyUser, SectionKind, SpaceLayout
from hearth.structure.policies import require_edit_structure
from hearth.structure.selectors import layout_of

if TYPE_CHECKING:
    from hearth.people.models import User
    from hearth.spaces.models import Space

MAX_FEATURED = 20


@change("space.layout_update", role="leader", check=require_edit_structure)
def layout_update(
    *, actor: Actor, space: Space, sections: list[str], guidance: str = "", via: str = "web"
) -> SpaceLayout:
    """Set which sections the space's home shows, in order, and its guidance text.

    ``sections`` lists section kinds in the order wanted; each at most once.
    Guidance is Markdown, rendered and sanitised once here.
    """
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
        record(
            actor,
            target=layout,
            space=space,
            before=before,
            after={"sections": layout.sections, "guidance": guidance},
            via=via,
        )
    return layout


def _feature_target(*, actor: Actor, space, kind: str, item_id: int):
    """The item of this space to feature, as its own app's selector lets the
    featuring leader read it; a draft document is not featured (others could not
    read it). Invalid for anything else, so nothing of another space is named."""
    found = None
    if kind == "conversation":
        found = (
            Conversation.objects.visible_to(actor)
            .filter(pk=item_id, space=space, removed_at__isnull=True)
            .first()
        )
    elif kind == "document":
        found = (
            Document.objects.visible_to(actor)
            .filter(pk=item_id, space=space)
            .exclude(status=Document.Status.DRAFT)
            .first()
        )
    elif kind == "event":
        found = Event.objects.visible_to(actor).filter(pk=item_id, space=space).first()
    elif kind == "idea":
        found = Idea.objects.visible_to(actor).filter(pk=item_id, space=space).first()
    elif kind == "story":
        found = Story.objects.visible_to(actor).filter(pk=item_id, space=space).first()
    else:
        raise Invalid(
            "Feature a conversation, a document, an event, an idea or a story.", field="item"
        )
    if found is None:
        raise Invalid(f"Choose a {kind} of this space.", field="item")
    return found


@change("featured.add", role="leader", check=require_edit_structure)
def featured_add(
    *, actor: Actor, space: Space, kind: str, item_id: int, via: str = "web"
) -> FeaturedItem:
    """Feature one of the space's conversations, documents, events, ideas or success
    stories at the end of its top content."""
    target = _feature_target(actor=actor, space=space, kind=kind, item_id=item_id)
    if FeaturedItem.objects.filter(space=space, **{kind: target}).exists():
        raise Conflict(f"This {kind} is already featured.")
    if FeaturedItem.objects.filter(space=space).count() >= MAX_FEATURED:
        raise Invalid(f"Feature at most {MAX_FEATURED} items.")
    with transaction.atomic():
        last = FeaturedItem.objects.filter(space=space).aggregate(m=Max("position"))["m"]
        item = FeaturedItem.objects.create(
            space=space, position=(last or 0) + 1, added_by=actor.user, **{kind: target}
        )
        record(
            actor,
            target=item,
            space=space,
            after={"kind": kind, kind: target.pk, "title": target.title},
            via=via,
        )
    return item


@change("featured.reorder", role="leader", check=require_edit_structure)
def featured_reorder(*, actor: Actor, space: Space, item_ids: list[int], via: str = "web") -> None:
    """Put the featured items (by their ids) in the given order, every one once."""
    _featured_order_save(actor=actor, space=space, item_ids=item_ids, via=via)


def _featured_order_save(*, actor: Actor, space, item_ids: list[int], via: str) -> None:
    items = {i.pk: i for i in FeaturedItem.objects.filter(space=space)}
    if sorted(item_ids) != sorted(items):
        raise Invalid("Give every featured item exactly once.", field="order")
    with transaction.atomic():
        before = [i.pk for i in sorted(items.values(), key=lambda i: (i.position, i.pk))]
        for position, item_id in enumerate(item_ids, start=1):
            items[item_id].position = position
        FeaturedItem.objects.bulk_update(items.values(), ["position"])
        record(
            actor,
            action="featured.reorder",
            target=space,
            space=space,
            before={"order": before},
            after={"order": item_ids},
            via=via,
        )


@change("featured.reorder", role="leader", check=require_edit_structure)
def featured_move(*, actor: Actor, space: Space, item_id: int, step: int, via: str = "web") -> None:
    """Move one featured item up (step -1) or down (step +1)."""
    order = list(
        FeaturedItem.objects.filter(space=space)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    if item_id not in order:
        raise NotFound("That item is not featured.")
    i = order.index(item_id)
    j = max(0, min(len(order) - 1, i + step))
    order[i], order[j] = order[j], order[i]
    _featured_order_save(actor=actor, space=space, item_ids=order, via=via)


@change("featured.remove", role="leader", check=require_edit_structure)
def featured_remove(*, actor: Actor, space: Space, item_id: int, via: str = "web") -> None:
    item = FeaturedItem.objects.filter(space=space, pk=item_id).first()
    if item is None:
        raise NotFound("That item is not featured.")
    with transaction.atomic():
        record(
            actor,
            target=item,
            space=space,
            before={"kind": item.kind, item.kind: item.target_id},
            via=via,
        )
        item.delete()


@change("key_user.add", role="leader", check=require_edit_structure)
def key_user_add(
    *,
    actor: Actor,
    space: Space,
    user: User,
    kind: str = KeyUser.Kind.EXEMPLARY,
    note: str = "",
    via: str = "web",
) -> KeyUser:
    """Name a member of the space as one of its key users."""
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
        record(
            actor,
            target=key_user,
            space=space,
            after={"user": user.username, "kind": kind, "note": note},
            via=via,
        )
    return key_user


@change("key_user.remove", role="leader", check=require_edit_structure)
def key_user_remove(*, actor: Actor, space: Space, user_id: int, via: str = "web") -> None:
    key_user = KeyUser.objects.select_related("user").filter(space=space, user_id=user_id).first()
    if key_user is None:
        raise NotFound("That person is not a key user of this space.")
    with transaction.atomic():
        record(
            actor,
            target=key_user,
            space=space,
            before={"user": key_user.user.username, "kind": key_user.kind},
            via=via,
        )
        key_user.delete()
