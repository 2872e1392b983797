"""The demo's library: documents in three spaces, each with a few revisions by
different people, in collections, with tags and every status.

Written through the library's services, so revisions, audit entries and the
search index are what a person editing them would leave. A rerun adds nothing: a
document already in its space (by title) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.library import services
from hearth.library.models import Collection, Document, DocumentRevision


@dataclass(frozen=True)
class DemoDocument:
    space: str
    collection: str
    title: str
    status: str
    tags: tuple[str, ...]
    # (sign-in who saves it, the whole text then); the first one creates it.
    versions: tuple[tuple[str, str], ...]


FIVE_S = """5S keeps a workplace safe, tidy and easy to run. Work through the steps in order.

1. **Sort**: remove what is not needed.
2. **Set in order**: a place for everything.
3. **Shine**: clean, and look for problems while you clean.
4. **Standardise**: write down how it should look.
5. **Sustain**: check every week.
"""

FIVE_S_2 = FIVE_S.replace(
    "5. **Sustain**: check every week.",
    "5. **Sustain**: check every week, with the audit sheet in this library.\n\n"
    "## Red tags\n\nAn item nobody claims within two weeks goes to the red-tag area.",
)

FIVE_S_3 = FIVE_S_2.replace(
    "1. **Sort**: remove what is not needed.",
    "1. **Sort**: remove what is not needed; ask the area owner first.",
)

A3 = """| Box | What goes in it |
|---|---|
| Background | Why this matters now |
| Current state | Facts, with a picture |
| Goal | One measurable target |
| Analysis | Five whys, fishbone |
| Countermeasures | Who, what, by when |
"""

SQL_STYLE = """- Keywords in upper case: `SELECT`, `FROM`, `WHERE`.
- One column per line in long selects.
- Name tables in the singular.
"""

SQL_STYLE_2 = SQL_STYLE + "- Always alias subqueries, and say why in a comment.\n"
SQL_STYLE_3 = SQL_STYLE_2.replace(
    "Name tables in the singular.", "Name tables in the plural, as our warehouse does."
)

POWER_BI = """Reports refresh at 06:00 and 13:00 CET from the old gateway.
"""

POWER_BI_2 = POWER_BI + "\nThe old gateway is retired: see the new data platform pages.\n"

FIRST_WEEK = """- Day 1: collect your laptop and badge at reception.
- Day 2: meet your buddy.
- Day 3: join three communities that match your work.
"""

FIRST_WEEK_2 = FIRST_WEEK.replace(
    "Day 2: meet your buddy.", "Day 2: meet your buddy and your team over lunch."
)

DOCUMENTS = [
    DemoDocument(
        "lean-continuous-improvement",
        "Templates",
        "Writing an A3",
        "published",
        ("a3", "problem-solving"),
        (("champion", A3),),
    ),
    DemoDocument(
        "lean-continuous-improvement",
        "Guides",
        "The 5S guide",
        "official",
        ("5s", "lean"),
        (("champion", FIVE_S), ("member", FIVE_S_2), ("leader", FIVE_S_3)),
    ),
    DemoDocument(
        "data-analytics",
        "Standards",
        "SQL style guide",
        "published",
        ("sql",),
        (("facilitator", SQL_STYLE), ("member", SQL_STYLE_2), ("champion", SQL_STYLE_3)),
    ),
    DemoDocument(
        "data-analytics",
        "Standards",
        "Power BI refresh times",
        "outdated",
        ("power-bi",),
        (("champion", POWER_BI), ("facilitator", POWER_BI_2)),
    ),
    DemoDocument(
        "data-analytics",
        "Drafts",
        "Dashboard checklist (draft)",
        "draft",
        ("dashboards",),
        (("member", "- Who reads it?\n- What decision does it help?\n"),),
    ),
    DemoDocument(
        "new-joiners",
        "Start here",
        "Your first week",
        "published",
        ("onboarding",),
        (("leader", FIRST_WEEK), ("leader", FIRST_WEEK_2)),
    ),
]


def _spread_in_time(document: Document, *, days_ago: int) -> None:
    """Date the revisions a few days apart, the first ``days_ago`` days back, as if
    written over weeks; the services stamp them all "now"."""
    now = timezone.now()
    revisions = list(DocumentRevision.objects.filter(document=document).order_by("number"))
    step = days_ago / max(len(revisions), 1)
    for index, revision in enumerate(revisions):
        revision.created_at = now - timedelta(days=days_ago - step * index, hours=3)
    DocumentRevision.objects.bulk_update(revisions, ["created_at"])
    Document.objects.filter(pk=document.pk).update(
        created_at=revisions[0].created_at, updated_at=revisions[-1].created_at
    )


def seed_library(spaces: dict) -> str:
    """Add the demo's documents to ``spaces`` (slug → Space); returns a line to print."""
    User = get_user_model()
    people = {
        u.username: u
        for u in User.objects.filter(username__in={who for d in DOCUMENTS for who, _ in d.versions})
    }
    created = 0
    for spec in DOCUMENTS:
        space = spaces.get(spec.space)
        if space is None or Document.objects.filter(space=space, title=spec.title).exists():
            continue
        first_author, first_text = spec.versions[0]
        owner = Actor.for_user(people[first_author])
        collection = Collection.objects.filter(
            space=space, name=spec.collection
        ).first() or services.collection_create(
            actor=owner, space=space, name=spec.collection, via="seed"
        )
        # Official is a steward's mark: the document starts published and its last
        # save, by a leader or facilitator, marks it.
        document = services.document_create(
            actor=owner,
            space=space,
            title=spec.title,
            body=first_text,
            status=spec.status if spec.status != "official" else "published",
            collection=collection,
            tags=list(spec.tags),
            via="seed",
        )
        for index, (who, text) in enumerate(spec.versions[1:], start=2):
            last = index == len(spec.versions)
            document = services.document_edit(
                actor=Actor.for_user(people[who]),
                document=document,
                base_revision=document.revision,
                title=spec.title,
                body=text,
                status="official" if spec.status == "official" and last else services.UNCHANGED,
                via="seed",
            )
        _spread_in_time(document, days_ago=12 + 9 * created)
        created += 1
    return (
        f"Library: {created} new documents, "
        f"{Document.objects.filter(space__in=spaces.values()).count()} in all."
    )
