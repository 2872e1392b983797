"""Demo follows and suggested tags: each space suggests its usual tags, and the
demo sign-ins follow a few spaces at different levels. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count

from hearth.conversations.models import Follow, SuggestedTag, Tag
from hearth.spaces.models import Membership, Space, Visibility

SUGGESTED_PER_SPACE = 4


def seed_follows(spaces: dict[str, Space]) -> None:
    """Suggested tags for every space that has none, and a few space follows."""
    for space in spaces.values():
        if SuggestedTag.objects.filter(space=space).exists():
            continue
        usual = (
            Tag.objects.filter(conversations__space=space)
            .annotate(uses=Count("conversations"))
            .order_by("-uses", "name")[:SUGGESTED_PER_SPACE]
        )
        SuggestedTag.objects.bulk_create(
            SuggestedTag(space=space, tag=tag, position=i) for i, tag in enumerate(usual)
        )
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["leader", "member", "champion"])
    }
    open_spaces = [s for s in spaces.values() if s.visibility == Visibility.OPEN]
    for username, user in users.items():
        mine = set(Membership.objects.filter(user=user).values_list("space_id", flat=True))
        joined = [s for s in spaces.values() if s.pk in mine]
        others = [s for s in open_spaces if s.pk not in mine]
        levels = [
            (joined[:1], Follow.Level.WATCHING),
            (others[:1], Follow.Level.NORMAL),
            (joined[1:2] if username != "leader" else [], Follow.Level.MUTED),
        ]
        for chosen, level in levels:
            for space in chosen:
                Follow.objects.get_or_create(user=user, space=space, defaults={"level": level})
