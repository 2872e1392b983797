"""Gardening pages: a space's queue, a conversation's garden page (every action's
form), the actions themselves (htmx swaps a queue row in place) and undo from
the audit log. Reads through selectors, writes through services; what the
policy refuses is rendered by HearthErrorMiddleware."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.conversations import selectors as conversation_selectors
from hearth.core.errors import Conflict, HearthError, NotFound
from hearth.core.pages import is_htmx
from hearth.gardening import policies, selectors, services
from hearth.gardening.selectors import move_targets, space_readers_suggestions
from hearth.library import selectors as library_selectors
from hearth.spaces import selectors as space_selectors
from hearth.spaces.models import Space
from hearth.spaces.pages import space_page_context

PAGE_SIZE = 30
REPLIES_SHOWN = 200


def _checked(request, name: str) -> bool:
    return request.POST.get(name, "") in ("1", "on", "true", "yes")


def queue(request, slug: str):
    """``/s/<slug>/gardening/?tab=…&days=N``: what needs care in the space."""
    actor = request.actor
    space = space_selectors.space_get(actor=actor, slug=slug)
    policies.require_see_gardening_queue(actor, space)
    tab = request.GET.get("tab") or "untagged"
    if tab not in selectors.TABS:
        tab = "untagged"
    days = selectors.days_parse(request.GET.get("days"))
    rows = selectors.gardening_queue(actor=actor, space=space, tab=tab, days=days)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = space_page_context(request, space)
    context.update(
        {
            "page": page,
            "rows": list(page.object_list),
            "tab": tab,
            "tabs": list(selectors.TABS.items()),
            "days": days,
            "counts": selectors.gardening_counts(actor=actor, space=space, days=days),
            "can_garden": policies.can_garden(actor, space),
            "query": f"tab={tab}&days={days}",
        }
    )
    return render(request, "gardening/queue.html", context)


def _conversation(request, conversation_id: int):
    conversation = conversation_selectors.conversation_get(
        actor=request.actor, conversation_id=conversation_id
    )
    policies.require_garden(request.actor, conversation.space)
    return conversation


def garden(request, conversation_id: int, *, confirm=None, error=None, status=200):
    """``/c/<id>/garden/``: the forms of every gardening action on one conversation."""
    conversation = _conversation(request, conversation_id)
    replies = list(
        conversation_selectors.reply_list(actor=request.actor, conversation=conversation)
        .filter(removed_at__isnull=True)
        .exclude(pk=conversation.accepted_reply_id or 0)[:REPLIES_SHOWN]
    )
    return render(
        request,
        "gardening/garden.html",
        {
            "conversation": conversation,
            "space": conversation.space,
            "tags": ", ".join(t.slug for t in conversation.tags.all()),
            "targets": move_targets(actor=request.actor, exclude=conversation.space),
            "suggestions": space_readers_suggestions(space=conversation.space),
            "replies": replies,
            "confirm": confirm,
            "error": error,
            "posted": request.POST if request.method == "POST" else {},
        },
        status=status,
    )


def _done(request, conversation, text: str, *, to=None):
    """After an action: a row message for htmx (the queue), else back to the page."""
    if is_htmx(request):
        return render(request, "gardening/_row_done.html", {"c": conversation, "flash": text})
    messages.success(request, text)
    return redirect(to or conversation)


def _act(request, conversation_id: int, act):
    """Run ``act(conversation)``; a refusal that needs a confirmation (a wider
    audience) shows the confirmation step, any other refusal the form again."""
    conversation = _conversation(request, conversation_id)
    try:
        return act(conversation)
    except Conflict as problem:
        # In-place (htmx) actions never widen an audience: only the forms do.
        if problem.field != "confirm_widen" or is_htmx(request):
            raise
        return garden(request, conversation_id, confirm=problem.message, status=409)
    except HearthError as problem:
        if is_htmx(request):
            raise
        return garden(request, conversation_id, error=problem, status=problem.status)


@require_POST
def retitle(request, conversation_id: int):
    def act(conversation):
        services.conversation_retitle(
            actor=request.actor, conversation=conversation, title=request.POST.get("title", "")
        )
        return _done(request, conversation, f"Retitled “{conversation.title}”.")

    return _act(request, conversation_id, act)


@require_POST
def retag(request, conversation_id: int):
    def act(conversation):
        slugs = services.conversation_retag(
            actor=request.actor, conversation=conversation, tags=request.POST.get("tags", "")
        )
        shown = " ".join(f"#{s}" for s in slugs) or "no tags"
        return _done(request, conversation, f"Tagged {shown}.")

    return _act(request, conversation_id, act)


@require_POST
def outdated(request, conversation_id: int):
    def act(conversation):
        mark = request.POST.get("outdated", "1") != "0"
        services.conversation_mark_outdated(
            actor=request.actor, conversation=conversation, outdated=mark
        )
        text = "Marked outdated." if mark else "No longer marked outdated."
        return _done(request, conversation, text)

    return _act(request, conversation_id, act)


@require_POST
def move(request, conversation_id: int):
    def act(conversation):
        target = Space.objects.filter(slug=request.POST.get("to_space", "")[:60]).first()
        if target is None or not policy.can_see_space(request.actor, target):
            raise NotFound("No such space.")
        services.conversation_move(
            actor=request.actor,
            conversation=conversation,
            to_space=target,
            confirm_widen=_checked(request, "confirm_widen"),
        )
        return _done(request, conversation, f"Moved to {target}.")

    return _act(request, conversation_id, act)


@require_POST
def merge(request, conversation_id: int):
    def act(conversation):
        target = services.conversation_merge(
            actor=request.actor,
            conversation=conversation,
            into=request.POST.get("into", ""),
            confirm_widen=_checked(request, "confirm_widen"),
        )
        return _done(request, target, f"Merged into “{target.title}”.", to=target)

    return _act(request, conversation_id, act)


@require_POST
def split(request, conversation_id: int):
    def act(conversation):
        new = services.conversation_split(
            actor=request.actor,
            conversation=conversation,
            reply_ids=request.POST.getlist("replies"),
            title=request.POST.get("title", ""),
            note=request.POST.get("note", ""),
        )
        return _done(request, new, f"Split off into “{new.title}”.", to=new)

    return _act(request, conversation_id, act)


@require_POST
def notify(request, conversation_id: int):
    def act(conversation):
        names = request.POST.get("usernames", "").replace(",", " ").split()
        notified, missed = services.conversation_notify(
            actor=request.actor,
            conversation=conversation,
            usernames=names,
            message=request.POST.get("message", ""),
        )
        text = f"Notified {', '.join(str(p) for p in notified)}."
        if missed:
            text += f" Not notified (unknown, or cannot read this space): {', '.join(missed)}."
        return _done(request, conversation, text)

    return _act(request, conversation_id, act)


@require_POST
def undo(request, entry_id: int):
    """Undo a gardening action from its audit log entry."""
    try:
        services.gardening_undo(
            actor=request.actor,
            entry_id=entry_id,
            confirm_widen=_checked(request, "confirm_widen"),
        )
    except Conflict as problem:
        if problem.field != "confirm_widen":
            raise
        return render(
            request,
            "gardening/undo_confirm.html",
            {"entry_id": entry_id, "confirm": problem.message},
            status=409,
        )
    messages.success(request, "Undone. The undo is in the audit log too.")
    back = request.POST.get("next", "")
    here = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # Only a path of this site: never "//host" nor "/\host", which browsers follow off-site.
    return redirect(back if here and back.startswith("/") else "audit:log")


@require_POST
def document_outdated(request, document_id: int):
    """Mark a library document outdated from the queue (a gardening action: in the
    audit log, and undone from there)."""
    document = library_selectors.document_get(actor=request.actor, document_id=document_id)
    document = services.document_mark_outdated(actor=request.actor, document=document)
    if is_htmx(request):
        return render(
            request, "gardening/_row_done.html", {"c": document, "flash": "Marked outdated."}
        )
    messages.success(request, f"“{document.title}” is marked outdated.")
    return redirect("gardening:queue", slug=document.space.slug)
