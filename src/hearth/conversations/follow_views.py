"""Following pages: follow a whole space from its home, and the person's list of
everything they follow, with the level changed or the follow dropped in place."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.conversations import selectors, services
from hearth.conversations.models import Follow
from hearth.core.errors import Invalid
from hearth.spaces import selectors as space_selectors

LEVEL_CHOICES = [*Follow.Level.choices, ("none", "Not following")]


def _level(request) -> str | None:
    """The level posted: one of Follow.Level, or None for "stop following"."""
    level = request.POST.get("level", "")
    if level == "none":
        return None
    if level not in Follow.Level.values:
        raise Invalid("Choose watching, normal, muted or not following.", field="level")
    return level


@require_POST
def space_follow(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    level = _level(request)
    if level is None:
        services.follow_remove(actor=request.actor, space=space)
    else:
        services.follow_set(actor=request.actor, space=space, level=level)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "conversations/_space_follow.html",
            {
                "space": space,
                "space_follow_level": level,
                "follow_levels": Follow.Level.choices,
                "saved": True,
            },
        )
    return redirect(space)


FOLLOWS_SHOWN = 200  # spaces and tags: people follow few; conversations are paged
CONVERSATIONS_PER_PAGE = 50


def following(request):
    """Everything the person follows: spaces, conversations and tags."""
    actor = request.actor
    page = Paginator(
        selectors.follow_list(actor=actor, kind="conversation"), CONVERSATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "conversations/following.html",
        {
            "spaces": selectors.follow_list(actor=actor, kind="space")[:FOLLOWS_SHOWN],
            "tags": selectors.follow_list(actor=actor, kind="tag")[:FOLLOWS_SHOWN],
            "page": page,
            "levels": LEVEL_CHOICES,
        },
    )


@require_POST
def following_change(request, follow_id: int):
    follow = selectors.follow_get(actor=request.actor, follow_id=follow_id)
    target = (
        {"space": follow.space}
        if follow.space_id
        else {"conversation": follow.conversation}
        if follow.conversation_id
        else {"tag": follow.tag}
    )
    level = _level(request)
    if level is None:
        services.follow_remove(actor=request.actor, **target)
    else:
        follow = services.follow_set(actor=request.actor, level=level, **target)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "conversations/_following_row.html",
            {"f": follow, "levels": LEVEL_CHOICES, "removed": level is None, "saved": True},
        )
    return redirect("conversations:following")
