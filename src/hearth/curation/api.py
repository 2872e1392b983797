"""API for the curated home page: what is featured now for the caller, and the
curators' list, create and remove. Thin, through the same selectors and services as
/curation/."""

from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hearth.core.schemas import ERRORS
from hearth.curation import selectors, services
from hearth.curation.models import FeatureKind, HomeFeature

MAX_PAGE = 100
home_features = Router(tags=["curation"])


class HomeFeatureIn(Schema):
    kind: str = Field(..., description="space, person, story or event")
    target: str = Field(..., description="A space's slug, a username, a story's or event's id")
    blurb: str = Field("", description="A line on why it is featured")
    starts_at: datetime | None = Field(None, description="Now when left out")
    ends_at: datetime = Field(..., description="After the start, at most a year on")
    position: int = Field(0, description="Lower comes first")


class HomeFeatureOut(Schema):
    id: int
    kind: str
    target_id: int | str
    title: str | None = Field(
        ..., description="The target's name: null where the caller may not see the target"
    )
    blurb: str
    starts_at: datetime
    ends_at: datetime
    position: int

    @staticmethod
    def resolve_target_id(obj) -> int | str:
        return obj.target.username if obj.kind == FeatureKind.PERSON else obj.target.pk

    @staticmethod
    def resolve_title(obj) -> str | None:
        if not getattr(obj, "visible", True):
            return None
        target = obj.target
        if obj.kind == FeatureKind.PERSON:
            return target.display_name
        if obj.kind == FeatureKind.SPACE:
            return target.name
        return target.title


@home_features.get("/current", response={200: list[HomeFeatureOut], **ERRORS})
def home_features_current(request):
    """What the home page features now for the caller (what they may see of it)."""
    return selectors.features_in_force(actor=request.actor)


@home_features.get("", response={200: list[HomeFeatureOut], **ERRORS})
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def home_feature_list(request):
    """Every feature, current and coming first: platform admins and directors."""
    rows = list(selectors.feature_list(actor=request.actor)[:500])
    visible = set(
        HomeFeature.objects.filter(selectors.visible_q(request.actor)).values_list("pk", flat=True)
    )
    for row in rows:
        row.visible = row.pk in visible
    return rows


@home_features.post("", response={201: HomeFeatureOut, **ERRORS})
def home_feature_create(request, payload: HomeFeatureIn):
    """Feature a space, person, story or event for a time (audited): curators only."""
    feature = services.home_feature_create(
        actor=request.actor,
        kind=payload.kind,
        target=payload.target,
        blurb=payload.blurb,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        position=payload.position,
        via="api",
    )
    return Status(201, feature)


@home_features.delete("/{feature_id}", response={204: None, **ERRORS})
def home_feature_remove(request, feature_id: int):
    """Take a feature off the home page for good (audited): curators only."""
    feature = selectors.feature_get(actor=request.actor, feature_id=feature_id)
    services.home_feature_remove(actor=request.actor, feature=feature, via="api")
    return Status(204, None)


# Mounted by the API's assembly (hearth.api.api), in this order.
routers = [
    ("/home-features", home_features),
]
