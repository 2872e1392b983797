"""Conversation pages: reads through selectors, writes through services; htmx
swaps the like, follow, accept and reply parts in place."""

import functools
import hashlib
from pathlib import Path

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.conversations import selectors, services
from hearth.conversations.forms import ConversationEditForm, ConversationForm, ReplyForm
from hearth.conversations.models import Follow
from hearth.core.errors import Forbidden, HearthError, Invalid
from hearth.core.extensions import CONVERSATION_PANELS, registry
from hearth.core.pages import form_error_add, is_htmx
from hearth.people.models import User
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context

REPLIES_PER_PAGE = 100


# Rendered replies stay cached this long. The key is a digest of everything the partial
# reads, so any change to a reply, its author, a like or the reader's rights makes a new
# key at once; the time only bounds what the cache holds.
REPLIES_HTML_TTL = 600
# Where the CSRF token goes in a cached page of replies: each request puts in its own.
# NUL never survives the Markdown renderer, so no reply text can contain it.
CSRF_SLOT = "\x00csrf\x00"


@functools.cache
def _replies_template():
    """The replies partial and a digest of its source (part of every cache key, so that
    a changed template never serves output of the old one)."""
    template = get_template("conversations/replies.jinja", using="jinja2")
    source = Path(template.template.filename).read_bytes()
    return template, hashlib.blake2b(source, digest_size=8).hexdigest()


def _replies_html(
    request,
    *,
    conversation,
    rows,
    liked_replies,
    can_post: bool,
    can_accept: bool,
    can_moderate: bool,
    unreachable=(),
    read_only: bool = False,
) -> str:
    """The replies, rendered by the Jinja2 partial (see hearth.core.jinja).

    The partial is a pure function of its context, so its output is cached under a
    digest of that whole context: the rows as read (text, authors, like counts), the
    accepted answer, and what this reader may do — their likes and their own replies
    among these rows, and whether they may post, accept and moderate. Readers with the
    same rights and likes share an entry; one whose rights or likes differ gets its
    own. The reader's CSRF token is put in after the cache, never kept in it.
    """
    template, template_digest = _replies_template()
    user_id = request.user.pk
    ids = {row.id for row in rows}
    context = {
        "conversation_id": conversation.pk,
        "accepted": conversation.accepted_reply_id,
        "rows": rows,
        "liked_replies": sorted(ids & set(liked_replies)),
        "own_replies": sorted(row.id for row in rows if user_id and row.author_id == user_id),
        "can_post": can_post,
        "can_accept": can_accept,
        "can_moderate": can_moderate,
        "read_only": read_only,
        "unreachable": list(unreachable),
        "tz": timezone.get_current_timezone_name(),
    }
    digest = hashlib.blake2b(repr(sorted(context.items())).encode(), digest_size=20).hexdigest()
    key = f"conversations:replies:{conversation.pk}:{template_digest}:{digest}"
    html = cache.get(key)
    if html is None:
        replies = []
        for row in rows:
            author = None
            if row.author_id is not None:
                author = User(
                    pk=row.author_id,
                    username=row.author__username,
                    display_name=row.author__display_name,
                    photo=row.author__photo,
                )
            replies.append({**row._asdict(), "author": author})
        html = template.render(
            {
                **context,
                "replies": replies,
                "conversation": conversation,
                "liked_replies": set(context["liked_replies"]),
                "own_replies": set(context["own_replies"]),
                "csrf_value": CSRF_SLOT,
            }
        )
        cache.set(key, html, REPLIES_HTML_TTL)
    # Read once: the backend's lazy csrf_token masks a new token at every use.
    return html.replace(CSRF_SLOT, get_token(request))


def _tell_unreachable(request, names: list[str]) -> None:
    if names:
        messages.warning(
            request,
            "Not notified, they cannot see this space: " + ", ".join(f"@{n}" for n in names) + ".",
        )


def space_conversations(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    kind = request.GET.get("kind", "")
    if kind not in ("", "discussion", "question", "unanswered"):
        kind = ""
    if kind == "unanswered":
        rows = selectors.unanswered_questions(actor=request.actor, space=space)
    else:
        rows = selectors.conversation_list(actor=request.actor, space=space, kind=kind)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    context = space_page_context(request, space)
    context.update(
        {"page": page, "kind": kind, "can_post": policy.can_post_in_space(request.actor, space)}
    )
    return render(request, "conversations/space_list.html", context)


def create(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_post_in_space(request.actor, space)
    initial = {"kind": request.GET.get("kind", "discussion")}
    form = ConversationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conversation, unreachable = services.conversation_create(
                actor=request.actor,
                space=space,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            _tell_unreachable(request, unreachable)
            return redirect(conversation)
    return render(
        request,
        "conversations/form.html",
        {
            "form": form,
            "space": space,
            "suggested_tags": selectors.tag_suggestions(actor=request.actor, space=space),
        },
        status=400 if request.method == "POST" else 200,
    )


def _reply_page(request, *, actor, conversation):
    """(the page of replies asked for, its rows with the reader's likes).

    ``?page=`` is a number or "last". The first page is read with one row more than it
    shows: when that row is not there, the rows are all the replies and no count is
    needed. Other pages are numbered by a count first (it needs none of the rows'
    joins)."""
    number = request.GET.get("page")
    first = None
    if number in (None, "", "1", "last"):
        first = selectors.first_reply_rows(
            actor=actor, conversation=conversation, limit=REPLIES_PER_PAGE + 1
        )
        if len(first) <= REPLIES_PER_PAGE:
            return Paginator(range(len(first)), REPLIES_PER_PAGE).get_page(1), first
    paginator = Paginator(
        range(selectors.reply_total(actor=actor, conversation=conversation)), REPLIES_PER_PAGE
    )
    # "last": where a reply just posted lands.
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    if not page.object_list:
        return page, []
    if page.number == 1 and first is not None:
        return page, first[:REPLIES_PER_PAGE]
    rows = selectors.reply_rows(actor=actor, conversation=conversation, with_viewer_likes=True)
    return page, list(rows[page.start_index() - 1 : page.end_index()])


def _page_annotations(user_id: int) -> dict:
    """What the conversation page reads with the conversation itself: the reader's
    follow and like, and what the panels other apps add need to know first (whether
    polls, a business-outcome mark or files are there to be read: each is then read
    through its own app's policy, and only when there)."""
    return {
        **selectors.viewer_annotations(user_id),
        **registry.annotations(CONVERSATION_PANELS),
    }


def detail(request, conversation_id: int):
    actor = request.actor
    conversation = selectors.conversation_get(
        actor=actor, conversation_id=conversation_id, annotations=_page_annotations
    )
    if conversation.merged_into_id is not None:
        # Merged by a gardener: the old address leads to the conversation it joined
        # (302: a merge can be undone). Reading there is the policy's decision again.
        return redirect(f"/c/{conversation.merged_into_id}/")
    page, rows = _reply_page(request, actor=actor, conversation=conversation)
    space = conversation.space
    liked = {
        "conversation": conversation.viewer_liked,
        "replies": {row.id for row in rows if row.viewer_liked},
    }
    can_post = policy.can_post_in_space(actor, space) and not conversation.removed_at
    can_accept = policy.can_accept_answer(actor, conversation)
    # An archived space is read-only: no like, edit or remove buttons either.
    read_only = not policy.can_write_in_space(actor, space)
    can_moderate = policy.can_moderate_space(actor, space) and not read_only
    context = {
        "conversation": conversation,
        "space": space,
        "page": page,
        "replies_html": mark_safe(
            _replies_html(  # autoescaped by the Jinja2 partial
                request,
                conversation=conversation,
                rows=rows,
                liked_replies=liked["replies"],
                can_post=can_post,
                can_accept=can_accept,
                can_moderate=can_moderate,
                read_only=read_only,
            )
        ),
        "tags": selectors.conversation_tags(conversation=conversation),
        "liked": liked,
        "follow_level": conversation.viewer_follow_level,
        "follow_levels": Follow.Level.choices,
        "can_post": can_post,
        "can_accept": can_accept,
        "can_moderate": can_moderate,
        "read_only": read_only,
        "reply_form": ReplyForm(),
        # A silence or ban (no query for people without one): why they cannot reply.
        "restriction": actor.restriction_in(space),
    }
    return render(request, "conversations/detail.html", context)


def edit(request, conversation_id: int):
    conversation = selectors.conversation_get(actor=request.actor, conversation_id=conversation_id)
    policy.require_write_in_space(request.actor, conversation.space)
    if not policy.can_edit_post(request.actor, conversation, conversation.space):
        raise Forbidden("You can edit only your own posts.")
    initial = {
        "title": conversation.title,
        "body": conversation.body,
        "tags": ", ".join(t.slug for t in conversation.tags.all()),
    }
    form = ConversationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, unreachable = services.conversation_edit(
                actor=request.actor,
                conversation=conversation,
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            _tell_unreachable(request, unreachable)
            messages.success(
                request, "Your changes are saved; the earlier text is kept in the history."
            )
            return redirect(conversation)
    return render(
        request,
        "conversations/form.html",
        {
            "form": form,
            "space": conversation.space,
            "conversation": conversation,
            "suggested_tags": selectors.tag_suggestions(
                actor=request.actor, space=conversation.space
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def remove(request, conversation_id: int):
    conversation = selectors.conversation_get(actor=request.actor, conversation_id=conversation_id)
    services.conversation_remove(actor=request.actor, conversation=conversation)
    messages.success(request, "The conversation is removed. Its text is kept for the record.")
    return redirect(conversation)


def history(request, conversation_id: int):
    conversation = selectors.conversation_get(actor=request.actor, conversation_id=conversation_id)
    revisions = conversation.revisions.select_related("editor")[:100]
    return render(
        request,
        "conversations/history.html",
        {"conversation": conversation, "revisions": revisions},
    )


def _like_response(request, *, url: str, liked: bool, count: int):
    return render(
        request, "conversations/_like.html", {"like_url": url, "liked": liked, "count": count}
    )


@require_POST
def like_conversation(request, conversation_id: int):
    conversation = selectors.conversation_get(actor=request.actor, conversation_id=conversation_id)
    liked = request.POST.get("like") == "1"
    if liked:
        count = services.like_add(actor=request.actor, conversation=conversation)
    else:
        count = services.like_remove(actor=request.actor, conversation=conversation)
    if is_htmx(request):
        return _like_response(request, url=request.path, liked=liked, count=count)
    return redirect(conversation)


@require_POST
def like_reply(request, reply_id: int):
    reply = selectors.reply_get(actor=request.actor, reply_id=reply_id)
    liked = request.POST.get("like") == "1"
    if liked:
        count = services.like_add(actor=request.actor, reply=reply)
    else:
        count = services.like_remove(actor=request.actor, reply=reply)
    if is_htmx(request):
        return _like_response(request, url=request.path, liked=liked, count=count)
    return redirect(f"/c/{reply.conversation_id}/#reply-{reply.pk}")


@require_POST
def follow(request, conversation_id: int):
    conversation = selectors.conversation_get(actor=request.actor, conversation_id=conversation_id)
    level = request.POST.get("level", "")
    if level == "none":
        services.follow_remove(actor=request.actor, conversation=conversation)
        level = None
    else:
        services.follow_set(actor=request.actor, conversation=conversation, level=level)
    if is_htmx(request):
        return render(
            request,
            "conversations/_follow.html",
            {
                "conversation": conversation,
                "follow_level": level,
                "follow_levels": Follow.Level.choices,
                "saved": True,
            },
        )
    return redirect(conversation)


@require_POST
def reply(request, conversation_id: int):
    conversation = selectors.conversation_get(actor=request.actor, conversation_id=conversation_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        raise Invalid("Write your reply first (at most 20,000 characters).", field="body")
    new_reply, unreachable = services.reply_create(
        actor=request.actor,
        conversation=conversation,
        body=form.cleaned_data["body"],
        reply_to_id=form.cleaned_data.get("reply_to"),
    )
    if is_htmx(request):
        rows = list(
            selectors.reply_rows(actor=request.actor, conversation=conversation).filter(
                pk=new_reply.pk
            )
        )
        response = HttpResponse(
            _replies_html(
                request,
                conversation=conversation,
                rows=rows,
                liked_replies=set(),
                can_post=True,
                can_accept=policy.can_accept_answer(request.actor, conversation),
                can_moderate=policy.can_moderate_space(request.actor, conversation.space),
                unreachable=unreachable,
            )
        )  # a reply was just posted: the space is not archived
        response["HX-Trigger"] = "reply-posted"
        return response
    _tell_unreachable(request, unreachable)
    return redirect(f"/c/{conversation.pk}/?page=last#reply-{new_reply.pk}")


@require_POST
def accept(request, reply_id: int):
    reply_obj = selectors.reply_get(actor=request.actor, reply_id=reply_id)
    if request.POST.get("accept") == "0":
        services.reply_unaccept(actor=request.actor, conversation=reply_obj.conversation)
        messages.success(request, "The question is open again.")
    else:
        services.reply_accept(actor=request.actor, reply=reply_obj)
        messages.success(request, "Answer accepted: the question is solved.")
    return redirect(f"/c/{reply_obj.conversation_id}/#reply-{reply_obj.pk}")


def reply_edit(request, reply_id: int):
    reply_obj = selectors.reply_get(actor=request.actor, reply_id=reply_id)
    form = ReplyForm(request.POST or None, initial={"body": reply_obj.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_edit(
                actor=request.actor, reply=reply_obj, body=form.cleaned_data["body"]
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            return redirect(f"/c/{reply_obj.conversation_id}/#reply-{reply_obj.pk}")
    elif not policy.can_edit_post(request.actor, reply_obj, reply_obj.conversation.space):
        raise Forbidden("You can edit only your own posts.")
    return render(
        request,
        "conversations/reply_form.html",
        {"form": form, "reply": reply_obj},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def reply_remove(request, reply_id: int):
    reply_obj = selectors.reply_get(actor=request.actor, reply_id=reply_id)
    services.reply_remove(actor=request.actor, reply=reply_obj)
    messages.success(request, "The reply is removed. Its text is kept for the record.")
    return redirect(f"/c/{reply_obj.conversation_id}/#reply-{reply_obj.pk}")


def unanswered(request):
    rows = selectors.unanswered_questions(actor=request.actor)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "conversations/unanswered.html", {"page": page, "now": timezone.now()})


def tag(request, slug: str):
    # A tag used only where the viewer cannot read is not confirmed to exist, even
    # to someone who follows it (``tag_visible_q``).
    tag_obj = selectors.tag_get(actor=request.actor, slug=slug)
    rows = selectors.conversation_list(actor=request.actor, tag=slug)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    following = Follow.objects.filter(user_id=request.actor.user_id, tag=tag_obj).exists()
    return render(
        request, "conversations/tag.html", {"tag": tag_obj, "page": page, "following": following}
    )


@require_POST
def tag_follow(request, slug: str):
    if request.POST.get("follow") == "1":
        tag_obj = selectors.tag_get(actor=request.actor, slug=slug)
        services.follow_set(actor=request.actor, tag=tag_obj, level=Follow.Level.NORMAL)
        messages.success(
            request, f"You follow #{tag_obj.slug}: its conversations show in your feed."
        )
    else:
        # Unfollowing answers alike whether the tag exists, may be known or not.
        services.tag_follow_remove(actor=request.actor, slug=slug)
        messages.success(request, f"You no longer follow #{slug}.")
    return redirect("conversations:tag", slug=slug)
