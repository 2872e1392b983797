"""``GET /api/v1/search``: the search page's selector, as JSON."""

from datetime import datetime

from ninja import Field, Query, Router, Schema

from hearth.core.schemas import ErrorOut
from hearth.search.selectors import search, search_filters_parse, search_query_clean

router = Router(tags=["search"])


class SearchItemOut(Schema):
    kind: str = Field(..., description="discussion, question, reply, space or person")
    id: int
    title: str
    snippet: str = Field(..., description="HTML: escaped text, matched terms in <mark>")
    url: str
    space: str | None = Field(None, description="The space's slug (none for a person)")
    created_at: datetime
    score: float


class SearchPageOut(Schema):
    items: list[SearchItemOut]
    count: int = Field(..., description="Matches the caller may read, at most 500")
    count_capped: bool = Field(
        ...,
        description="More than 500 matched: count is 500 and the best of the "
        "newest 500 matches are ranked",
    )


@router.get("", response={200: SearchPageOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut})
def search_endpoint(
    request,
    q: str = "",
    space: str = "",
    kind: str = "",
    tag: str = "",
    answered: str = "",
    author: str = "",
    date_from: str = "",
    date_to: str = "",
    limit: int = Query(20, ge=1, le=50),
    offset: int = Query(0, ge=0, le=10_000),
):
    """Full-text search over what the caller may read: conversations, replies, spaces
    and people, best match first. ``q`` takes words, "a phrase", ``or`` and ``-word``;
    filters: ``space`` (slug), ``kind`` (discussion, question, reply, space, person),
    ``tag``, ``answered`` (true or false: questions only), ``author`` (username),
    ``date_from`` and ``date_to`` (YYYY-MM-DD). ``count`` is every match the caller may
    read under the filters, up to 500 (``count_capped`` says when more matched)."""
    params = {
        "space": space,
        "kind": kind,
        "tag": tag,
        "answered": answered,
        "author": author,
        "date_from": date_from,
        "date_to": date_to,
    }
    found = search(
        actor=request.actor,
        q=search_query_clean(q),
        filters=search_filters_parse(params),
        limit=limit,
        offset=offset,
    )
    return {
        "count": found.count,
        "count_capped": found.capped,
        "items": [
            {
                "kind": hit.kind,
                "id": hit.id,
                "title": hit.title,
                "snippet": str(hit.snippet),
                "url": hit.url,
                "space": hit.space.slug if hit.space else None,
                "created_at": hit.created_at,
                "score": hit.score,
            }
            for hit in found.hits
        ],
    }


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/search", router),
]
