"""Writes for co-created rules: the first version, proposals, votes, decisions,
acknowledgements. Policy check → validation → change → audit → notify."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.core.changes import change, record
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.notifications.services import notification_send
from hearth.rules.models import (
    RULES_MAX,
    RulesAcknowledgement,
    RulesDocument,
    RulesProposal,
    RulesVersion,
    RulesVote,
)
from hearth.spaces.models import Space

VOTE_DAYS_MIN, VOTE_DAYS_MAX, VOTE_DAYS_DEFAULT = 1, 30, 7


def rules_document_of(space: Space) -> RulesDocument:
    return RulesDocument.objects.get_or_create(space=space)[0]


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if len(text) < 10:
        raise Invalid("Write the rules (at least 10 characters).", field="text")
    if len(text) > RULES_MAX:
        raise Invalid(f"The rules can be at most {RULES_MAX:,} characters.", field="text")
    return text


def _require_member_writer(actor: Actor, space: Space) -> None:
    policy.require_read_space(actor, space)
    policy.require_write_in_space(actor, space)
    if not policy.can_post_in_space(actor, space):
        raise Forbidden("Join this space to take part in shaping its rules.")


@change("rules.publish", role="leader", check=policy.require_administer_space)
def rules_publish_first(*, actor: Actor, space: Space, text: str, via: str = "web") -> RulesVersion:
    """Leaders write the first version; every later change goes through a proposal."""
    policy.require_write_in_space(actor, space)
    text = _clean_text(text)
    with transaction.atomic():
        document = RulesDocument.objects.select_for_update().get_or_create(space=space)[0]
        if document.current_number:
            raise Conflict("The rules already have a version: propose a change instead.")
        version = RulesVersion.objects.create(
            document=document,
            number=1,
            text=text,
            adopted_by=actor.user,
            created_at=timezone.now(),
            note="First version.",
        )
        document.current_number = 1
        document.save(update_fields=["current_number"])
        record(actor, target=version, space=space, after={"number": 1, "text": text}, via=via)
    return version


def rules_propose(
    *,
    actor: Actor,
    space: Space,
    text: str,
    reason: str,
    days: int = VOTE_DAYS_DEFAULT,
    via: str = "web",
) -> RulesProposal:
    """A member proposes new rules text with a reason; members vote for ``days`` days."""
    _require_member_writer(actor, space)
    text = _clean_text(text)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise Invalid("Say why the rules should change (at least 5 characters).", field="reason")
    if len(reason) > 2000:
        raise Invalid("The reason can be at most 2,000 characters.", field="reason")
    if not isinstance(days, int) or not VOTE_DAYS_MIN <= days <= VOTE_DAYS_MAX:
        raise Invalid(f"The vote lasts {VOTE_DAYS_MIN} to {VOTE_DAYS_MAX} days.", field="days")
    document = rules_document_of(space)
    current = document.versions.filter(number=document.current_number).first()
    if current and current.text == text:
        raise Invalid("The proposed text is the same as the current rules.", field="text")
    now = timezone.now()
    return RulesProposal.objects.create(
        document=document,
        author=actor.user,
        text=text,
        reason=reason,
        base_number=document.current_number,
        created_at=now,
        closes_at=now + timedelta(days=days),
    )


def _proposal(space: Space, proposal_id: int, *, lock: bool = False) -> RulesProposal:
    rows = RulesProposal.objects.select_related("document", "author")
    if lock:
        rows = rows.select_for_update(of=("self",))
    proposal = rows.filter(pk=proposal_id, document__space=space).first()
    if proposal is None:
        raise NotFound("No such proposal.")
    return proposal


def rules_vote(
    *, actor: Actor, space: Space, proposal_id: int, in_favour: bool, via: str = "web"
) -> RulesVote:
    """One vote per member; voting again before the close changes the vote.

    Votes after the period closed, or on a decided proposal, are refused.
    """
    _require_member_writer(actor, space)
    if not isinstance(in_favour, bool):
        raise Invalid("A vote is for or against.", field="in_favour")
    with transaction.atomic():
        proposal = _proposal(space, proposal_id, lock=True)
        if proposal.status != RulesProposal.Status.OPEN:
            raise Conflict(f"This proposal was already {proposal.status}.")
        now = timezone.now()
        if now >= proposal.closes_at:
            raise Conflict(f"The vote closed on {proposal.closes_at:%d %B %Y at %H:%M} UTC.")
        vote = RulesVote.objects.filter(proposal=proposal, voter_id=actor.user_id).first()
        counters = {}
        if vote is None:
            try:
                with transaction.atomic():
                    vote = RulesVote.objects.create(
                        proposal=proposal, voter=actor.user, in_favour=in_favour, cast_at=now
                    )
            except IntegrityError as error:
                raise Conflict("Your vote is being recorded; reload the page.") from error
            counters = {
                "votes_for" if in_favour else "votes_against": F(
                    "votes_for" if in_favour else "votes_against"
                )
                + 1
            }
        elif vote.in_favour != in_favour:
            vote.in_favour, vote.cast_at = in_favour, now
            vote.save(update_fields=["in_favour", "cast_at"])
            plus, minus = (
                ("votes_for", "votes_against") if in_favour else ("votes_against", "votes_for")
            )
            counters = {plus: F(plus) + 1, minus: F(minus) - 1}
        if counters:
            RulesProposal.objects.filter(pk=proposal.pk).update(**counters)
    return vote


@change("rules.", role="leader", check=None)
def rules_decide(
    *, actor: Actor, space: Space, proposal_id: int, adopt: bool, comment: str, via: str = "web"
) -> RulesProposal:
    """Leaders adopt (a new version) or decline a proposal once its vote closed."""
    policy.require_administer_space(actor, space)
    policy.require_write_in_space(actor, space)
    comment = (comment or "").strip()
    if len(comment) < 3:
        raise Invalid(
            "Explain the decision to the members (at least 3 characters).", field="comment"
        )
    if len(comment) > 1000:
        raise Invalid("The comment can be at most 1,000 characters.", field="comment")
    with transaction.atomic():
        proposal = _proposal(space, proposal_id, lock=True)
        if proposal.status != RulesProposal.Status.OPEN:
            raise Conflict(f"This proposal was already {proposal.status}.")
        now = timezone.now()
        if now < proposal.closes_at:
            raise Conflict(
                f"Members vote until {proposal.closes_at:%d %B %Y at %H:%M} UTC; "
                "decide once the vote has closed."
            )
        document = RulesDocument.objects.select_for_update().get(pk=proposal.document_id)
        if adopt and proposal.base_number != document.current_number:
            raise Conflict(
                f"The rules changed since this proposal was written (now version "
                f"{document.current_number}); decline it and ask for a new one."
            )
        proposal.status = RulesProposal.Status.ADOPTED if adopt else RulesProposal.Status.DECLINED
        proposal.decided_by, proposal.decided_at = actor.user, now
        proposal.decision_comment = comment
        proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
        after = {
            "status": proposal.status,
            "comment": comment,
            "votes": [proposal.votes_for, proposal.votes_against],
        }
        if adopt:
            number = document.current_number + 1
            RulesVersion.objects.create(
                document=document,
                number=number,
                text=proposal.text,
                proposal=proposal,
                adopted_by=actor.user,
                created_at=now,
                note=comment[:500],
            )
            document.current_number = number
            document.save(update_fields=["current_number"])
            after["version"] = number
        record(
            actor,
            action=f"rules.{proposal.status}",
            target=proposal,
            space=space,
            before={"status": "open"},
            after=after,
            via=via,
        )
        if proposal.author_id and proposal.author_id != actor.user_id:
            notification_send(
                recipient=proposal.author,
                kind="rules_adopted" if adopt else "rules_declined",
                actor=actor.user,
                space=space,
                url=f"/s/{space.slug}/rules/",
                text=f"Your proposal for the rules of {space} was {proposal.status}: “{comment}”",
                email=True,
            )
    return proposal


def rules_acknowledge(*, actor: Actor, space: Space, via: str = "web") -> RulesAcknowledgement:
    """A member acknowledges the current version of the rules."""
    policy.require_read_space(actor, space)
    if actor.role_in(space) is None:
        raise Forbidden("Only members acknowledge a space's rules.")
    document = rules_document_of(space)
    if not document.current_number:
        raise Invalid("This space has no rules yet.")
    ack, _ = RulesAcknowledgement.objects.get_or_create(
        document=document,
        user=actor.user,
        number=document.current_number,
        defaults={"acknowledged_at": timezone.now()},
    )
    return ack


@change("rules.configure", role="leader", check=policy.require_administer_space)
def rules_configure(
    *, actor: Actor, space: Space, require_acknowledgement: bool, via: str = "web"
) -> RulesDocument:
    policy.require_write_in_space(actor, space)
    with transaction.atomic():
        document = rules_document_of(space)
        before = {"require_acknowledgement": document.require_acknowledgement}
        document.require_acknowledgement = bool(require_acknowledgement)
        document.save(update_fields=["require_acknowledgement"])
        record(
            actor,
            target=document,
            space=space,
            before=before,
            after={"require_acknowledgement": document.require_acknowledgement},
            via=via,
        )
    return document
