"""Reads for spaces, always through the visibility policy."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from django.db.models import Case, IntegerField, Model, QuerySet, Value, When

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import NotFound
from hearth.spaces.models import AccessRequest, Invitation, Membership, Role, Space, Visibility

# Leaders first, then facilitators, champions, members.
ROLE_ORDER = Case(
    *(
        When(role=role, then=Value(i))
        for i, role in enumerate([Role.LEADER, Role.FACILITATOR, Role.CHAMPION, Role.MEMBER])
    ),
    output_field=IntegerField(),
)


def space_get(
    *,
    actor: Actor,
    slug: str,
    related: tuple[str, ...] = (),
    annotations: Callable[[int], dict] | None = None,
) -> Space:
    """The space, if the actor may know it exists; NotFound otherwise.

    ``related`` (one-to-one rows of other apps, such as its layout or charter) and
    ``annotations(user_id)`` (of the reader, 0 for nobody) are read in the same query,
    for a page that shows them; they are seen only once the policy has allowed the
    space."""
    rows = Space.objects.select_related("business_unit", "created_by", *related)
    if annotations is not None:
        rows = rows.annotate(**annotations(actor.user_id or 0))
    space = next(iter(rows.filter(slug=slug)[:1]), None)
    if space is None or not policy.can_see_space(actor, space):
        raise NotFound("No such space.")
    # Which rows came with it, as read now (see ``one_to_one_of``).
    space.preloaded_related = frozenset(related)
    return space


def one_to_one_of(space: Space, name: str, read: Callable[[], Model | None]) -> Model | None:
    """The space's one-to-one row ``name`` (or None): as ``space_get`` read it with the
    space (``related``), else by ``read()``.

    Only what ``space_get`` read counts: Django also caches the row on a space that a
    service gave to a row it created, and that copy may since be out of date."""
    if name not in getattr(space, "preloaded_related", ()):
        return read()
    return getattr(space, name, None)


def my_spaces(*, actor: Actor, limit: int) -> list[Space]:
    """The first ``limit`` spaces the actor belongs to, by name, that the policy lets
    them see (``can_see_space``: a draft space reaches only its leaders), for the
    home page. The actor's spaces are read by their ids (a person belongs to a
    handful, a busy leader to a few hundred) and each put to the policy's check."""
    if not actor.roles:
        return []
    spaces = Space.objects.filter(pk__in=sorted(actor.roles)).order_by("name", "id")
    shown = (space for space in spaces if policy.can_see_space(actor, space))
    return list(itertools.islice(shown, limit))


def space_list(
    *, actor: Actor, q: str = "", business_unit: str = "", visibility: str = "", mine: bool = False
) -> QuerySet:
    spaces = Space.objects.visible_to(actor).select_related("business_unit")
    if q:
        spaces = spaces.filter(name__icontains=q.strip()[:100])
    if business_unit:
        spaces = spaces.filter(business_unit__slug=business_unit)
    if visibility:
        spaces = spaces.filter(visibility=visibility)
    if mine:
        spaces = spaces.filter(pk__in=list(actor.roles))
    return spaces.order_by("name", "id")


def member_list(*, actor: Actor, space: Space, role: str = "") -> QuerySet:
    if not policy.can_manage_members(actor, space):
        policy.require_read_space(actor, space)
    members = Membership.objects.filter(space=space).select_related(
        "user", "user__business_unit", "user__country"
    )
    if role:
        members = members.filter(role=role)
    return members.annotate(rank=ROLE_ORDER).order_by("rank", "user__display_name", "user_id")


def space_team(*, actor: Actor, space: Space, limit: int = 8) -> list[Membership]:
    """Who runs the space (leaders, facilitators, champions), leaders first.

    Read through the (space, role) index: even in a space of tens of thousands of
    members this touches only the few people with a role.
    """
    policy.require_read_space(actor, space)
    return list(
        Membership.objects.filter(
            space_id=space.pk, role__in=[Role.LEADER, Role.FACILITATOR, Role.CHAMPION]
        )
        .select_related("user")
        .only("role", "space_id", "user__username", "user__display_name", "user__photo")
        .annotate(rank=ROLE_ORDER)
        .order_by("rank", "user__display_name", "user_id")[:limit]
    )


def access_request_list(*, actor: Actor, space: Space) -> QuerySet:
    policy.require_decide_access_requests(actor, space)
    return AccessRequest.objects.filter(
        space=space, status=AccessRequest.Status.PENDING
    ).select_related("user", "user__business_unit")


def pending_request_of(*, actor: Actor, space: Space) -> AccessRequest | None:
    return AccessRequest.objects.filter(
        space=space, user_id=actor.user_id, status=AccessRequest.Status.PENDING
    ).first()


def invitation_list_for(*, actor: Actor) -> QuerySet:
    """Pending invitations to spaces the actor may see (a draft or pilot space stays
    hidden from invitees its state leaves out, until it goes live)."""
    return (
        Invitation.objects.filter(user_id=actor.user_id, status=Invitation.Status.PENDING)
        .filter(policy.space_listing_q(actor, "space"))
        .select_related("space", "invited_by")
    )


CARD_FIELDS = (
    "id",
    "name",
    "slug",
    "description",
    "visibility",
    "member_count",
    "business_unit__name",
)
CARD_DESCRIPTION_CHARS = 300


def space_cards(*, actor: Actor, spaces: QuerySet) -> list[dict]:
    """Spaces as the small dicts a card shows, with the actor's role in each.

    Directories show dozens of cards per page; plain dicts skip building model
    instances and make each template lookup a dictionary hit. ``spaces`` must
    already be filtered through the policy (``space_list``).
    """
    labels = dict(Visibility.choices)
    cards = []
    for row in spaces.values(*CARD_FIELDS):
        row["description"] = row["description"][:CARD_DESCRIPTION_CHARS]
        row["visibility_label"] = labels[row["visibility"]]
        row["business_unit_name"] = row.pop("business_unit__name")
        row["role"] = actor.roles.get(row["id"], "")
        cards.append(row)
    return cards
