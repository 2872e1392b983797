"""API for co-created rules: read them, propose a change, vote, decide."""

from datetime import datetime

from ninja import Field, Router, Schema, Status

from hearth.core.schemas import ERRORS
from hearth.rules import selectors, services
from hearth.spaces import selectors as space_selectors

router = Router(tags=["rules"])


class VersionOut(Schema):
    number: int
    text: str
    note: str
    created_at: datetime


class ProposalOut(Schema):
    id: int
    text: str
    reason: str
    status: str
    base_number: int
    votes_for: int
    votes_against: int
    closes_at: datetime
    decision_comment: str


class RulesOut(Schema):
    current: VersionOut | None
    versions: list[VersionOut]
    proposals: list[ProposalOut]
    require_acknowledgement: bool
    acknowledged: bool


class ProposalIn(Schema):
    text: str = Field(..., max_length=20_000)
    reason: str = Field(..., max_length=2000)
    days: int = Field(7, description="How long members vote (1 to 30 days)")


class ProposalVoteIn(Schema):
    in_favour: bool


class ProposalVoteOut(Schema):
    proposal_id: int
    in_favour: bool
    votes_for: int
    votes_against: int


class ProposalDecisionIn(Schema):
    adopt: bool
    comment: str = Field(..., max_length=1000)


@router.get("/{slug}/rules", response={200: RulesOut, **ERRORS})
def rules_get(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    overview = selectors.rules_overview(actor=request.actor, space=space)
    document = overview["document"]
    return {
        **overview,
        "require_acknowledgement": document.require_acknowledgement if document else False,
    }


@router.post("/{slug}/rules/proposals", response={201: ProposalOut, **ERRORS})
def proposal_create(request, slug: str, payload: ProposalIn):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    proposal = services.rules_propose(
        actor=request.actor,
        space=space,
        text=payload.text,
        reason=payload.reason,
        days=payload.days,
        via="api",
    )
    return Status(201, proposal)


@router.post(
    "/{slug}/rules/proposals/{proposal_id}/votes", response={200: ProposalVoteOut, **ERRORS}
)
def proposal_vote(request, slug: str, proposal_id: int, payload: ProposalVoteIn):
    """Vote for or against; voting again before the close changes the vote."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    vote = services.rules_vote(
        actor=request.actor,
        space=space,
        proposal_id=proposal_id,
        in_favour=payload.in_favour,
        via="api",
    )
    vote.proposal.refresh_from_db(fields=["votes_for", "votes_against"])
    return {
        "proposal_id": proposal_id,
        "in_favour": vote.in_favour,
        "votes_for": vote.proposal.votes_for,
        "votes_against": vote.proposal.votes_against,
    }


@router.post(
    "/{slug}/rules/proposals/{proposal_id}/decision", response={200: ProposalOut, **ERRORS}
)
def proposal_decide(request, slug: str, proposal_id: int, payload: ProposalDecisionIn):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return services.rules_decide(
        actor=request.actor,
        space=space,
        proposal_id=proposal_id,
        adopt=payload.adopt,
        comment=payload.comment,
        via="api",
    )


@router.post("/{slug}/rules/acknowledge", response={200: VersionOut, **ERRORS})
def rules_acknowledge(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    ack = services.rules_acknowledge(actor=request.actor, space=space, via="api")
    return ack.document.versions.get(number=ack.number)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", router),
]
