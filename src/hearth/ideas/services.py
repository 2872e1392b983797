"""Writes for ideas: check the policy, validate, change, record, notify."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Invalid
from hearth.core.markdown import markdown_render
from hearth.ideas import policies
from hearth.ideas.models import (
    BODY_MAX,
    REASON_MAX,
    TITLE_MAX,
    Campaign,
    Idea,
    IdeaComment,
    IdeaStatusChange,
    IdeaVote,
)
from hearth.notifications.services import notification_send

if TYPE_CHECKING:
    from hearth.spaces.models import Space

IDEA_STATUS_KIND = "idea_status"


def _clean_title(text: str, *, field: str = "title", what: str = "a title") -> str:
    text = " ".join((text or "").split())
    if len(text) < 5:
        raise Invalid(f"Give {what} of at least 5 characters.", field=field)
    if len(text) > TITLE_MAX:
        raise Invalid(f"Keep {what} to {TITLE_MAX} characters.", field=field)
    return text


def _clean_body(text: str, *, required: bool, field: str = "body") -> str:
    text = (text or "").strip()
    if required and not text:
        raise Invalid("Write something first.", field=field)
    if len(text) > BODY_MAX:
        raise Invalid(f"Keep it to {BODY_MAX:,} characters.", field=field)
    return text


def _require_open_campaign(campaign: Campaign | None) -> None:
    if campaign is not None and not campaign.is_open():
        raise Conflict("This campaign is not open: it takes no ideas or votes now.")


@change("idea_campaign.create", role="facilitator", check=policies.require_curate_ideas)
def campaign_create(
    *,
    actor: Actor,
    space: Space,
    question: str,
    description: str = "",
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    via: str = "web",
) -> Campaign:
    """Open a call for ideas around a question; leaders and facilitators (audited)."""
    question = _clean_title(question, field="question", what="a question")
    description = _clean_body(description, required=False, field="description")
    starts_at = starts_at or timezone.now()
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if value is not None and timezone.is_naive(value):
            raise Invalid("Give times with their time zone.", field=name)
    if ends_at is not None and ends_at <= starts_at:
        raise Invalid("The campaign must end after it starts.", field="ends_at")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            space=space,
            question=question,
            description=description,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=actor.user,
        )
        record(
            actor,
            target=campaign,
            space=space,
            after={"question": question, "ends_at": ends_at.isoformat() if ends_at else None},
            via=via,
        )
    return campaign


def idea_submit(
    *,
    actor: Actor,
    space: Space,
    title: str,
    body: str = "",
    campaign: Campaign | None = None,
    via: str = "web",
) -> Idea:
    """Submit an idea to the space's board, or to one of its open campaigns; members only."""
    policy.require_post_in_space(actor, space)
    if campaign is not None and campaign.space_id != space.pk:
        raise Invalid("That campaign belongs to another space.", field="campaign")
    _require_open_campaign(campaign)
    title = _clean_title(title)
    body = _clean_body(body, required=False)
    return Idea.objects.create(
        space=space,
        campaign=campaign,
        title=title,
        body=body,
        body_html=markdown_render(body) if body else "",
        author=actor.user,
    )


def idea_vote(*, actor: Actor, idea: Idea, via: str = "web") -> int:
    """Vote for an idea, once (409 the second time); returns the new count."""
    policy.require_post_in_space(actor, idea.space)
    _require_open_campaign(idea.campaign)
    try:
        with transaction.atomic():
            IdeaVote.objects.create(idea=idea, voter=actor.user)
            Idea.objects.filter(pk=idea.pk).update(vote_count=F("vote_count") + 1)
    except IntegrityError as error:
        raise Conflict("You already voted for this idea.") from error
    idea.refresh_from_db(fields=["vote_count"])
    return idea.vote_count


def idea_unvote(*, actor: Actor, idea: Idea, via: str = "web") -> int:
    """Take one's vote back; returns the new count."""
    policy.require_post_in_space(actor, idea.space)
    _require_open_campaign(idea.campaign)
    with transaction.atomic():
        deleted, _ = IdeaVote.objects.filter(idea=idea, voter=actor.user).delete()
        if deleted:
            Idea.objects.filter(pk=idea.pk).update(vote_count=F("vote_count") - 1)
    idea.refresh_from_db(fields=["vote_count"])
    return idea.vote_count


def idea_comment(*, actor: Actor, idea: Idea, body: str, via: str = "web") -> IdeaComment:
    """Comment on an idea; members only."""
    policy.require_post_in_space(actor, idea.space)
    body = _clean_body(body, required=True)
    with transaction.atomic():
        comment = IdeaComment.objects.create(
            idea=idea, author=actor.user, body=body, body_html=markdown_render(body)
        )
        Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    return comment


@change("idea.status", role="facilitator", check=policies.require_curate_ideas, on="idea.space")
def idea_status_set(
    *, actor: Actor, idea: Idea, status: str, reason: str, via: str = "web"
) -> Idea:
    """Move an idea to a status with a public reason: leaders and facilitators.

    Audited; the submitter and the voters who may still read the space are notified.
    """
    if status not in Idea.Status.values:
        raise Invalid("Choose one of: " + ", ".join(Idea.Status.values) + ".", field="status")
    if status == idea.status:
        raise Invalid(f"The idea is already “{idea.get_status_display()}”.", field="status")
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise Invalid("Give the reason people will read (at least 5 characters).", field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(f"Keep the reason to {REASON_MAX:,} characters.", field="reason")
    now = timezone.now()
    with transaction.atomic():
        before = idea.status
        idea.status, idea.status_reason, idea.status_changed_at = status, reason, now
        idea.save(update_fields=["status", "status_reason", "status_changed_at"])
        IdeaStatusChange.objects.create(
            idea=idea,
            from_status=before,
            to_status=status,
            reason=reason,
            changed_by=actor.user,
            changed_at=now,
        )
        record(
            actor,
            target=idea,
            space=idea.space,
            before={"status": before},
            after={"status": status, "reason": reason},
            via=via,
        )
        _notify_status(actor=actor, idea=idea)
    return idea


def _notify_status(*, actor: Actor, idea: Idea) -> None:
    from django.contrib.auth import get_user_model

    ids = set(IdeaVote.objects.filter(idea=idea).values_list("voter_id", flat=True))
    if idea.author_id:
        ids.add(idea.author_id)
    ids.discard(actor.user_id)
    text = f"“{idea.title}” is now {idea.get_status_display().lower()}: {idea.status_reason}"
    for person in get_user_model().objects.filter(pk__in=ids, is_active=True):
        # Told only while they may still read the space; the inbox asks again later.
        if policy.can_read_space(Actor.for_user(person), idea.space):
            notification_send(
                recipient=person,
                kind=IDEA_STATUS_KIND,
                actor=actor.user,
                space=idea.space,
                text=text,
                url=idea.get_absolute_url(),
            )
