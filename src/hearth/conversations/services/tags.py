"""The tags a space suggests for its conversations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import (
    SuggestedTag,
)
from hearth.core.changes import change, record

if TYPE_CHECKING:
    from hearth.spaces.models import Space
from hearth.conversations.services.common import tag_rows, tags_parse

MAX_SUGGESTED_TAGS = 20


@change("space.tags_suggested", role="facilitator", check=policy.require_curate_tags)
def space_tags_suggest(
    *, actor: Actor, space: Space, tags: list[str] | str | None, via: str = "web"
) -> list[str]:
    """Set the tags a space suggests for its conversations, in the given order.

    Leaders and facilitators curate the list; the change is audited. An empty
    list leaves only the most used tags as suggestions. Returns the tag slugs.
    """
    slugs = tags_parse(tags, limit=MAX_SUGGESTED_TAGS)
    with transaction.atomic():
        before = list(
            SuggestedTag.objects.filter(space=space)
            .order_by("position", "id")
            .values_list("tag__slug", flat=True)
        )
        if before == slugs:
            return slugs
        SuggestedTag.objects.filter(space=space).delete()
        SuggestedTag.objects.bulk_create(
            SuggestedTag(space=space, tag=tag, position=i) for i, tag in enumerate(tag_rows(slugs))
        )
        record(
            actor,
            action="space.tags_suggested",
            target=space,
            space=space,
            before={"tags": before},
            after={"tags": slugs},
            via=via,
        )
    return slugs
