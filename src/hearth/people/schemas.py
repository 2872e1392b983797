"""How the API shows a person, for every app whose answers name people."""

from ninja import Schema


class BusinessUnitOut(Schema):
    slug: str
    name: str


class CountryOut(Schema):
    code: str
    name: str


class PersonOut(Schema):
    id: int
    username: str
    display_name: str
    title: str
    business_unit: BusinessUnitOut | None
    country: CountryOut | None
    location: str
