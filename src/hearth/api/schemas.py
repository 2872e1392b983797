"""Request and response shapes of the API."""

from datetime import datetime

from ninja import Field, Schema

from hearth.core.schemas import DecisionIn, ErrorOut, choices_named
from hearth.people.schemas import BusinessUnitOut, CountryOut, PersonOut
from hearth.people.selectors import profile_completeness

__all__ = [
    "AccessRequestOut",
    "BusinessUnitOut",
    "CountryOut",
    "DecisionIn",
    "ErrorOut",
    "JoinIn",
    "JoinOut",
    "MeOut",
    "MemberIn",
    "MemberOut",
    "PersonIn",
    "PersonOut",
    "SpaceIn",
    "SpaceOut",
    "choices_named",
]


class MeOut(PersonOut):
    email: str
    org_role: str
    profile_completeness: int

    @staticmethod
    def resolve_profile_completeness(obj) -> int:
        return profile_completeness(obj).percent


class PersonIn(Schema):
    username: str = Field(..., min_length=1, max_length=40)
    email: str = Field(..., min_length=3, max_length=254)
    display_name: str = Field(..., min_length=1, max_length=120)
    business_unit: str | None = Field(None, description="Business unit slug")
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code")


class SpaceOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    visibility: str
    state: str
    business_unit: BusinessUnitOut | None
    member_count: int
    created_at: datetime
    my_role: str | None = None

    @staticmethod
    def resolve_my_role(obj, context) -> str | None:
        return context["request"].actor.role_in(obj)


class SpaceIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    slug: str = Field("", max_length=60)
    description: str = Field("", max_length=2000)
    visibility: str = Field("open", description="open, restricted or private")
    business_unit: str | None = Field(None, description="Business unit slug")


class MemberOut(Schema):
    id: int
    user: PersonOut
    role: str
    joined_at: datetime


class MemberIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    role: str = "member"


class JoinIn(Schema):
    message: str = Field("", max_length=1000, description="For a restricted space: why join")


class JoinOut(Schema):
    status: str = Field(..., description="'member' when joined, 'requested' when asked")
    membership: MemberOut | None = None
    request_id: int | None = None


class AccessRequestOut(Schema):
    id: int
    user: PersonOut
    message: str
    status: str
    created_at: datetime
    decided_at: datetime | None
