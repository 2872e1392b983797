"""Reads for a space's life, always through the policy."""

from __future__ import annotations

from django.db.models import QuerySet, prefetch_related_objects

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.lifecycle.metrics import CATALOGUE
from hearth.lifecycle.models import Charter, LifecycleEvent, PilotFeedback
from hearth.spaces.selectors import one_to_one_of


def lifecycle_history(*, actor: Actor, space) -> QuerySet:
    policy.require_administer_space(actor, space)
    return LifecycleEvent.objects.filter(space=space).select_related("actor")[:100]


def archive_event(*, space) -> LifecycleEvent | None:
    """The transition that archived the space (for its banner), if it is archived.

    Callers have already been allowed to see the space."""
    if space.state != "archived":
        return None
    return (
        LifecycleEvent.objects.filter(space=space, to_state="archived")
        .select_related("actor")
        .first()
    )


def pilot_feedback_list(*, actor: Actor, space) -> QuerySet:
    policy.require_read_space(actor, space)
    if not actor.has_role(space, "champion"):
        policy.require_administer_space(actor, space)
    return PilotFeedback.objects.filter(space=space).select_related("author", "resolved_by")


def charter_get(*, actor: Actor, space) -> Charter | None:
    """The space's charter with its targets (two queries; the first is saved when
    ``space_get`` read the charter with the space, and the second when there is none)."""
    policy.require_read_space(actor, space)
    charter = one_to_one_of(space, "charter", lambda: Charter.objects.filter(space=space).first())
    if charter is not None:
        prefetch_related_objects([charter], "targets")
    return charter


_UNREAD = object()


def charter_scorecard(*, actor: Actor, space, charter: Charter | None = _UNREAD) -> list[dict]:
    """Each target beside its current value, computed from the space's activity.

    ``charter`` is the one ``charter_get`` read, None included (a space without a
    charter: no second query); left out, it is read here."""
    if charter is _UNREAD:
        charter = charter_get(actor=actor, space=space)
    if charter is None:
        return []
    rows = []
    for target in charter.targets.all():
        metric = CATALOGUE.get(target.metric)
        if metric is None:
            continue
        value = metric.compute(space, _now())
        rows.append(
            {
                "metric": metric.key,
                "label": metric.label,
                "unit": metric.unit,
                "comparator": metric.comparator,
                "target": target.target,
                "value": value,
                "met": metric.met(value, target.target),
                "explains": metric.explains,
            }
        )
    return rows


def _now():
    from django.utils import timezone

    return timezone.now()
