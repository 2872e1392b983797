"""The vocabulary of the sample organisations: names, units, places, titles, bios.

No database access. The words themselves are in ``data/texts.toml``; both presets
draw from them with a seeded random generator, so the same run always builds the
same organisation.
"""

from __future__ import annotations

import random
import unicodedata

from hearth.seed.data import seed_data

_TEXTS = seed_data("texts")

# -- Names, by culture ----------------------------------------------------------------

# Per culture: (first names, last names).
NAMES: dict[str, tuple[list[str], list[str]]] = {
    culture: (names["first"], names["last"]) for culture, names in _TEXTS["names"].items()
}


ALL_CULTURES = list(NAMES)


def person_name(rng: random.Random, culture: str) -> tuple[str, str]:
    first_names, last_names = NAMES[culture]
    return rng.choice(first_names), rng.choice(last_names)


def ascii_slug(text: str, sep: str = ".") -> str:
    """ "Lefèvre-Dąbrowski" -> "lefevre-dabrowski": usernames and addresses need ASCII."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("ß", "ss")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    kept = "".join(c if c.isalnum() or c == "-" else " " for c in plain.lower())
    return sep.join(kept.split())


# -- Organisation ---------------------------------------------------------------------

# The demo's five units lead the list; the large organisation uses all 27.
# Each unit belongs to a family that decides its job titles and work.
BUSINESS_UNITS: list[tuple[str, str]] = [tuple(unit) for unit in _TEXTS["business_units"]]

DEMO_UNIT_COUNT = 5

# (ISO code, name, cities, cultures most people there come from)
COUNTRIES: list[tuple[str, str, list[str], list[str]]] = [
    tuple(country) for country in _TEXTS["countries"]
]

DEMO_COUNTRY_CODES = ["FR", "DE", "US", "IN"]

EXPERTISE: list[str] = _TEXTS["expertise"]

# Per family: job titles, and what someone there looks after (for bios).
FAMILIES: dict[str, dict[str, list[str]]] = _TEXTS["families"]

SENIORITY: list[str] = _TEXTS["seniority"]


def job_title(rng: random.Random, family: str) -> str:
    title = rng.choice(FAMILIES[family]["titles"])
    if any(word in title for word in ("Manager", "Lead", "Director", "Officer")):
        return title  # no "Junior Plant Manager" or "Lead Wellbeing Lead"
    return rng.choice(SENIORITY) + title


HOBBIES: list[str] = _TEXTS["hobbies"]

BIO_TEMPLATES: list[str] = _TEXTS["bio_templates"]

# Names that keep their capitals in the middle of a sentence.
PROPER_TERMS: set[str] = set(_TEXTS["proper_terms"])


def in_sentence(term: str) -> str:
    """How a tag or topic reads inside a sentence: "Data analysis" -> "data analysis"."""
    return term if term in PROPER_TERMS else term.lower()


def bio_for(
    rng: random.Random, *, family: str, unit: str, city: str, title: str, tags: list[str]
) -> str:
    focus = rng.choice(FAMILIES[family]["focus"])
    hobby = rng.choice(HOBBIES)
    tag1 = tags[0] if tags else rng.choice(FAMILIES[family]["expertise"])
    tag2 = tags[1] if len(tags) > 1 else rng.choice(FAMILIES[family]["expertise"])
    return rng.choice(BIO_TEMPLATES).format(
        focus=focus,
        unit=unit,
        city=city or "our head office",
        title=title,
        Title=title,
        tag1=in_sentence(tag1),
        tag2=in_sentence(tag2),
        years=rng.randint(2, 24),
        hobby=hobby,
        Hobby=hobby[0].upper() + hobby[1:],
    )


# -- Spaces of the large organisation ---------------------------------------------------

SPACE_TOPICS: list[str] = _TEXTS["space_topics"]

SPACE_FORMATS: list[tuple[str, str]] = [tuple(pattern) for pattern in _TEXTS["space_formats"]]


# Formats that suit a community open to the whole organisation.
WIDE_FORMATS = SPACE_FORMATS[:4] + SPACE_FORMATS[7:8]


def space_text(
    rng: random.Random, *, topic: str, city: str, unit: str, wide: bool = False
) -> tuple[str, str]:
    name_pattern, description_pattern = rng.choice(WIDE_FORMATS if wide else SPACE_FORMATS)
    low = in_sentence(topic)
    fields = {"topic": topic, "low": low, "city": city, "unit": unit}
    return name_pattern.format(**fields), description_pattern.format(**fields)
