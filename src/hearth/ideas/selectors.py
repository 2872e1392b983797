"""Reads for ideas, always through the visibility policy."""

from __future__ import annotations

from django.db.models import QuerySet

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.errors import NotFound
from hearth.ideas.models import Campaign, Idea, IdeaVote

SORTS = {"votes": ("-vote_count", "-created_at", "-id"), "newest": ("-created_at", "-id")}


def idea_get(*, actor: Actor, idea_id: int) -> Idea:
    """The idea, or NotFound when missing or in a space the actor may not know."""
    idea = Idea.objects.select_related("space", "campaign", "author").filter(pk=idea_id).first()
    if idea is None or not policy.can_see_space(actor, idea.space):
        raise NotFound("No such idea.")
    policy.require_read_space(actor, idea.space)
    return idea


def idea_list(
    *, actor: Actor, space, sort: str = "votes", campaign: Campaign | None = None, status: str = ""
) -> QuerySet:
    policy.require_read_space(actor, space)
    ideas = Idea.objects.visible_to(actor).filter(space=space).select_related("author", "campaign")
    if campaign is not None:
        ideas = ideas.filter(campaign=campaign)
    if status:
        ideas = ideas.filter(status=status)
    return ideas.order_by(*SORTS.get(sort, SORTS["votes"]))


def campaign_get(*, actor: Actor, space, campaign_id: int) -> Campaign:
    policy.require_read_space(actor, space)
    campaign = Campaign.objects.filter(space=space, pk=campaign_id).first()
    if campaign is None:
        raise NotFound("No such campaign.")
    return campaign


def campaign_list(*, actor: Actor, space) -> QuerySet:
    policy.require_read_space(actor, space)
    return Campaign.objects.filter(space=space).order_by("-starts_at", "-id")


def voted_ids(*, actor: Actor, idea_ids: list[int]) -> set[int]:
    """Which of these ideas the actor voted for (one query)."""
    if not actor.user_id or not idea_ids:
        return set()
    return set(
        IdeaVote.objects.filter(voter_id=actor.user_id, idea_id__in=idea_ids).values_list(
            "idea_id", flat=True
        )
    )


def comment_list(*, actor: Actor, idea: Idea) -> QuerySet:
    policy.require_read_space(actor, idea.space)
    return idea.comments.select_related("author").order_by("created_at", "id")


def status_history(*, actor: Actor, idea: Idea) -> QuerySet:
    policy.require_read_space(actor, idea.space)
    return idea.status_changes.select_related("changed_by").order_by("changed_at", "id")
