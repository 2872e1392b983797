"""API for a space's top content: the featured items, in the leaders' order. Thin,
through the same selectors and services as the structure editor."""

from ninja import Field, Router, Schema, Status

from hearth.core.schemas import ERRORS
from hearth.spaces import selectors as space_selectors
from hearth.structure import selectors, services
from hearth.structure.models import FeaturedItem

space_featured = Router(tags=["structure"])
KINDS = ", ".join(FeaturedItem.KINDS)


class FeaturedIn(Schema):
    kind: str = Field(..., description=f"One of: {KINDS}")
    item_id: int = Field(..., description="The id of the conversation, document, event…")


class FeaturedOrderIn(Schema):
    items: list[int] = Field(..., description="Every featured item's id, once, in order")


class FeaturedOut(Schema):
    id: int
    kind: str
    item_id: int
    title: str
    url: str
    position: int

    @staticmethod
    def resolve_item_id(obj) -> int:
        return obj.target_id

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.target.title

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.target.get_absolute_url()


@space_featured.get("/{slug}/featured", response={200: list[FeaturedOut], **ERRORS})
def featured_list(request, slug: str):
    """The space's top content that the caller may read, in the leaders' order
    (at most 20 items, so not paginated)."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    return selectors.featured_content(actor=request.actor, space=space)


@space_featured.post("/{slug}/featured", response={201: FeaturedOut, **ERRORS})
def featured_add(request, slug: str, payload: FeaturedIn):
    """Feature one of the space's items at the end of its top content: its leaders
    (audited); 409 if it already is, 400 for an item of another space or a draft."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    item = services.featured_add(
        actor=request.actor, space=space, kind=payload.kind, item_id=payload.item_id, via="api"
    )
    return Status(201, item)


@space_featured.put("/{slug}/featured", response={200: list[FeaturedOut], **ERRORS})
def featured_reorder(request, slug: str, payload: FeaturedOrderIn):
    """Put the featured items in this order: every one of them, once (audited)."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.featured_reorder(actor=request.actor, space=space, item_ids=payload.items, via="api")
    return selectors.featured_content(actor=request.actor, space=space)


@space_featured.delete("/{slug}/featured/{item_id}", response={204: None, **ERRORS})
def featured_remove(request, slug: str, item_id: int):
    """Stop featuring an item (audited)."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.featured_remove(actor=request.actor, space=space, item_id=item_id, via="api")
    return Status(204, None)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/spaces", space_featured),
]
