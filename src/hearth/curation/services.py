"""Writes for the home page's featured strip: platform admins and the director of
collaboration, every change audited."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Invalid
from hearth.curation import policies
from hearth.curation.models import BLURB_MAX, FeatureKind, HomeFeature
from hearth.curation.selectors import feature_target_find

# A feature is for a season, not for ever: one year at most.
LONGEST_DAYS = 366
POSITION_MAX = 1000


def _clean_times(starts_at: datetime | None, ends_at: datetime | None) -> tuple:
    starts_at = starts_at or timezone.now()
    if ends_at is None:
        raise Invalid("Say when the feature ends.", field="ends_at")
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if timezone.is_naive(value):
            raise Invalid("Give times with their time zone.", field=name)
    if ends_at <= starts_at:
        raise Invalid("The feature must end after it starts.", field="ends_at")
    if (ends_at - starts_at).days > LONGEST_DAYS:
        raise Invalid("Feature something for a year at most.", field="ends_at")
    if ends_at <= timezone.now():
        raise Invalid("That end is already past: the feature would never show.", field="ends_at")
    return starts_at, ends_at


def _clean_blurb(blurb: str) -> str:
    blurb = " ".join((blurb or "").split())
    if len(blurb) > BLURB_MAX:
        raise Invalid(f"Keep the blurb to {BLURB_MAX} characters.", field="blurb")
    return blurb


def _clean_position(position) -> int:
    if (
        isinstance(position, bool)
        or not isinstance(position, int)
        or not (0 <= position <= POSITION_MAX)
    ):
        raise Invalid(f"The order is a whole number from 0 to {POSITION_MAX}.", field="position")
    return position


def _state(feature: HomeFeature) -> dict:
    # The target by id, never its name: a private space's story stays unnamed in the log.
    return {
        "kind": feature.kind,
        "target_id": getattr(feature, f"{feature.kind}_id"),
        "blurb": feature.blurb,
        "starts_at": feature.starts_at.isoformat(),
        "ends_at": feature.ends_at.isoformat(),
        "position": feature.position,
    }


@change("home_feature.create", check=policies.require_curate_home, on="")
def home_feature_create(
    *,
    actor: Actor,
    kind: str,
    target: str,
    blurb: str = "",
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    position: int = 0,
    via: str = "web",
) -> HomeFeature:
    """Feature a space, person, story or event on the home page for a time. The
    target must be one the curator can see (audited)."""
    if kind not in FeatureKind.values:
        raise Invalid(
            "Choose what to feature: " + ", ".join(FeatureKind.values) + ".", field="kind"
        )
    found = feature_target_find(actor=actor, kind=kind, ref=target)
    starts_at, ends_at = _clean_times(starts_at, ends_at)
    blurb, position = _clean_blurb(blurb), _clean_position(position)
    with transaction.atomic():
        feature = HomeFeature.objects.create(
            kind=kind,
            blurb=blurb,
            starts_at=starts_at,
            ends_at=ends_at,
            position=position,
            created_by=actor.user,
            **{kind: found},
        )
        record(actor, target=feature, after=_state(feature), via=via)
    return feature


@change("home_feature.update", check=policies.require_curate_home, on="")
def home_feature_update(
    *,
    actor: Actor,
    feature: HomeFeature,
    blurb: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    position: int,
    via: str = "web",
) -> HomeFeature:
    """Change a feature's blurb, dates or order (audited)."""
    before = _state(feature)
    starts_at, ends_at = _clean_times(starts_at or feature.starts_at, ends_at)
    blurb, position = _clean_blurb(blurb), _clean_position(position)
    with transaction.atomic():
        feature.blurb, feature.starts_at, feature.ends_at, feature.position = (
            blurb,
            starts_at,
            ends_at,
            position,
        )
        feature.save(update_fields=["blurb", "starts_at", "ends_at", "position"])
        record(actor, target=feature, before=before, after=_state(feature), via=via)
    return feature


@change("home_feature.remove", check=policies.require_curate_home, on="")
def home_feature_remove(*, actor: Actor, feature: HomeFeature, via: str = "web") -> None:
    """Take a feature off the home page for good (audited, with what it was)."""
    with transaction.atomic():
        record(actor, target=feature, before=_state(feature), via=via)
        feature.delete()
