"""Reads about people. People are visible to every employee (an intranet
directory); what they do inside spaces goes through the space policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from hearth.people.models import User


@dataclass(frozen=True)
class CompletenessItem:
    key: str
    label: str
    done: bool


@dataclass(frozen=True)
class Completeness:
    items: list[CompletenessItem]

    @property
    def percent(self) -> int:
        return round(100 * sum(i.done for i in self.items) / len(self.items))

    @property
    def missing(self) -> list[CompletenessItem]:
        return [i for i in self.items if not i.done]


def profile_completeness(person: User, *, expertise_count: int | None = None) -> Completeness:
    """What a colleague needs to recognise and find this person."""
    if expertise_count is None:
        # 0 or 1: all it needs
        expertise_count = int(
            get_user_model().expertise.through.objects.filter(user_id=person.pk).exists()
        )
    return Completeness(
        items=[
            CompletenessItem("photo", "A recognisable photo", bool(person.photo)),
            CompletenessItem("title", "Your job title", bool(person.title)),
            CompletenessItem("business_unit", "Your business unit", bool(person.business_unit_id)),
            CompletenessItem("country", "Your country", bool(person.country_id)),
            CompletenessItem("location", "Where you work", bool(person.location)),
            CompletenessItem("bio", "A few words about you", bool(person.bio)),
            CompletenessItem("expertise", "Your areas of expertise", expertise_count > 0),
        ]
    )


def person_list(
    *, q: str = "", business_unit: str = "", country: str = "", expertise: str = ""
) -> QuerySet:
    people = (
        get_user_model().objects.filter(is_active=True).select_related("business_unit", "country")
    )
    if q:
        q = q.strip()[:100]
        people = people.filter(
            Q(display_name__icontains=q) | Q(username__icontains=q) | Q(title__icontains=q)
        )
    if business_unit:
        people = people.filter(business_unit__slug=business_unit)
    if country:
        people = people.filter(country__code=country.upper())
    if expertise:
        people = people.filter(expertise__slug=expertise)
    return people.order_by("display_name", "id")
