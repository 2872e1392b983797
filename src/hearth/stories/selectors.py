"""Reads for success stories, always through the visibility policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery, Sum

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import NotFound
from hearth.stories.models import BusinessOutcome, OutcomeKind, Story, money_format

LIST_RELATED = ("space", "author", "business_unit")


@dataclass(frozen=True)
class StoryFilters:
    space: str = ""  # a space's slug
    business_unit: str = ""  # a unit's slug
    outcome_kind: str = ""


@dataclass
class StoryTotals:
    count: int = 0
    hours_saved: Decimal = Decimal("0")
    # One total per currency: sums in different currencies are never added up.
    money: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def money_display(self) -> list[str]:
        return [money_format(amount, currency) for currency, amount in self.money]


def story_get(*, actor: Actor, story_id: int) -> Story:
    """The story, or NotFound when missing or in a space the actor may not know;
    a restricted space's story raises Forbidden with a way in."""
    story = (
        Story.objects.select_related(*LIST_RELATED, "source_conversation", "edited_by")
        .filter(pk=story_id)
        .first()
    )
    # The same message for a missing story and a hidden one: an id never hints.
    if story is None or not policy.can_see_space(actor, story.space):
        raise NotFound("No such story.")
    policy.require_read_space(actor, story.space)
    return story


def _filtered(actor: Actor, filters: StoryFilters) -> QuerySet:
    stories = Story.objects.visible_to(actor)
    if filters.space:
        stories = stories.filter(space__slug=filters.space)
    if filters.business_unit:
        stories = stories.filter(business_unit__slug=filters.business_unit)
    if filters.outcome_kind:
        stories = stories.filter(outcome_kind=filters.outcome_kind)
    return stories


def story_gallery(*, actor: Actor, filters: StoryFilters | None = None) -> QuerySet:
    """Every story the actor may read, newest first, narrowed by the filters."""
    return (
        _filtered(actor, filters or StoryFilters())
        .select_related(*LIST_RELATED)
        .order_by("-created_at", "-id")
    )


def story_totals(*, actor: Actor, filters: StoryFilters | None = None) -> StoryTotals:
    """What the stories the actor may read add up to: their count, the hours saved
    and the money saved per currency (one grouped query)."""
    rows = (
        _filtered(actor, filters or StoryFilters())
        .order_by()
        .values("currency")
        .annotate(n=Count("id"), hours=Sum("hours_saved"), money=Sum("money_saved"))
    )
    totals = StoryTotals()
    for row in rows:
        totals.count += row["n"]
        totals.hours_saved += row["hours"] or 0
        if row["currency"] and row["money"]:
            totals.money.append((row["currency"], row["money"]))
    totals.money.sort(key=lambda pair: -pair[1])
    return totals


def story_list(*, actor: Actor, space) -> QuerySet:
    """A space's stories, newest first, for whoever may read the space."""
    policy.require_read_space(actor, space)
    return (
        Story.objects.visible_to(actor)
        .filter(space=space)
        .select_related(*LIST_RELATED)
        .order_by("-created_at", "-id")
    )


def conversation_has_outcome() -> Exists:
    """For annotating conversations: whether each is marked as a business outcome. Only
    says whether reading the mark (through the policy) is worth a query."""
    return Exists(BusinessOutcome.objects.filter(conversation=OuterRef("pk")))


def conversation_outcome(*, actor: Actor, conversation) -> BusinessOutcome | None:
    """The business-outcome mark of a conversation the actor reads, with the id of
    the story promoted from it as ``story_id`` (one query)."""
    return (
        BusinessOutcome.objects.visible_to(actor)
        .filter(conversation_id=conversation.pk)
        .annotate(
            story_id=Subquery(
                Story.objects.filter(source_conversation_id=OuterRef("conversation_id")).values(
                    "pk"
                )[:1]
            )
        )
        .first()
    )


def outcome_kinds() -> list[tuple[str, str]]:
    return list(OutcomeKind.choices)
