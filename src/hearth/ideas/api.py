"""API for ideas, their votes, comments and statuses: thin, through the same
selectors and services as the pages."""

from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.access.actor import Actor
from hearth.core.errors import Invalid, NotFound
from hearth.core.schemas import ERRORS, choices_named
from hearth.ideas import selectors, services
from hearth.ideas.models import BODY_MAX, TITLE_MAX, Idea
from hearth.spaces import selectors as space_selectors

IdeaStatus = choices_named(Idea.Status, "IdeaStatus")

MAX_PAGE = 100

space_ideas = Router(tags=["ideas"])
ideas = Router(tags=["ideas"])


class PersonRefOut(Schema):
    username: str
    display_name: str


class CampaignIn(Schema):
    question: str = Field(..., description=f"5 to {TITLE_MAX} characters")
    description: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class CampaignOut(Schema):
    id: int
    question: str
    description: str
    starts_at: datetime
    ends_at: datetime | None
    is_open: bool

    @staticmethod
    def resolve_is_open(obj) -> bool:
        return obj.is_open()


class IdeaIn(Schema):
    title: str = Field(..., description=f"5 to {TITLE_MAX} characters")
    body: str = Field("", description=f"Markdown, at most {BODY_MAX:,} characters")
    campaign_id: int | None = None


class IdeaOut(Schema):
    id: int
    space: str
    campaign_id: int | None
    title: str
    body: str
    author: PersonRefOut | None
    status: IdeaStatus
    status_reason: str
    status_changed_at: datetime | None
    vote_count: int
    comment_count: int
    created_at: datetime

    @staticmethod
    def resolve_space(obj) -> str:
        return obj.space.slug


class IdeaVoteOut(Schema):
    vote_count: int
    voted: bool


class StatusIn(Schema):
    status: IdeaStatus
    reason: str = Field(..., description="Shown to everyone; 5 characters or more")


class CommentIn(Schema):
    body: str


class CommentOut(Schema):
    id: int
    author: PersonRefOut | None
    body: str
    created_at: datetime


def _idea(actor: Actor, idea_id: int) -> Idea:
    try:
        return selectors.idea_get(actor=actor, idea_id=idea_id)
    except NotFound as error:
        raise NotFound("No such idea.") from error


@space_ideas.get("/{slug}/ideas", response={200: list[IdeaOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def space_idea_list(
    request,
    slug: str,
    sort: str = "votes",
    campaign: int | None = None,
    status: IdeaStatus | None = None,
):
    """The space's ideas board; `sort` is votes or newest."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    if sort not in selectors.SORTS:
        raise Invalid("sort is votes or newest.", field="sort")
    in_campaign = (
        selectors.campaign_get(actor=request.actor, space=space, campaign_id=campaign)
        if campaign
        else None
    )
    return selectors.idea_list(
        actor=request.actor, space=space, sort=sort, campaign=in_campaign, status=status or ""
    ).select_related("space")


@space_ideas.post("/{slug}/ideas", response={201: IdeaOut, **ERRORS})
def space_idea_submit(request, slug: str, payload: IdeaIn):
    """Submit an idea; members of the space only."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    campaign = None
    if payload.campaign_id is not None:
        try:
            campaign = selectors.campaign_get(
                actor=request.actor, space=space, campaign_id=payload.campaign_id
            )
        except NotFound as error:
            raise Invalid("No such campaign in this space.", field="campaign_id") from error
    idea = services.idea_submit(
        actor=request.actor,
        space=space,
        title=payload.title,
        body=payload.body,
        campaign=campaign,
        via="api",
    )
    return Status(201, idea)


@space_ideas.get("/{slug}/idea-campaigns", response={200: list[CampaignOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def space_campaign_list(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return selectors.campaign_list(actor=request.actor, space=space)


@space_ideas.post("/{slug}/idea-campaigns", response={201: CampaignOut, **ERRORS})
def space_campaign_create(request, slug: str, payload: CampaignIn):
    """Open a campaign around a question: the space's leaders and facilitators."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    campaign = services.campaign_create(
        actor=request.actor,
        space=space,
        question=payload.question,
        description=payload.description,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        via="api",
    )
    return Status(201, campaign)


@ideas.get("/{idea_id}", response={200: IdeaOut, **ERRORS})
def idea_get(request, idea_id: int):
    return _idea(request.actor, idea_id)


@ideas.post("/{idea_id}/vote", response={200: IdeaVoteOut, **ERRORS})
def idea_vote(request, idea_id: int):
    """Vote for the idea, once (409 the second time)."""
    count = services.idea_vote(actor=request.actor, idea=_idea(request.actor, idea_id), via="api")
    return {"vote_count": count, "voted": True}


@ideas.delete("/{idea_id}/vote", response={200: IdeaVoteOut, **ERRORS})
def idea_unvote(request, idea_id: int):
    """Take your vote back."""
    count = services.idea_unvote(actor=request.actor, idea=_idea(request.actor, idea_id), via="api")
    return {"vote_count": count, "voted": False}


@ideas.post("/{idea_id}/status", response={200: IdeaOut, **ERRORS})
def idea_status(request, idea_id: int, payload: StatusIn):
    """Move the idea to a status with a public reason: leaders and facilitators."""
    return services.idea_status_set(
        actor=request.actor,
        idea=_idea(request.actor, idea_id),
        status=payload.status,
        reason=payload.reason,
        via="api",
    )


@ideas.get("/{idea_id}/comments", response={200: list[CommentOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def idea_comments(request, idea_id: int):
    return selectors.comment_list(actor=request.actor, idea=_idea(request.actor, idea_id))


@ideas.post("/{idea_id}/comments", response={201: CommentOut, **ERRORS})
def idea_comment(request, idea_id: int, payload: CommentIn):
    comment = services.idea_comment(
        actor=request.actor, idea=_idea(request.actor, idea_id), body=payload.body, via="api"
    )
    return Status(201, comment)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", space_ideas),
    ("/ideas", ideas),
]
