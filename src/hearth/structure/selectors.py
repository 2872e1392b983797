"""Reads for a space's home sections and key users, through the visibility policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.events.models import Event
from hearth.events.selectors import event_list
from hearth.ideas.models import Idea
from hearth.ideas.selectors import idea_list
from hearth.library.models import Document
from hearth.spaces.models import Role
from hearth.spaces.selectors import one_to_one_of
from hearth.stories.models import Story
from hearth.stories.selectors import story_list
from hearth.structure.models import (
    DEFAULT_SECTIONS,
    NOT_YET_BUILT,
    FeaturedItem,
    KeyUser,
    SectionKind,
    SpaceLayout,
)
from hearth.structure.policies import require_edit_structure
from hearth.swaps.policies import can_manage_swaps
from hearth.swaps.selectors import swap_banners

if TYPE_CHECKING:
    from hearth.spaces.models import Space

LIST_FIELDS = ("space", "author", "accepted_reply")
# How many documents, events or ideas a home section shows; the rest are a link away.
SECTION_ITEMS = 5


@dataclass
class Section:
    kind: str
    label: str
    items: list = field(default_factory=list)
    html: str = ""
    not_built: bool = False


def layout_of(*, space: Space) -> SpaceLayout:
    """The space's layout row, or an unsaved default one (one query, none when
    ``space_get`` read it with the space)."""
    layout = one_to_one_of(space, "layout", lambda: SpaceLayout.objects.filter(space=space).first())
    return layout or SpaceLayout(space=space, sections=list(DEFAULT_SECTIONS))


def space_sections(
    *, actor: Actor, space: Space, recent: list[Conversation] | None = None
) -> list[Section]:
    """Everything the enabled sections of a space's home need, in their order.

    One query for the layout, then one per enabled section that holds data
    (top content, questions, library, events, ideas, stories): a constant number whatever
    the space's size. Each list comes from its own app's selector, so it passes
    the same visibility rules as that app's pages (a draft document stays with its
    owner and the space's facilitators).
    ``recent`` is the home's list of recent conversations, reused as the
    conversations section. Featured items pass the visibility policy for the
    viewer like every other list: a conversation moved out of reach stays hidden.
    """
    policy.require_read_space(actor, space)
    layout = layout_of(space=space)
    labels = dict(SectionKind.choices)
    sections = []
    for kind in layout.sections:
        if kind not in labels:
            continue
        section = Section(kind=kind, label=labels[kind], not_built=kind in NOT_YET_BUILT)
        if kind == SectionKind.TOP:
            section.items = featured_content(actor=actor, space=space)
        elif kind == SectionKind.CONVERSATIONS:
            section.items = recent if recent is not None else []
        elif kind == SectionKind.QUESTIONS:
            section.items = list(
                Conversation.objects.visible_to(actor)
                .filter(space=space, kind=Conversation.Kind.QUESTION, removed_at__isnull=True)
                .select_related(*LIST_FIELDS)
                .order_by("-last_activity_at", "-id")[:5]
            )
        elif kind == SectionKind.LIBRARY:
            section.items = list(
                Document.objects.visible_to(actor)
                .filter(space=space)
                .select_related("owner")
                .only("id", "title", "status", "updated_at", "owner__display_name")
                .order_by("-updated_at", "-id")[:SECTION_ITEMS]
            )
        elif kind == SectionKind.EVENTS:
            section.items = list(
                event_list(actor=actor, space=space, when="upcoming")[:SECTION_ITEMS]
            )
        elif kind == SectionKind.IDEAS:
            section.items = list(idea_list(actor=actor, space=space, sort="votes")[:SECTION_ITEMS])
        elif kind == SectionKind.STORIES:
            section.items = list(story_list(actor=actor, space=space)[:SECTION_ITEMS])
        elif kind == SectionKind.GUIDANCE:
            section.html = layout.guidance_html
        sections.append(section)
    return sections


def featured_content(*, actor: Actor, space: Space) -> list[FeaturedItem]:
    """The featured items the actor may read, in the leaders' order (one query).

    Each kind passes its own app's visibility rule for the viewer (a removed or
    hidden conversation, a document turned back into a draft, stay out).
    """
    policy.require_read_space(actor, space)
    readable = (
        Q(
            conversation__in=Conversation.objects.visible_to(actor).filter(
                space=space, removed_at__isnull=True
            )
        )
        | Q(document__in=Document.objects.visible_to(actor).filter(space=space))
        | Q(event__in=Event.objects.visible_to(actor).filter(space=space))
        | Q(idea__in=Idea.objects.visible_to(actor).filter(space=space))
        | Q(story__in=Story.objects.visible_to(actor).filter(space=space))
    )
    return list(
        FeaturedItem.objects.filter(space=space)
        .filter(readable)
        .select_related(
            "conversation",
            "conversation__author",
            "document",
            "document__owner",
            "event",
            "idea",
            "story",
        )
        .order_by("position", "id")[:20]
    )


def featured_items(*, actor: Actor, space: Space) -> QuerySet:
    """The featured items as the editor lists them (leaders only)."""
    require_edit_structure(actor, space)
    return FeaturedItem.objects.filter(space=space).select_related(
        "conversation", "document", "event", "idea", "story"
    )


def key_user_list(*, actor: Actor, space: Space) -> QuerySet:
    """The space's key users, for whoever may read the space."""
    _require_see_key_users(actor, space)
    return (
        KeyUser.objects.filter(space=space)
        .select_related("user")
        .order_by("kind", "user__display_name", "id")
    )


def key_users_first(*, actor: Actor, space: Space, limit: int) -> list[KeyUser]:
    """The first ``limit`` of ``key_user_list``, for the space home."""
    _require_see_key_users(actor, space)
    return list(
        KeyUser.objects.filter(space_id=space.pk)
        .select_related("user")
        .order_by("kind", "user__display_name", "id")[:limit]
    )


def _require_see_key_users(actor: Actor, space) -> None:
    if not policy.can_edit_space(actor, space):
        policy.require_read_space(actor, space)


def key_users_everywhere(*, actor: Actor) -> QuerySet:
    """Key users of every space whose content the actor may read: the platform-wide
    group for cross-community meetings."""
    return (
        KeyUser.objects.filter(policy.space_content_q(actor, "space"))
        .select_related("user", "space", "user__business_unit")
        .order_by("user__display_name", "user_id", "space__name")
    )


def home_extras(*, actor: Actor, space: Space, recent: list[Conversation] | None) -> dict:
    """What the space home adds to its base page: the enabled sections in order,
    the key users, and the role-swap banners that concern the viewer.

    A constant number of queries: the layout, one per data section enabled, the
    key users, and the swaps only for a viewer who is swapped here or may grant.
    """
    concerned = space.pk in actor.swapped_roles or actor.has_role(space, Role.LEADER)
    return {
        "sections": space_sections(actor=actor, space=space, recent=recent),
        "key_users": key_users_first(actor=actor, space=space, limit=8),
        "swap_banners": swap_banners(actor=actor, space=space) if concerned else [],
        "can_swap": can_manage_swaps(actor, space),
    }
