"""Writes for a space's life: transitions, pilot feedback, the charter, playbook ticks.

Each checks the policy, validates, changes, audits in the same transaction, and
queues notifications after commit. Pages and the API call these same functions.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.lifecycle.metrics import CATALOGUE
from hearth.lifecycle.models import (
    Charter,
    CharterTarget,
    LifecycleEvent,
    PilotFeedback,
    PlaybookTick,
)
from hearth.lifecycle.playbook import HAND_ITEMS
from hearth.lifecycle.tasks import lifecycle_event_notify
from hearth.notifications.services import notification_send
from hearth.spaces.models import LifecycleState, Space

S = LifecycleState

# The allowed transitions. Leaders move a space through its life; only a
# platform admin reopens an archived one (and only as live).
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.PILOT, S.LIVE, S.ARCHIVED},
    S.PILOT: {S.DRAFT, S.LIVE, S.ARCHIVED},
    S.LIVE: {S.PILOT, S.ARCHIVED},
    S.ARCHIVED: {S.LIVE},
}
ADMIN_ONLY_FROM = {S.ARCHIVED}
REASON_MAX = 1000


def transitions_for(*, actor: Actor, space: Space) -> list[str]:
    """The states this actor may move the space to now."""
    if not policy.can_administer_space(actor, space):
        return []
    if space.state in ADMIN_ONLY_FROM and not actor.is_platform_admin:
        return []
    return [s for s in S.values if s in TRANSITIONS[space.state]]


@change("space.transition", role="leader", check=policy.require_see_space)
def space_transition(
    *, actor: Actor, space: Space, state: str, reason: str = "", via: str = "web"
) -> LifecycleEvent:
    """Move ``space`` to ``state`` if the table allows it and the actor may.

    Archiving needs a reason (shown in the banner with the date). Nothing in the
    space is deleted or rewritten, so any later transition restores it whole.
    """
    if not policy.can_administer_space(actor, space):
        raise Forbidden("Only the space's leaders can change its state.")
    if state not in S.values:
        raise Invalid(f"The state is one of: {', '.join(S.values)}.", field="state")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise Invalid(f"The reason can be at most {REASON_MAX:,} characters.", field="reason")
    current = space.state
    if state == current:
        raise Conflict(f"The space is already {S(current).label.lower()}.")
    if state not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current]))
        raise Invalid(
            f"A {S(current).label.lower()} space cannot become "
            f"{S(state).label.lower()}; it can become: {allowed}.",
            field="state",
        )
    if current in ADMIN_ONLY_FROM and not actor.is_platform_admin:
        raise Forbidden("Only a platform admin can reopen an archived space.")
    if state == S.ARCHIVED and len(reason) < 5:
        raise Invalid(
            "Say why the space is archived (at least 5 characters): members "
            "will read it in the banner.",
            field="reason",
        )
    with transaction.atomic():
        # A conditional update: two leaders racing cannot both move it.
        moved = Space.objects.filter(pk=space.pk, state=current).update(state=state)
        if not moved:
            raise Conflict("The space's state just changed; reload and try again.")
        space.state = state
        event = LifecycleEvent.objects.create(
            space=space, from_state=current, to_state=state, actor=actor.user, reason=reason
        )
        record(
            actor,
            target=space,
            space=space,
            before={"state": current},
            after={"state": state, "reason": reason},
            via=via,
        )
        transaction.on_commit(lambda: lifecycle_event_notify.enqueue(event.pk))
    return event


# -- Pilot feedback -------------------------------------------------------------------


def pilot_feedback_create(
    *, actor: Actor, space: Space, text: str, via: str = "web"
) -> PilotFeedback:
    """Champions (and leaders) raise an item while the space is in its pilot."""
    policy.require_read_space(actor, space)
    policy.require_write_in_space(actor, space)
    if not actor.has_role(space, "champion"):
        raise Forbidden("Only the space's champions and leaders give pilot feedback.")
    if space.state != S.PILOT:
        raise Invalid("Feedback is gathered while the space is in its pilot.")
    text = (text or "").strip()
    if len(text) < 3:
        raise Invalid("Write the feedback (at least 3 characters).", field="text")
    if len(text) > 2000:
        raise Invalid("Feedback can be at most 2,000 characters.", field="text")
    return PilotFeedback.objects.create(space=space, author=actor.user, text=text)


@change("pilot_feedback.resolve", role="leader", check=None)
def pilot_feedback_resolve(
    *, actor: Actor, space: Space, feedback_id: int, note: str, via: str = "web"
) -> PilotFeedback:
    """A leader resolves a feedback item with a note; its author is told."""
    policy.require_administer_space(actor, space)
    policy.require_write_in_space(actor, space)
    note = (note or "").strip()
    if not note:
        raise Invalid("Say how the feedback was resolved.", field="note")
    if len(note) > 1000:
        raise Invalid("The note can be at most 1,000 characters.", field="note")
    with transaction.atomic():
        item = (
            PilotFeedback.objects.select_for_update(of=("self",))
            .filter(pk=feedback_id, space=space)
            .select_related("author")
            .first()
        )
        if item is None:
            raise NotFound("No such feedback item.")
        if item.status == PilotFeedback.Status.RESOLVED:
            raise Conflict("This feedback is already resolved.")
        item.status, item.resolved_by = PilotFeedback.Status.RESOLVED, actor.user
        item.resolved_at, item.resolution_note = timezone.now(), note
        item.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note"])
        record(
            actor,
            target=item,
            space=space,
            before={"status": "open"},
            after={"status": "resolved", "note": note},
            via=via,
        )
        if item.author_id and item.author_id != actor.user_id:
            notification_send(
                recipient=item.author,
                kind="feedback_resolved",
                actor=actor.user,
                space=space,
                text=f"Your pilot feedback on {space} was resolved: “{note}”",
                url=f"/s/{space.slug}/pilot/",
            )
    return item


# -- Charter ----------------------------------------------------------------------------


def _clean_targets(targets) -> list[tuple[str, float]]:
    cleaned: dict[str, float] = {}
    for entry in targets or []:
        metric = (entry.get("metric") or "").strip()
        if metric not in CATALOGUE:
            raise Invalid(
                f"Unknown metric “{metric[:40]}”; choose one of: {', '.join(CATALOGUE)}.",
                field="targets",
            )
        if metric in cleaned:
            raise Invalid(f"“{CATALOGUE[metric].label}” is listed twice.", field="targets")
        try:
            value = float(entry.get("target"))
        except (TypeError, ValueError):
            raise Invalid(
                f"The target for “{CATALOGUE[metric].label}” must be a number.", field="targets"
            ) from None
        if value != value or value < 0 or value > 1_000_000:  # NaN, negative, absurd
            raise Invalid(
                f"The target for “{CATALOGUE[metric].label}” must be between 0 and 1,000,000.",
                field="targets",
            )
        if CATALOGUE[metric].unit == "%" and value > 100:
            raise Invalid(
                f"“{CATALOGUE[metric].label}” is a percentage: at most 100.", field="targets"
            )
        cleaned[metric] = value
    if len(cleaned) > len(CATALOGUE):
        raise Invalid("Too many targets.", field="targets")
    return list(cleaned.items())


@change("charter.update", role="leader", check=policy.require_administer_space)
def charter_update(
    *, actor: Actor, space: Space, vision: str, audience: str, targets: list[dict], via: str = "web"
) -> Charter:
    """Leaders write the vision, audience and measurable targets (replacing the list)."""
    policy.require_write_in_space(actor, space)
    vision, audience = (vision or "").strip(), (audience or "").strip()
    if len(vision) > 2000:
        raise Invalid("The vision can be at most 2,000 characters.", field="vision")
    if len(audience) > 1000:
        raise Invalid("The audience can be at most 1,000 characters.", field="audience")
    cleaned = _clean_targets(targets)
    with transaction.atomic():
        charter, _ = Charter.objects.select_for_update().get_or_create(space=space)
        before = {
            "vision": charter.vision,
            "audience": charter.audience,
            "targets": [[t.metric, t.target] for t in charter.targets.all()],
        }
        charter.vision, charter.audience, charter.updated_by = vision, audience, actor.user
        charter.save()
        charter.targets.all().delete()
        CharterTarget.objects.bulk_create(
            [
                CharterTarget(charter=charter, metric=m, target=v, position=i)
                for i, (m, v) in enumerate(cleaned)
            ]
        )
        record(
            actor,
            target=charter,
            space=space,
            before=before,
            after={"vision": vision, "audience": audience, "targets": [list(t) for t in cleaned]},
            via=via,
        )
    return charter


# -- Playbook hand ticks ------------------------------------------------------------------


@change("playbook.tick", role="leader", check=None)
def playbook_tick(*, actor: Actor, space: Space, item: str, ticked: bool, via: str = "web") -> bool:
    """Tick (or untick) a playbook item the data cannot detect."""
    policy.require_administer_space(actor, space)
    if item not in HAND_ITEMS:
        raise Invalid(
            "This item is detected from the space's activity; it cannot be ticked by hand.",
            field="item",
        )
    with transaction.atomic():
        existing = PlaybookTick.objects.filter(space=space, item=item).first()
        before = {"ticked": existing is not None}
        if ticked:
            PlaybookTick.objects.update_or_create(
                space=space,
                item=item,
                defaults={"ticked_by": actor.user, "ticked_at": timezone.now()},
            )
        elif existing:
            existing.delete()
        record(
            actor,
            target=space,
            space=space,
            before={**before, "item": item},
            after={"ticked": ticked, "item": item},
            via=via,
        )
    return ticked
