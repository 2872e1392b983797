"""The playbook: the eight steps of a community's life as a checklist.

Items are detected from the data where the data can tell (a detector per item,
each a query or two); the others are ticked by hand (``PlaybookTick``). Items
the platform has no model for yet (success stories) are hand-ticked and say so.
``health_reviewed`` is monthly: a tick counts for the month it was made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from hearth.lifecycle.models import Charter, PilotFeedback, PlaybookTick
from hearth.rules.models import RulesDocument

STEPS = [
    ("prepare", "Prepare"),
    ("design", "Design"),
    ("implement", "Implement"),
    ("develop", "Develop"),
    ("animate", "Animate"),
    ("monitor", "Monitor"),
    ("wrap_up", "Wrap up"),
    ("analyze", "Analyze"),
]


@dataclass(frozen=True)
class Item:
    key: str
    step: str
    label: str
    detect: Callable | None = None  # (space) -> bool; None: ticked by hand
    note: str = ""
    monthly: bool = False


def _charter_written(space) -> bool:
    charter = Charter.objects.filter(space=space).first()
    return bool(charter and charter.is_written and charter.targets.exists())


def _champion_named(space) -> bool:
    return space.memberships.filter(role="champion").exists()


def _rules_adopted(space) -> bool:
    return RulesDocument.objects.filter(space=space, current_number__gte=1).exists()


def _pilot_held(space) -> bool:
    """A pilot took place, champions gave feedback, and every item is resolved."""
    piloted = space.lifecycle_events.filter(to_state="pilot").exists()
    feedback = PilotFeedback.objects.filter(space=space)
    return piloted and feedback.exists() and not feedback.filter(status="open").exists()


def _launched(space) -> bool:
    return space.lifecycle_events.filter(to_state="live").exists() or (
        space.state == "live" and not space.lifecycle_events.exists()
    )


def _invitations_sent(space) -> bool:
    return space.invitations.exists()


def _conversations_active(space) -> bool:
    return space.conversations.filter(
        removed_at__isnull=True, created_at__gte=timezone.now() - timedelta(days=30)
    ).exists()


def _questions_answered(space) -> bool:
    return space.conversations.filter(kind="question", accepted_reply__isnull=False).exists()


def _action_plan_made(space) -> bool:
    return space.action_tasks.exists()


def _first_event_held(space) -> bool:
    return space.events.filter(ends_at__lte=timezone.now()).exists()


def _wrapped_up(space) -> bool:
    return space.state == "archived"


ITEMS: list[Item] = [
    Item("first_meeting", "prepare", "First meeting held: people know each other"),
    Item(
        "charter_written",
        "prepare",
        "Charter written: vision and measurable targets",
        _charter_written,
    ),
    Item("champion_named", "prepare", "At least one champion named", _champion_named),
    Item("rules_adopted", "prepare", "Rules co-created and adopted", _rules_adopted),
    Item("pilot_held", "design", "Pilot held, with champions' feedback all resolved", _pilot_held),
    Item("guidance_written", "design", "Guidance material written for members"),
    Item("launched", "implement", "Launched: the space is live", _launched),
    Item("invitations_sent", "implement", "Invitations sent", _invitations_sent),
    Item(
        "first_success_story",
        "develop",
        "First success story gathered",
        note="Success stories are not in Hearth yet: tick by hand.",
    ),
    Item("questions_answered", "develop", "A question got an accepted answer", _questions_answered),
    Item(
        "conversations_active",
        "animate",
        "Conversations in the last 30 days",
        _conversations_active,
    ),
    Item("action_plan_made", "animate", "An action plan with dated tasks", _action_plan_made),
    Item("first_event", "animate", "First event held", _first_event_held),
    Item(
        "health_reviewed",
        "monitor",
        "Health reviewed this month",
        monthly=True,
        note="Ticked by hand each month.",
    ),
    Item("wrapped_up", "wrap_up", "Wrap-up done: the space is archived", _wrapped_up),
    Item("lessons_shared", "analyze", "Lessons learnt shared with other community managers"),
]
ITEM_BY_KEY = {item.key: item for item in ITEMS}
HAND_ITEMS = {item.key for item in ITEMS if item.detect is None}


def playbook_for(space) -> list[dict]:
    """The steps with their items: done or not, and whether data or a person said so."""
    now = timezone.now()
    ticks = {
        t.item: t for t in PlaybookTick.objects.filter(space=space).select_related("ticked_by")
    }
    steps = []
    for step, label in STEPS:
        rows = []
        for item in (i for i in ITEMS if i.step == step):
            tick = ticks.get(item.key)
            if item.detect is not None:
                done, source = bool(item.detect(space)), "data"
            else:
                done = tick is not None and (
                    not item.monthly
                    or (tick.ticked_at.year, tick.ticked_at.month) == (now.year, now.month)
                )
                source = "hand"
            rows.append(
                {
                    "key": item.key,
                    "label": item.label,
                    "done": done,
                    "source": source,
                    "note": item.note,
                    "ticked_by": getattr(tick.ticked_by, "display_name", "")
                    if tick and source == "hand"
                    else "",
                    "ticked_at": tick.ticked_at if tick and source == "hand" else None,
                }
            )
        steps.append(
            {
                "key": step,
                "label": label,
                "items": rows,
                "done": sum(r["done"] for r in rows),
                "total": len(rows),
            }
        )
    return steps
