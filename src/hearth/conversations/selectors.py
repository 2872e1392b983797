"""Reads for conversations, always through the visibility policy."""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.conversations.models import (
    Conversation,
    Follow,
    Like,
    Reply,
    SuggestedTag,
    Tag,
)
from hearth.core.bounds import whole_number
from hearth.core.errors import Invalid, NotFound
from hearth.core.statements import Statement
from hearth.library.models import Document

# What lists show of a conversation: its space and author, never the bodies (lists
# carry no text; the accepted answer is known by its id).
LIST_FIELDS = ("space", "author")
LIST_DEFERRED = ("body", "body_html")


def conversation_get(
    *, actor: Actor, conversation_id: int, annotations: Callable[[int], dict] | None = None
) -> Conversation:
    """The conversation, or NotFound for one that does not exist or is in a private
    space; a restricted space's conversation raises Forbidden with a way in.

    ``annotations(user_id)`` gives what a page reads in the same query (its
    ``viewer_annotations`` of the reader, 0 for nobody, and whether other apps have
    anything to show for it), seen only once the policy has allowed the
    conversation. The read is compiled once per annotations function (``Statement``),
    so the function must give the same expressions for every reader but for the id."""
    rows = _conversation_read(annotations)(int(conversation_id), actor.user_id or 0)
    conversation = rows[0] if rows else None
    # The same message for a missing conversation and one in a space the actor
    # may not know of, so that an id never hints at a secret.
    if conversation is None or not policy.can_see_space(actor, conversation.space):
        raise NotFound("No such conversation.")
    policy.require_read_conversation(actor, conversation)
    return conversation


@functools.cache
def _conversation_read(annotations: Callable[[int], dict] | None) -> Statement:
    def build(conversation_id: int, user_id: int) -> QuerySet:
        rows = Conversation.objects.select_related("space", "author")
        if annotations is not None:
            rows = rows.annotate(**annotations(user_id))
        return rows.filter(pk=conversation_id)[:1]

    return Statement(build)


def _viewer_follow_level(user_id: int, followed: str) -> Subquery:
    """The reader's follow level of each row (None without a follow), as an annotation;
    ``followed`` is the follow's field that points to the row ("conversation", "space")."""
    return Subquery(
        Follow.objects.filter(user_id=user_id, **{followed: OuterRef("pk")})
        .order_by("id")
        .values("level")[:1]
    )


def viewer_annotations(user_id: int) -> dict:
    """For ``conversation_get``: the reader's own follow level (``viewer_follow_level``,
    None without a follow) and like (``viewer_liked``) of the conversation, read with it
    instead of by two more queries."""
    return {
        "viewer_follow_level": _viewer_follow_level(user_id, "conversation"),
        "viewer_liked": Exists(Like.objects.filter(user_id=user_id, conversation=OuterRef("pk"))),
    }


def reply_get(*, actor: Actor, reply_id: int) -> Reply:
    reply = (
        Reply.objects.select_related("conversation", "conversation__space", "author")
        .filter(pk=reply_id)
        .first()
    )
    if reply is None or not policy.can_see_space(actor, reply.conversation.space):
        raise NotFound("No such reply.")
    policy.require_read_conversation(actor, reply.conversation)
    if not policy.can_see_item(actor, reply, reply.conversation.space):
        raise NotFound("No such reply.")  # hidden pending review
    return reply


def reply_list(*, actor: Actor, conversation: Conversation) -> QuerySet:
    """The conversation's replies, less those hidden pending review that the actor
    may not see (``policy.hidden_q``)."""
    policy.require_read_conversation(actor, conversation)
    return (
        Reply.objects.filter(conversation=conversation)
        .filter(policy.hidden_q(actor, space_field="conversation__space"))
        .select_related("author", "reply_to__author")
        .order_by("created_at", "id")
    )


# What the replies of a conversation page show, read as plain rows: everything a reply's
# rendered text depends on, so that the rows themselves key the rendered fragment.
REPLY_ROW_FIELDS = (
    "id",
    "author_id",
    "reply_to_id",
    "created_at",
    "edited_at",
    "removed_at",
    "hidden_at",
    "like_count",
    "body_html",
    "author__username",
    "author__display_name",
    "author__photo",
    "reply_to__author__display_name",
)


def reply_rows(
    *, actor: Actor, conversation: Conversation, with_viewer_likes: bool = False
) -> QuerySet:
    """The conversation's replies, oldest first, as named tuples of ``REPLY_ROW_FIELDS``
    (no model instances: the page renders them from a cache keyed by these rows), and
    with ``with_viewer_likes`` a last field ``viewer_liked``: whether the actor likes
    the reply (read in the same query)."""
    policy.require_read_conversation(actor, conversation)
    return _reply_rows(
        conversation.pk,
        actor.user_id or 0,
        policy.can_see_hidden(actor, conversation.space),
        with_viewer_likes,
    )


def first_reply_rows(*, actor: Actor, conversation: Conversation, limit: int) -> list:
    """The first ``limit`` of ``reply_rows(with_viewer_likes=True)``: what a
    conversation page reads most, compiled once (``Statement``)."""
    policy.require_read_conversation(actor, conversation)
    read = _first_reply_rows(limit, policy.can_see_hidden(actor, conversation.space))
    return read(conversation.pk, actor.user_id or 0)


def _reply_rows(
    conversation_id: int, user_id: int, all_hidden: bool, with_viewer_likes: bool
) -> QuerySet:
    # One conversation is in one space (``all_hidden``: policy.can_see_hidden there).
    rows = Reply.objects.filter(
        policy.hidden_in_space_q(user_id, all_hidden), conversation_id=conversation_id
    )
    fields = REPLY_ROW_FIELDS
    if with_viewer_likes:
        rows = rows.annotate(
            viewer_liked=Exists(Like.objects.filter(user_id=user_id, reply=OuterRef("pk")))
        )
        fields = (*fields, "viewer_liked")
    return rows.order_by("created_at", "id").values_list(*fields, named=True)


@functools.cache
def _first_reply_rows(limit: int, all_hidden: bool) -> Statement:
    return Statement(
        lambda conversation_id, user_id: _reply_rows(
            conversation_id, user_id, all_hidden, with_viewer_likes=True
        )[:limit]
    )


_tags_of = Statement(lambda conversation_id: Tag.objects.filter(conversations__pk=conversation_id))


def conversation_tags(*, conversation: Conversation) -> list[Tag]:
    """The conversation's tags by name (for a conversation the caller has read)."""
    return _tags_of(conversation.pk)


def reply_total(*, actor: Actor, conversation: Conversation) -> int:
    """How many replies the conversation's pages show (removed ones included, hidden
    ones only for those who may see them)."""
    policy.require_read_conversation(actor, conversation)
    return (
        Reply.objects.filter(conversation=conversation)
        .filter(policy.hidden_q(actor, space_field="conversation__space"))
        .count()
    )


def liked_ids(*, actor: Actor, conversation: Conversation, reply_ids: list[int]) -> dict:
    """What the actor likes on a page: {"conversation": bool, "replies": set of ids}."""
    rows = (
        Like.objects.filter(user_id=actor.user_id)
        .filter(Q(conversation=conversation) | Q(reply_id__in=reply_ids))
        .values_list("conversation_id", "reply_id")
    )
    liked = {"conversation": False, "replies": set()}
    for conversation_id, reply_id in rows:
        if reply_id:
            liked["replies"].add(reply_id)
        elif conversation_id:
            liked["conversation"] = True
    return liked


def conversation_list(
    *,
    actor: Actor,
    space=None,
    kind: str = "",
    tag: str = "",
    answered: bool | None = None,
    include_removed: bool = False,
) -> QuerySet:
    rows = (
        Conversation.objects.visible_to(actor)
        if space is None
        else Conversation.objects.visible_in_space(actor, space)
    )
    rows = rows.select_related(*LIST_FIELDS).defer(*LIST_DEFERRED)
    if kind:
        rows = rows.filter(kind=kind)
    if tag:
        rows = rows.filter(tags__slug=tag)
    if answered is not None:
        rows = rows.filter(kind="question", accepted_reply__isnull=not answered)
    if not include_removed:
        rows = rows.filter(removed_at__isnull=True)
    return rows.order_by("-last_activity_at", "-id")


def recent_in_space(*, actor: Actor, space, limit: int) -> list[Conversation]:
    """The ``limit`` latest active conversations of ``conversation_list`` in a space,
    for its home page: compiled once (``Statement``)."""
    policy.require_read_space(actor, space)
    read = _recent_in_space(limit, policy.can_see_hidden(actor, space))
    return read(space.pk, actor.user_id or 0)


@functools.cache
def _recent_in_space(limit: int, all_hidden: bool) -> Statement:
    # visible_in_space, for a space the policy has already let the reader read.
    return Statement(
        lambda space_id, user_id: (
            Conversation.objects.filter(
                policy.hidden_in_space_q(user_id, all_hidden),
                space_id=space_id,
                removed_at__isnull=True,
            )
            .select_related(*LIST_FIELDS)
            .defer(*LIST_DEFERRED)
            .order_by("-last_activity_at", "-id")[:limit]
        )
    )


def unanswered_questions(*, actor: Actor, space=None) -> QuerySet:
    """Questions without an accepted answer, oldest first (the partial index)."""
    return _unanswered(
        Conversation.objects.visible_to(actor)
        if space is None
        else Conversation.objects.visible_in_space(actor, space)
    )


def _unanswered(rows: QuerySet) -> QuerySet:
    return (
        rows.filter(kind="question", accepted_reply__isnull=True, removed_at__isnull=True)
        .select_related(*LIST_FIELDS)
        .defer(*LIST_DEFERRED)
        .order_by("created_at", "id")
    )


def unanswered_in_my_spaces(*, actor: Actor, limit: int) -> list[Conversation]:
    """The ``limit`` oldest of ``unanswered_questions`` in the actor's own spaces, for
    the home page. Read by a statement and put to the policy's check of each
    (``can_read_conversation``, the same rule as ``visible_to``); in the rare case
    that the check leaves the page short, by the query itself."""
    space_ids = sorted(actor.roles)
    if not space_ids:
        return []
    read = _open_questions_in(limit * 2)(space_ids)
    shown = [c for c in read if policy.can_read_conversation(actor, c)]
    if len(shown) < limit and len(read) == limit * 2:
        return list(unanswered_questions(actor=actor).filter(space_id__in=space_ids)[:limit])
    return shown[:limit]


@functools.cache
def _open_questions_in(limit: int) -> Statement:
    return Statement(
        lambda space_ids: _unanswered(Conversation.objects.filter(space_id__in=space_ids))[:limit]
    )


# -- The home feed: cursor pagination ---------------------------------------------------


def _encode_cursor(moment: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    broken = Invalid("That page link is broken; start from the first page.", field="cursor")
    try:
        moment, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        moment, pk = datetime.fromisoformat(moment), int(pk)
    except (ValueError, UnicodeDecodeError) as error:
        raise broken from error
    if pk <= 0:  # ids are positive (and the feed's statements rely on it: _per_space)
        raise broken
    return moment, pk


def _compiled(part: QuerySet) -> list[tuple[str, list]]:
    """The part's SQL and parameters, or none for a part that can match nothing."""
    try:
        return [part.query.sql_with_params()]
    except EmptyResultSet:
        return []


# Stands for a space's id in the feed's per-space statement (ids are positive).
_SPACE_SLOT = -1


def _per_space(part: Callable[[int], QuerySet], space_ids: list[int]) -> list[tuple[str, list]]:
    """The statement ``part(space_id)`` for each of the spaces, compiled once: the
    statements differ only in the space's id, and building the same query through the
    ORM for each of a leader's hundred spaces would cost more than running them."""
    if not space_ids:
        return []
    compiled = _compiled(part(_SPACE_SLOT))
    if not compiled:
        return []
    sql, params = compiled[0]
    if params.count(_SPACE_SLOT) != 1:
        # The slot is not the one negative parameter (every other is an id): compile
        # the statement for each space instead.
        return [statement for pk in space_ids for statement in _compiled(part(pk))]
    slot = params.index(_SPACE_SLOT)
    return [(sql, [*params[:slot], pk, *params[slot + 1 :]]) for pk in space_ids]


def _merged_ids(parts: list[tuple[str, list]], *, limit: int) -> list[int]:
    """The ids of the newest rows of several compiled (id, last_activity_at) queries,
    each already ordered and limited: one statement, each part its own subquery
    (SQLite allows no LIMIT directly inside a compound select)."""
    statements, params = [], []
    for sql, part_params in parts:
        statements.append(f"SELECT * FROM ({sql}) AS part{len(statements)}")
        params.extend(part_params)
    if not statements:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"{' UNION ALL '.join(statements)} ORDER BY 2 DESC, 1 DESC LIMIT %s", [*params, limit]
        )
        return [row[0] for row in cursor.fetchall()]


# A feed's conversations by id, as lists show them (compiled once per number of ids).
_listed_by_id = Statement(
    lambda ids: (
        Conversation.objects.filter(pk__in=ids).select_related(*LIST_FIELDS).defer(*LIST_DEFERRED)
    )
)


def _tags() -> Prefetch:
    return Prefetch("tags", queryset=Tag.objects.only("name", "slug"))


# The follows that shape a feed, read on every home page view: compiled once.
_feed_follows = Statement(
    lambda user_id: (
        Follow.objects.filter(user_id=user_id)
        .filter(Q(conversation__isnull=True) | Q(level=Follow.Level.MUTED))
        .values_list("space_id", "conversation_id", "tag_id", "level")
    )
)


# Up to this many spaces, the feed merges the newest of each space (one index range per
# space, in one statement); beyond, it reads the spaces together.
FEED_SPACES_MERGED = 100


def feed(
    *, actor: Actor, order: str = "new", cursor: str = "", limit: int = 20, with_tags: bool = True
):
    """What is new in the actor's spaces and followed tags, minus what they muted.

    ``order`` is "new" (by last activity, cursor-paginated) or "top" (most liked
    this week). Returns (conversations, next_cursor or None); the conversations carry
    their space and author, and their tags when ``with_tags`` (the page shows none).
    """
    limit = max(1, min(limit, 50))
    space_ids, tag_ids, muted_spaces, muted_conversations = list(actor.roles), [], [], []
    # One read of the follows that shape the feed: followed spaces (joined or not)
    # and tags come in, muted spaces and conversations go out.
    for space_id, conversation_id, tag_id, level in _feed_follows(actor.user_id or 0):
        if level == Follow.Level.MUTED:
            if space_id:
                muted_spaces.append(space_id)
            elif conversation_id:
                muted_conversations.append(conversation_id)
        elif space_id:
            space_ids.append(space_id)
        elif tag_id:
            tag_ids.append(tag_id)

    def followed() -> QuerySet:
        """Everything the feed holds, as one filter (built only where it is used)."""
        shown = (
            Conversation.objects.visible_to(actor)
            .select_related(*LIST_FIELDS)
            .defer(*LIST_DEFERRED)
        )
        if with_tags:
            shown = shown.prefetch_related(_tags())
        wanted = Q(space_id__in=space_ids)
        if tag_ids:
            wanted |= Q(tags__in=tag_ids)
        rows = (
            shown.filter(wanted, removed_at__isnull=True)
            .exclude(space_id__in=muted_spaces)
            .exclude(pk__in=muted_conversations)
        )
        return rows.distinct() if tag_ids else rows

    if order == "top":
        rows = followed()
        since = timezone.now() - timedelta(days=7)
        rows = rows.filter(last_activity_at__gte=since).order_by(
            "-like_count", "-reply_count", "-id"
        )
        # The cursor is the next page's offset; one that is not (or that no column
        # holds) starts from the first page.
        offset = whole_number(cursor) or 0
        page = list(rows[offset : offset + limit + 1])
        next_cursor = str(offset + limit) if len(page) > limit else None
        return page[:limit], next_cursor
    after = Q()
    if cursor:
        moment, pk = _decode_cursor(cursor)
        after = Q(last_activity_at__lt=moment) | Q(last_activity_at=moment, pk__lt=pk)
    newest = ("-last_activity_at", "-id")
    spaces = [pk for pk in space_ids if pk not in set(muted_spaces)]
    if len(spaces) <= FEED_SPACES_MERGED:
        # The newest of each space through its (space, last activity) index, merged:
        # a page never reads or sorts every conversation of the actor's spaces.
        # The actor's own spaces need no policy join here; the page's rows below are
        # read through the policy all the same.
        # Hidden pending review is decided from the cached roles (no join), so that
        # the candidates of a space are not used up by what the reader may not see.
        candidates = (
            Conversation.objects.filter(after, policy.hidden_q(actor), removed_at__isnull=True)
            .exclude(pk__in=muted_conversations)
            .order_by(*newest)
        )
        parts = _per_space(
            lambda space_id: candidates.filter(space_id=space_id).values_list(
                "pk", "last_activity_at"
            )[: limit + 1],
            spaces,
        )
        if tag_ids:
            # Followed tags reach beyond the actor's spaces: through the policy.
            parts += _compiled(
                Conversation.objects.visible_to(actor)
                .filter(after, removed_at__isnull=True, tags__in=tag_ids)
                .exclude(pk__in=muted_conversations)
                .exclude(space_id__in=muted_spaces)
                .order_by(*newest)
                .values_list("pk", "last_activity_at")
                .distinct()[: limit + 1]
            )
        if not parts:
            return [], None
        # The candidates already leave out what is removed, muted or hidden for
        # review; the rest of the policy (the spaces' states) is asked of each here,
        # by its checks (the same rules as visible_to), and the page takes the newest
        # of what it allows. Usually it allows every one: the first page's worth is
        # read first, and the rest only when some were left out. (Newest first, once
        # each: a conversation of a followed tag may also come from its space.)
        ids = list(dict.fromkeys(_merged_ids(parts, limit=2 * (limit + 1))))
        page = []
        for chunk in (ids[: limit + 1], ids[limit + 1 :]):
            if chunk and len(page) <= limit:
                page += [c for c in _listed_by_id(chunk) if policy.can_read_conversation(actor, c)]
        page = sorted(page, key=lambda c: (c.last_activity_at, c.pk), reverse=True)[: limit + 1]
        if with_tags:
            prefetch_related_objects(page, _tags())
    else:
        page = list(followed().filter(after).order_by(*newest)[: limit + 1])
    next_cursor = None
    if len(page) > limit:
        last = page[limit - 1]
        next_cursor = _encode_cursor(last.last_activity_at, last.pk)
    return page[:limit], next_cursor


def tag_visible_q(actor: Actor, tag_ref: str = "pk") -> Q:
    """Tags the actor may know of: used on a conversation or a library document they
    may read, or suggested by a space whose content they may read.

    A tag is made by its first use, so its existence says something was written
    with it: a tag used only where the actor may not read is, for them, no tag at
    all (the same answers as one that never existed), whatever they follow.
    ``tag_ref`` names the tag's id in the filtered rows ("tag_id" for a follow).
    """
    tag = OuterRef(tag_ref)
    conversations = Conversation.objects.visible_to(actor).filter(tags=tag, removed_at__isnull=True)
    documents = Document.objects.visible_to(actor).filter(tags=tag)
    suggested = SuggestedTag.objects.filter(policy.space_content_q(actor, "space"), tag=tag)
    return Q(Exists(conversations)) | Q(Exists(documents)) | Q(Exists(suggested))


def tag_get(*, actor: Actor, slug: str) -> Tag:
    """The tag, or NotFound for one that does not exist and for one the actor may
    not know of (``tag_visible_q``) alike."""
    tag = Tag.objects.filter(tag_visible_q(actor), slug=slug).first()
    if tag is None:
        raise NotFound("No such tag.")
    return tag


def tag_suggestions(*, actor: Actor, space, limit: int = 20) -> list[str]:
    """The tags a space suggests: those its leaders chose, in their order, then the
    most used ones, for the tag field's suggestions."""
    from django.db.models import Count

    policy.require_read_space(actor, space)
    curated = curated_tags(space=space)
    popular = (
        Tag.objects.filter(conversations__space=space)
        .exclude(slug__in=curated)
        .annotate(uses=Count("conversations"))
        .order_by("-uses", "name")
        .values_list("slug", flat=True)[:limit]
    )
    return [*curated, *popular]


def curated_tags(*, space) -> list[str]:
    """The tags chosen by the space's leaders and facilitators, in their order."""
    return list(
        SuggestedTag.objects.filter(space=space)
        .order_by("position", "id")
        .values_list("tag__slug", flat=True)
    )


FOLLOW_KINDS = ("space", "conversation", "tag")


def follow_list(*, actor: Actor, kind: str) -> QuerySet:
    """What the actor follows of one kind ("space", "conversation" or "tag"), newest
    first, with what each points to.

    Spaces and conversations the actor may no longer read, and tags they may no
    longer know of, are left out: a follow never reveals what the policy hides.
    """
    if kind not in FOLLOW_KINDS:
        raise Invalid("Follows are of spaces, conversations or tags.", field="kind")
    rows = Follow.objects.filter(user_id=actor.user_id, **{f"{kind}__isnull": False})
    if kind == "space":
        rows = rows.filter(policy.space_content_q(actor, "space")).select_related("space")
    elif kind == "conversation":
        rows = rows.filter(policy.space_content_q(actor, "conversation__space")).select_related(
            "conversation", "conversation__space"
        )
    else:
        rows = rows.filter(tag_visible_q(actor, "tag_id")).select_related("tag")
    return rows.order_by("-created_at", "-id")


def follow_get(*, actor: Actor, follow_id: int) -> Follow:
    """One of the actor's own follows, with what it points to; NotFound otherwise, and
    for a follow of a tag the actor may no longer know of."""
    follow = (
        Follow.objects.select_related("space", "conversation", "conversation__space", "tag")
        .filter(
            Q(tag__isnull=True) | tag_visible_q(actor, "tag_id"),
            pk=follow_id,
            user_id=actor.user_id,
        )
        .first()
    )
    if follow is None:
        raise NotFound("You do not follow that.")
    return follow


def space_follow_level_annotation(user_id: int) -> Subquery:
    """For ``space_get``: the reader's follow level of each space (None without one),
    read with the space."""
    return _viewer_follow_level(user_id, "space")


def likers(
    *, actor: Actor, conversation: Conversation | None = None, reply: Reply | None = None
) -> QuerySet:
    """Who liked a conversation or a reply, most recent first, through the policy."""
    policy.require_read_conversation(actor, reply.conversation if reply else conversation)
    rows = (
        Like.objects.filter(reply=reply)
        if reply
        else Like.objects.filter(conversation=conversation, reply__isnull=True)
    )
    return rows.select_related("user").order_by("-created_at", "-id")
