"""Reads for gardening: a space's queue of what needs care, through the policy."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.conversations.models import Conversation
from hearth.core.errors import Invalid
from hearth.gardening import policies
from hearth.gardening.models import GardeningUndo
from hearth.gardening.services import undo_denial, undo_item, undo_refusal, undo_related
from hearth.library.models import Document
from hearth.spaces.models import Membership, Role, Space

DEFAULT_DAYS = 7
MAX_DAYS = 3650
# The queue's sections, in the order the page shows them.
TABS = {
    "untagged": "Untagged",
    "unanswered": "Questions without an accepted answer",
    "review": "Documents past their review date",
    "no-reply": "Conversations with no reply",
}


def days_parse(value, *, default: int = DEFAULT_DAYS) -> int:
    """N, for "questions without an accepted answer after N days" (0 to 3650)."""
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        raise Invalid("The number of days is a whole number.", field="days")
    try:
        days = int(value)
    except (TypeError, ValueError) as error:
        raise Invalid("The number of days is a whole number.", field="days") from error
    if not 0 <= days <= MAX_DAYS:
        raise Invalid(f"The number of days is between 0 and {MAX_DAYS}.", field="days")
    return days


def _conversations(actor: Actor, space) -> QuerySet:
    return (
        Conversation.objects.visible_to(actor)
        .filter(space=space, removed_at__isnull=True)
        .select_related("author")
        .defer("body", "body_html")
    )


def _queue_q(tab: str, days: int) -> Q:
    if tab == "untagged":
        return Q(tags__isnull=True)
    if tab == "unanswered":
        return Q(
            kind=Conversation.Kind.QUESTION,
            accepted_reply__isnull=True,
            created_at__lt=timezone.now() - timedelta(days=days),
        )
    return Q(reply_count=0)


def _documents(actor: Actor, space) -> QuerySet:
    return (
        Document.objects.visible_to(actor)
        .filter(space=space, review_on__lt=timezone.localdate())
        .exclude(status=Document.Status.OUTDATED)
        .select_related("owner")
        .defer("body", "body_html")
    )


def gardening_queue(*, actor: Actor, space, tab: str, days: int = DEFAULT_DAYS) -> QuerySet:
    """One section of the space's queue, for its facilitators and leaders: untagged
    conversations (newest activity first), questions without an accepted answer
    older than ``days`` (oldest first), library documents past their review date
    (the most overdue first) or conversations with no reply (oldest first)."""
    policies.require_see_gardening_queue(actor, space)
    if tab not in TABS:
        raise Invalid(f"The sections are: {', '.join(TABS)}.", field="tab")
    if tab == "review":
        return _documents(actor, space).order_by("review_on", "pk")
    rows = _conversations(actor, space).filter(_queue_q(tab, days))
    if tab == "untagged":
        return rows.order_by("-last_activity_at", "-pk")
    return rows.order_by("created_at", "pk")


def gardening_counts(*, actor: Actor, space, days: int = DEFAULT_DAYS) -> dict[str, int]:
    """How many items each section holds (two queries)."""
    policies.require_see_gardening_queue(actor, space)
    counts = _conversations(actor, space).aggregate(
        **{
            tab.replace("-", "_"): Count("pk", filter=_queue_q(tab, days), distinct=True)
            for tab in TABS
            if tab != "review"
        }
    )
    result = {tab: counts.get(tab.replace("-", "_"), 0) for tab in TABS}
    result["review"] = _documents(actor, space).count()
    return result


def undo_states(*, actor: Actor, entries) -> dict[int, str]:
    """For the audit log's page: each gardening entry's undo state — "undo" (the
    reader may try it), "undone", or why it never can be ("A notification cannot be
    unsent."). Other entries are left out. One query for the page's undone ones."""
    gardening = [
        e for e in entries if e.action.startswith("gardening.") or e.action == "conversation.move"
    ]
    if not gardening:
        return {}
    undone = set(
        GardeningUndo.objects.filter(entry_id__in=[e.pk for e in gardening]).values_list(
            "entry_id", flat=True
        )
    )
    related = undo_related(gardening)
    states = {}
    for entry in gardening:
        refusal = undo_refusal(entry)
        if entry.pk in undone:
            states[entry.pk] = "undone"
        elif refusal and entry.action != "gardening.undo":
            states[entry.pk] = refusal
        elif not refusal:
            # The service's own rule, on the item where it is now (not the entry's space).
            item = undo_item(entry, related)
            allowed = item is not None and not undo_denial(actor, entry, item, related)
            if allowed:
                states[entry.pk] = "undo"
    return states


# -- The move and notify forms (also the desk's) ---------------------------------------


def move_targets(*, actor: Actor, exclude: Space) -> QuerySet:
    """Spaces the actor may post in (moving a question there)."""
    return (
        Space.objects.filter(pk__in=list(actor.roles)).exclude(pk=exclude.pk).order_by("name", "id")
    )


def space_readers_suggestions(*, space: Space, limit: int = 12) -> list:
    """A few people who can read the space and know it: its leaders, facilitators
    and champions (suggested on the notify form)."""
    return [
        m.user
        for m in Membership.objects.filter(
            space=space,
            role__in=[Role.LEADER, Role.FACILITATOR, Role.CHAMPION],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__display_name")[:limit]
    ]
