"""API for polls and votes: thin, through the same selectors and services as the pages.

Results are counts only: the API never says who voted what, for any poll.
"""

from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.access.actor import Actor
from hearth.conversations.selectors import conversation_get
from hearth.core.errors import Invalid, NotFound
from hearth.core.schemas import ERRORS
from hearth.polls import selectors, services
from hearth.polls.models import MAX_OPTIONS, QUESTION_MAX, Poll
from hearth.spaces import selectors as space_selectors

MAX_PAGE = 100

space_polls = Router(tags=["polls"])
polls = Router(tags=["polls"])


class PollIn(Schema):
    question: str = Field(..., description=f"5 to {QUESTION_MAX} characters")
    options: list[str] = Field(..., description=f"2 to {MAX_OPTIONS} options")
    multiple: bool = False
    anonymous: bool = Field(False, description="Only counts are ever shown")
    closes_at: datetime | None = Field(None, description="With its time zone; in the future")
    conversation_id: int | None = Field(None, description="Ask it inside this conversation")


class PollVoteIn(Schema):
    options: list[int] = Field(..., description="Option ids; exactly one unless `multiple`")


class PollSummaryOut(Schema):
    id: int
    space: str = Field(..., description="The space's slug")
    conversation_id: int | None
    question: str
    multiple: bool
    anonymous: bool
    closes_at: datetime | None
    closed: bool
    voter_count: int
    created_at: datetime

    @staticmethod
    def resolve_space(obj) -> str:
        return obj.space.slug

    @staticmethod
    def resolve_closed(obj) -> bool:
        return obj.is_closed()


class OptionResultOut(Schema):
    id: int
    label: str
    votes: int
    percent: int


class PollOut(PollSummaryOut):
    options: list[OptionResultOut]
    my_choices: list[int] = Field(..., description="The option ids you chose")

    @staticmethod
    def resolve_options(obj) -> list[dict]:
        return obj.options_out


def _poll(actor: Actor, poll_id: int) -> Poll:
    try:
        return selectors.poll_get(actor=actor, poll_id=poll_id)
    except NotFound as error:
        raise NotFound("No such poll.") from error


def _out(actor: Actor, poll: Poll) -> Poll:
    results = selectors.poll_results(actor=actor, poll=poll, with_voters=False)
    poll.options_out = [
        {"id": o.id, "label": o.label, "votes": o.votes, "percent": o.percent}
        for o in results.options
    ]
    poll.my_choices = sorted(results.my_choices)
    return poll


@space_polls.get("/{slug}/polls", response={200: list[PollSummaryOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def space_poll_list(request, slug: str, state: str = ""):
    """The space's polls, newest first; `state` is open or closed."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    if state not in ("", "open", "closed"):
        raise Invalid("state is open or closed.", field="state")
    return selectors.poll_list(actor=request.actor, space=space, state=state)


@space_polls.post("/{slug}/polls", response={201: PollOut, **ERRORS})
def space_poll_create(request, slug: str, payload: PollIn):
    """Ask a poll; members of the space only."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    conversation = None
    if payload.conversation_id is not None:
        try:
            conversation = conversation_get(
                actor=request.actor, conversation_id=payload.conversation_id
            )
        except NotFound as error:
            raise Invalid("No such conversation.", field="conversation_id") from error
    poll = services.poll_create(
        actor=request.actor,
        space=space,
        question=payload.question,
        options=payload.options,
        multiple=payload.multiple,
        anonymous=payload.anonymous,
        closes_at=payload.closes_at,
        conversation=conversation,
        via="api",
    )
    return Status(201, _out(request.actor, _poll(request.actor, poll.pk)))


@polls.get("/{poll_id}", response={200: PollOut, **ERRORS})
def poll_get(request, poll_id: int):
    """A poll with its results (counts only) and your own choices."""
    return _out(request.actor, _poll(request.actor, poll_id))


@polls.post("/{poll_id}/vote", response={200: PollOut, **ERRORS})
def poll_vote(request, poll_id: int, payload: PollVoteIn):
    """Vote, or change your vote, until the poll closes (409 after)."""
    poll = _poll(request.actor, poll_id)
    services.poll_vote(actor=request.actor, poll=poll, option_ids=payload.options, via="api")
    return _out(request.actor, poll)


@polls.post("/{poll_id}/close", response={200: PollOut, **ERRORS})
def poll_close(request, poll_id: int):
    """Close the poll now: its author, or the space's facilitators and leaders."""
    poll = _poll(request.actor, poll_id)
    services.poll_close(actor=request.actor, poll=poll, via="api")
    return _out(request.actor, poll)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", space_polls),
    ("/polls", polls),
]
