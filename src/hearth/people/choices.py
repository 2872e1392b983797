"""The organisation's structure as choice lists for filters, cached briefly.

Directories show every business unit and country in their filters on every
request; these lists change a few times a year, so each process keeps them for
a minute instead of reading them on every page.
"""

from django.core.cache import cache

from hearth.people.models import BusinessUnit, Country

TTL_SECONDS = 60


def business_unit_choices() -> list[tuple[str, str]]:
    """(slug, name) of every business unit, by name."""
    return cache.get_or_set(
        "hearth:choices:business_units",
        lambda: list(BusinessUnit.objects.order_by("name").values_list("slug", "name")),
        TTL_SECONDS,
    )


def country_choices() -> list[tuple[str, str]]:
    """(ISO code, name) of every country, by name."""
    return cache.get_or_set(
        "hearth:choices:countries",
        lambda: list(Country.objects.order_by("name").values_list("code", "name")),
        TTL_SECONDS,
    )
