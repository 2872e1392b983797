"""Reads for the home page's featured strip, through the visibility policy."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.bounds import whole_number
from hearth.core.errors import Invalid, NotFound
from hearth.curation import policies
from hearth.curation.models import FeatureKind, HomeFeature
from hearth.events.models import Event
from hearth.spaces.models import Space
from hearth.stories.models import Story

STRIP_MAX = 8
TARGET_HELP = {
    FeatureKind.SPACE: "the space's web address (slug), e.g. lean-continuous-improvement",
    FeatureKind.PERSON: "the person's username",
    FeatureKind.STORY: "the story's number, as in /stories/12/",
    FeatureKind.EVENT: "the event's number, as in /events/7/",
}


def _number(ref: str, kind: str) -> int:
    ref = (ref or "").strip().rstrip("/").rsplit("/", 1)[-1]
    number = whole_number(ref)
    if number is None:
        raise Invalid(f"Give {TARGET_HELP[kind]}.", field="target")
    return number


def feature_target_find(*, actor: Actor, kind: str, ref: str) -> Model:
    """The space, person, story or event that ``ref`` names, if the curator can see
    it; otherwise Invalid, with the same message whether missing or hidden."""
    missing = Invalid(
        f"No such {FeatureKind(kind).label.lower()} that you can see: give {TARGET_HELP[kind]}.",
        field="target",
    )
    ref = (ref or "").strip()
    if not ref or len(ref) > 150:
        raise missing
    if kind == FeatureKind.SPACE:
        found = Space.objects.filter(slug=ref).first()
        if found is None or not policy.can_see_space(actor, found):
            raise missing
        return found
    if kind == FeatureKind.PERSON:
        found = get_user_model().objects.filter(username=ref, is_active=True).first()
        if found is None:
            raise missing
        return found
    model = Story if kind == FeatureKind.STORY else Event
    found = model.objects.visible_to(actor).filter(pk=_number(ref, kind)).first()
    if found is None:
        raise missing
    return found


def visible_q(actor: Actor) -> Q:
    """Features whose target the viewer may see: a space they may know exists, a
    story or event in a space whose content they may read, any active person."""
    return (
        Q(kind=FeatureKind.PERSON, person__is_active=True)
        | (Q(kind=FeatureKind.SPACE) & policy.space_listing_q(actor, "space"))
        | (Q(kind=FeatureKind.STORY) & policy.space_content_q(actor, "story__space"))
        | (Q(kind=FeatureKind.EVENT) & policy.space_content_q(actor, "event__space"))
    )


# What the strip shows of each target, and what the policy's checks read of a space
# (its visibility, state and unit): the joined rows carry nothing else.
_SPACE_FIELDS = ("name", "slug", "visibility", "state", "business_unit_id")
STRIP_FIELDS = (
    "kind",
    "blurb",
    "position",
    "starts_at",
    "ends_at",
    *(f"space__{name}" for name in (*_SPACE_FIELDS, "description")),
    "person__username",
    "person__display_name",
    "person__title",
    "person__photo",
    "person__is_active",
    "story__title",
    "story__outcome_kind",
    "story__hours_saved",
    "story__money_saved",
    "story__currency",
    *(f"story__space__{name}" for name in _SPACE_FIELDS),
    "event__title",
    "event__starts_at",
    "event__ends_at",
    "event__cancelled_at",
    *(f"event__space__{name}" for name in _SPACE_FIELDS),
)


def may_see(actor: Actor, feature: HomeFeature, now: datetime) -> bool:
    """``visible_q`` for one feature whose target is loaded, and the strip's own rule
    that a cancelled or finished event leaves it: the policy's checks, which read the
    actor's cached roles (no query)."""
    if feature.kind == FeatureKind.PERSON:
        return feature.person.is_active
    if feature.kind == FeatureKind.SPACE:
        return policy.can_see_space(actor, feature.space)
    if feature.kind == FeatureKind.STORY:
        return policy.can_read_space(actor, feature.story.space)
    event = feature.event
    return (
        event.cancelled_at is None
        and event.ends_at > now
        and policy.can_read_space(actor, event.space)
    )


def features_in_force(*, actor: Actor, now: datetime | None = None) -> list[HomeFeature]:
    """What the home page features now for this viewer, in the curators' order: one
    query, whatever the number of features.

    Every feature in force comes with its target (curators keep a handful in force at
    a time), and the policy's checks decide which this viewer may see (``may_see``):
    a far cheaper query for every page view than the same rule as a filter."""
    if not actor.is_authenticated:
        return []
    now = now or timezone.now()
    in_force = (
        HomeFeature.objects.filter(starts_at__lte=now, ends_at__gt=now)
        .select_related("space", "person", "story", "story__space", "event", "event__space")
        .only(*STRIP_FIELDS)
        .order_by("position", "starts_at", "id")
    )
    return [feature for feature in in_force if may_see(actor, feature, now)][:STRIP_MAX]


def feature_list(*, actor: Actor) -> QuerySet:
    """Every feature, current and coming first, then past ones: curators only."""
    policies.require_curate_home(actor)
    return HomeFeature.objects.select_related(
        "space", "person", "story", "event", "created_by"
    ).order_by("-ends_at", "position", "id")


def feature_get(*, actor: Actor, feature_id: int) -> HomeFeature:
    policies.require_curate_home(actor)
    feature = feature_list(actor=actor).filter(pk=feature_id).first()
    if feature is None:
        raise NotFound("No such feature.")
    return feature
