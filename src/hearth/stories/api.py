"""API for success stories: the gallery, a space's stories, one story, and
promoting a conversation. Thin, through the same selectors and services as the pages."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.conversations.selectors import conversation_get
from hearth.core.errors import Invalid
from hearth.core.schemas import ERRORS
from hearth.spaces import selectors as space_selectors
from hearth.stories import selectors, services
from hearth.stories.models import BENEFICIARIES_MAX, BODY_MAX, TITLE_MAX, OutcomeKind

MAX_PAGE = 100
KINDS = ", ".join(OutcomeKind.values)

stories = Router(tags=["stories"])
space_stories = Router(tags=["stories"])
conversation_stories = Router(tags=["stories"])


class PersonRefOut(Schema):
    username: str
    display_name: str


class StoryIn(Schema):
    title: str = Field(..., description=f"5 to {TITLE_MAX} characters")
    body: str = Field(..., description=f"Markdown, at most {BODY_MAX:,} characters")
    outcome_kind: str = Field(..., description=f"One of: {KINDS}")
    hours_saved: Decimal | None = Field(None, description="Estimated hours saved, 0 or more")
    money_saved: Decimal | None = Field(None, description="Estimated money saved, 0 or more")
    currency: str = Field(
        "", description="ISO code of the money saved: EUR, USD, GBP, CHF, INR, SEK"
    )
    beneficiaries: str = Field(
        "", description=f"Who benefited, at most {BENEFICIARIES_MAX} characters"
    )

    def fields(self) -> services.StoryFields:
        return services.StoryFields(
            title=self.title,
            body=self.body,
            outcome_kind=self.outcome_kind,
            hours_saved=self.hours_saved,
            money_saved=self.money_saved,
            currency=self.currency,
            beneficiaries=self.beneficiaries,
        )


class StoryOut(Schema):
    id: int
    space: str
    title: str
    body: str
    body_html: str
    outcome_kind: str
    hours_saved: Decimal | None
    money_saved: Decimal | None
    currency: str
    beneficiaries: str
    business_unit: str | None
    source_conversation_id: int | None
    author: PersonRefOut | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_space(obj) -> str:
        return obj.space.slug

    @staticmethod
    def resolve_business_unit(obj) -> str | None:
        return obj.business_unit.slug if obj.business_unit_id else None


class TotalsOut(Schema):
    count: int
    hours_saved: float
    money: dict[str, float] = Field(..., description="Money saved per currency")


def _kind(kind: str | None) -> str:
    if kind and kind not in OutcomeKind.values:
        raise Invalid(f"kind is one of: {KINDS}.", field="kind")
    return kind or ""


@stories.get("", response={200: list[StoryOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def story_gallery(request, space: str = "", unit: str = "", kind: str | None = None):
    """Every success story you may read, newest first; filter by space slug, business
    unit slug and kind of outcome."""
    filters = selectors.StoryFilters(space=space, business_unit=unit, outcome_kind=_kind(kind))
    return selectors.story_gallery(actor=request.actor, filters=filters)


@stories.get("/totals", response={200: TotalsOut, **ERRORS})
def story_totals(request, space: str = "", unit: str = "", kind: str | None = None):
    """What the stories you may read add up to (money per currency), with the same filters."""
    filters = selectors.StoryFilters(space=space, business_unit=unit, outcome_kind=_kind(kind))
    totals = selectors.story_totals(actor=request.actor, filters=filters)
    return {
        "count": totals.count,
        "hours_saved": float(totals.hours_saved),
        "money": {currency: float(amount) for currency, amount in totals.money},
    }


@stories.get("/{story_id}", response={200: StoryOut, **ERRORS})
def story_get(request, story_id: int):
    return selectors.story_get(actor=request.actor, story_id=story_id)


@stories.put("/{story_id}", response={200: StoryOut, **ERRORS})
def story_update(request, story_id: int, payload: StoryIn):
    """Edit a story: its author, or the space's facilitators and leaders (audited)."""
    story = selectors.story_get(actor=request.actor, story_id=story_id)
    return services.story_update(
        actor=request.actor, story=story, fields=payload.fields(), via="api"
    )


@space_stories.get("/{slug}/stories", response={200: list[StoryOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def space_story_list(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return selectors.story_list(actor=request.actor, space=space)


@space_stories.post("/{slug}/stories", response={201: StoryOut, **ERRORS})
def space_story_create(request, slug: str, payload: StoryIn):
    """Write a success story in the space; its members only."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    story = services.story_create(
        actor=request.actor, space=space, fields=payload.fields(), via="api"
    )
    return Status(201, story)


@conversation_stories.post("/{conversation_id}/promote", response={201: StoryOut, **ERRORS})
def conversation_promote(request, conversation_id: int, payload: StoryIn):
    """Promote a conversation to a success story in its space: the space's facilitators
    and leaders. 409 if it already is one."""
    conversation = conversation_get(actor=request.actor, conversation_id=conversation_id)
    story = services.story_promote(
        actor=request.actor, conversation=conversation, fields=payload.fields(), via="api"
    )
    return Status(201, story)


class OutcomeIn(Schema):
    note: str = Field("", description="What the outcome was, in a line (optional)")


class OutcomeOut(Schema):
    conversation_id: int
    note: str
    marked_at: datetime


@conversation_stories.post(
    "/{conversation_id}/business-outcome", response={201: OutcomeOut, **ERRORS}
)
def conversation_outcome_mark(request, conversation_id: int, payload: OutcomeIn):
    """Mark a conversation as having led to a business outcome: the space's
    facilitators and leaders (audited); 409 if it already is."""
    conversation = conversation_get(actor=request.actor, conversation_id=conversation_id)
    outcome = services.outcome_mark(
        actor=request.actor, conversation=conversation, note=payload.note, via="api"
    )
    return Status(201, outcome)


@conversation_stories.delete("/{conversation_id}/business-outcome", response={204: None, **ERRORS})
def conversation_outcome_unmark(request, conversation_id: int):
    """Take the business-outcome mark away (audited)."""
    conversation = conversation_get(actor=request.actor, conversation_id=conversation_id)
    services.outcome_unmark(actor=request.actor, conversation=conversation, via="api")
    return Status(204, None)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/stories", stories),
    ("/spaces", space_stories),
    ("/conversations", conversation_stories),
]
