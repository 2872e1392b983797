"""Property: no conversation of a restricted or private space reaches a non-member,
through any page or endpoint, and members of a space see all of its conversations.

Hypothesis draws an organisation — people with organisation roles, spaces of
every visibility, memberships and invitations — then conversations and
questions (with tags and mentions), replies (with mentions), likes, accepted
answers, members removed and spaces changing visibility after the fact, some
replies coming after those changes. Every title, body and reply carries a unique
marker word, so a leak is a plain substring search. Then every person asks every
surface.

Who may read what is worked out here from the rows (open space, or a
membership), not by asking ``hearth.access.policy``, so the test checks the
policy instead of repeating it.

Surfaces that are not built yet (the route itself does not resolve) are skipped
one by one; ``test_every_conversation_surface_exists`` lists them.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from string import ascii_lowercase

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from hearth.access.actor import Actor
from hearth.conversations import services
from hearth.conversations.models import Conversation, Follow, Reply
from hearth.core.errors import HearthError
from hearth.notifications.models import Notification
from hearth.spaces.models import Invitation, Membership, Space
from hearth.spaces.services import member_remove, space_update
from tests.factories import token_make

VISIBILITIES = ["open", "restricted", "private"]
ROLES = ["leader", "facilitator", "member", "member"]
ORG_ROLES = ["employee", "employee", "admin", "director", "unit_leader"]
TAGS = ["planning", "safety", "travel"]
# About 20 s at 15; HEARTH_PROPERTY_EXAMPLES=200 explores further before a release.
EXAMPLES = int(os.environ.get("HEARTH_PROPERTY_EXAMPLES", "15"))

# Every surface, with a sample path to test whether its route exists yet.
PAGE_SURFACES = {
    "conversation page": "/c/1/",
    "conversation history": "/c/1/history/",
    "conversation edit": "/c/1/edit/",
    "reply edit": "/r/1/edit/",
    "space conversations": "/s/sample/conversations/",
    "home feed": "/",
    "unanswered questions": "/questions/unanswered/",
    "tag page": "/tags/sample/",
    "notifications": "/notifications/",
    "search": "/search/",
    "who liked": "/c/1/likes/",
    "reply history": "/r/1/history/",
    "following": "/following/",
}
API_SURFACES = {
    "api conversation": "/api/v1/conversations/1",
    "api replies": "/api/v1/conversations/1/replies",
    "api space conversations": "/api/v1/spaces/sample/conversations",
    "api feed": "/api/v1/feed",
    "api search": "/api/v1/search",
    "api notifications": "/api/v1/notifications",
    "api unanswered": "/api/v1/questions/unanswered",
    "api who liked": "/api/v1/conversations/1/likes",
    "api reply likers": "/api/v1/replies/1/likes",
    "api following": "/api/v1/following",
    "api space tags": "/api/v1/spaces/sample/tags",
}


def missing_surfaces() -> dict[str, str]:
    """Surfaces whose route does not resolve, name → sample path."""
    missing = {}
    for name, path in {**PAGE_SURFACES, **API_SURFACES}.items():
        try:
            resolve(path)
        except Resolver404:
            missing[name] = path
    return missing


def test_every_conversation_surface_exists():
    missing = missing_surfaces()
    if missing:
        pytest.skip(
            "not built yet, so not checked by the property below: "
            + ", ".join(f"{name} ({path})" for name, path in missing.items())
        )


# -- The organisation Hypothesis draws ----------------------------------------------

person_i, space_i, conv_i = st.integers(0, 3), st.integers(0, 2), st.integers(0, 4)
organisations = st.fixed_dictionaries(
    {
        "people": st.lists(st.sampled_from(ORG_ROLES), min_size=2, max_size=4),
        "spaces": st.lists(st.sampled_from(VISIBILITIES), min_size=1, max_size=3),
        "links": st.lists(
            st.tuples(person_i, space_i, st.sampled_from([*ROLES, "invited"])), max_size=8
        ),
        "conversations": st.lists(
            st.tuples(
                space_i,
                person_i,
                st.sampled_from(["discussion", "question"]),
                st.sets(st.sampled_from(TAGS), max_size=2),
                st.none() | person_i,
            ),
            min_size=1,
            max_size=5,
        ),
        "replies": st.lists(
            st.tuples(conv_i, person_i, st.none() | person_i, st.booleans()), max_size=5
        ),
        "likes": st.lists(st.tuples(person_i, conv_i), max_size=3),
        "accepts": st.lists(st.integers(0, 4), max_size=2),
        "removals": st.lists(st.tuples(person_i, space_i), max_size=3),
        # A space may change visibility once its conversations exist.
        "changes": st.lists(st.tuples(space_i, st.sampled_from(VISIBILITIES)), max_size=2),
    }
)


def marker(kind: str, n: int) -> str:
    """A word found nowhere else: fixed length, so no marker contains another."""
    return f"zq{kind}{ascii_lowercase[n // 26]}{ascii_lowercase[n % 26]}"


@dataclass
class Drawn:
    conversation: Conversation
    title_marker: str
    markers: list[str] = field(default_factory=list)  # title, body, replies
    reply_ids: list[int] = field(default_factory=list)

    @property
    def space(self) -> Space:
        return self.conversation.space


def _build(org) -> tuple[list, list[Space], list[Drawn]]:
    from hearth.people.models import BusinessUnit

    User = get_user_model()
    # One business unit: the even spaces are in it, and the unit leaders lead it.
    unit = BusinessUnit.objects.create(name="The unit", slug="the-unit")
    people = [
        User.objects.create_user(
            username=f"u{i}",
            display_name=f"Person {i}",
            org_role=role,
            email=f"u{i}@example.org",
            business_unit=unit if role == "unit_leader" else None,
        )
        for i, role in enumerate(org["people"])
    ]
    steward = User.objects.create_user(
        username="steward", display_name="Steward", org_role="admin", email="steward@example.org"
    )
    spaces = [
        Space.objects.create(
            name=f"Space {i}",
            slug=f"space-{i}",
            visibility=v,
            description=f"About space {i}.",
            business_unit=unit if i % 2 == 0 else None,
        )
        for i, v in enumerate(org["spaces"])
    ]

    def pick(items, i):
        return items[i % len(items)]

    def member_of(space, person) -> bool:
        return Membership.objects.filter(space=space, user=person).exists()

    def join(space, person, role="member"):
        Membership.objects.create(space=space, user=person, role=role)
        Space.objects.filter(pk=space.pk).update(member_count=space.memberships.count())

    for p, s, role in org["links"]:
        person, space = pick(people, p), pick(spaces, s)
        if member_of(space, person) or Invitation.objects.filter(space=space, user=person).exists():
            continue
        if role == "invited":
            Invitation.objects.create(space=space, user=person, role="member")
        else:
            join(space, person, role)

    drawn: list[Drawn] = []
    counter = iter(range(10_000))
    for s, a, kind, tags, mention in org["conversations"]:
        space, author = pick(spaces, s), pick(people, a)
        if not member_of(space, author):
            join(space, author, "leader" if not space.memberships.exists() else "member")
        title, body = marker("title", next(counter)), marker("body", next(counter))
        text = f"Please read {body}."
        if mention is not None:
            text += f" What do you think, @{pick(people, mention).username}?"
        conversation, _ = services.conversation_create(
            actor=Actor.for_user(author),
            space=space,
            kind=kind,
            title=f"About {title} today",
            body=text,
            tags=sorted(tags),
        )
        drawn.append(Drawn(conversation, title, [title, body]))

    def fresh(target: Drawn) -> Conversation:
        # As a request would load it: the space as it is now, not when it was drawn.
        return Conversation.objects.select_related("space", "author").get(pk=target.conversation.pk)

    def reply(entry):
        c, a, mention, _ = entry
        target = pick(drawn, c)
        author = pick(people, a)
        text = marker("reply", next(counter))
        body = f"My answer: {text}." + (
            f" Thanks @{pick(people, mention).username}." if mention is not None else ""
        )
        try:
            written, _ = services.reply_create(
                actor=Actor.for_user(author), conversation=fresh(target), body=body
            )
        except HearthError:
            return  # not a member (any more): nothing was written
        target.markers.append(text)
        target.reply_ids.append(written.pk)

    for entry in org["replies"]:
        if not entry[3]:
            reply(entry)
    for p, c in org["likes"]:
        with contextlib.suppress(HearthError):  # not a reader, or a second like
            services.like_add(
                actor=Actor.for_user(pick(people, p)), conversation=fresh(pick(drawn, c))
            )
    for c in org["accepts"]:
        conversation = fresh(pick(drawn, c))
        first = Reply.objects.filter(conversation=conversation).first()
        if first is None or conversation.author is None:
            continue
        with contextlib.suppress(HearthError):  # the asker left the space
            services.reply_accept(actor=Actor.for_user(conversation.author), reply=first)
    for p, s in org["removals"]:
        person, space = pick(people, p), pick(spaces, s)
        if member_of(space, person):
            with contextlib.suppress(HearthError):  # the last leader stays
                member_remove(actor=Actor.for_user(steward), space=space, user_id=person.pk)
    for s, visibility in org["changes"]:
        space = pick(spaces, s)
        space_update(
            actor=Actor.for_user(steward),
            space=space,
            name=space.name,
            description=space.description,
            visibility=visibility,
        )
    for entry in org["replies"]:
        if entry[3]:
            reply(entry)
    for space in spaces:
        space.refresh_from_db()
    for d in drawn:
        d.conversation.refresh_from_db()
    return people, spaces, drawn


# -- What a person may read, from the rows ------------------------------------------


def can_read(viewer, space) -> bool:
    return (
        space.visibility == "open" or Membership.objects.filter(space=space, user=viewer).exists()
    )


def is_member(viewer, space) -> bool:
    return Membership.objects.filter(space=space, user=viewer).exists()


def refused_status(viewer, space) -> int:
    """404 where the person may not know the space exists, 403 where they may.
    Admins and directors know every space, a unit leader their unit's (they
    administer them) — but read them only as members."""
    in_unit = (
        viewer.org_role == "unit_leader"
        and viewer.business_unit_id is not None
        and viewer.business_unit_id == space.business_unit_id
    )
    knows = (
        space.visibility != "private"
        or viewer.is_superuser
        or viewer.org_role in ("admin", "director")
        or in_unit
        or Invitation.objects.filter(space=space, user=viewer, status="pending").exists()
    )
    return 403 if knows else 404


def found(content: bytes, markers: list[str]) -> list[str]:
    return [m for m in markers if m.encode() in content]


BELL = re.compile(rb'aria-label="Notifications, (\d+) unread"')


class ConversationVisibilityProperty(TestCase):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(organisations)
    def test_non_members_never_see_a_conversation_and_members_see_all(self, org):
        people, spaces, drawn = _build(org)
        missing = missing_surfaces()
        for viewer in people:
            viewer.refresh_from_db()
            page = Client()
            page.force_login(viewer)
            api = Client(headers={"Authorization": f"Bearer {token_make(user=viewer)}"})
            Check(viewer, page, api, spaces, drawn, missing).run()

    # No shrinking (minutes per failure): MentionedThenRemoved below is the
    # smallest case already.
    @settings(
        max_examples=max(8, EXAMPLES // 2),
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(organisations)
    def test_the_bell_counts_only_what_the_person_may_still_open(self, org):
        people, spaces, drawn = _build(org)
        for viewer in people:
            page = Client()
            page.force_login(viewer)
            hidden_ids = {d.conversation.pk for d in drawn if not can_read(viewer, d.space)}
            unread = Notification.objects.filter(recipient=viewer, read_at=None)
            visible_unread = sum(
                1 for c in unread.values_list("conversation_id", flat=True) if c not in hidden_ids
            )
            bell = BELL.search(page.get("/notifications/").content)
            shown = int(bell.group(1)) if bell else 0
            # At most: a count of what they may not open is the leak. (A space
            # that opens again can leave the bell short; that is no leak.)
            assert shown <= visible_unread, (
                f"COUNT LEAK: the bell of {viewer.username} says {shown} unread, but only "
                f"{visible_unread} are about things they may still read"
            )


class Check:
    """Every surface, as one person."""

    def __init__(self, viewer, page, api, spaces, drawn, missing):
        self.viewer, self.page, self.api = viewer, page, api
        self.spaces, self.drawn, self.missing = spaces, drawn, missing
        self.readable = [d for d in drawn if can_read(viewer, d.space)]
        self.hidden = [d for d in drawn if not can_read(viewer, d.space)]
        self.hidden_markers = [m for d in self.hidden for m in d.markers]

    def has(self, surface: str) -> bool:
        return surface not in self.missing

    def get(self, client, url: str, *, surface: str, status: set[int] | None = None):
        response = client.get(url)
        who = f"{self.viewer.username} ({self.viewer.org_role})"
        if status is not None:
            assert response.status_code in status, (surface, url, who, response.status_code)
        leaked = found(response.content, self.hidden_markers)
        assert not leaked, f"LEAK on {surface} {url} to {who}: {leaked}"
        return response

    def shows(self, response, marker: str, surface: str, url: str) -> None:
        assert marker.encode() in response.content, (
            f"{self.viewer.username} misses {marker} on {surface} {url}"
        )

    def run(self) -> None:
        self.conversation_pages()
        self.space_lists()
        self.listings()
        self.tag_pages()
        self.notifications()
        self.search()

    def conversation_pages(self) -> None:
        for d in self.drawn:
            pk, readable = d.conversation.pk, d in self.readable
            expected = {200} if readable else {refused_status(self.viewer, d.space)}
            if self.has("conversation page"):
                url = f"/c/{pk}/"
                response = self.get(self.page, url, surface="conversation page", status=expected)
                for m in d.markers if readable else []:
                    self.shows(response, m, "conversation page", url)
            if self.has("conversation history"):
                url = f"/c/{pk}/history/"
                response = self.get(self.page, url, surface="conversation history", status=expected)
                if readable:
                    self.shows(response, d.title_marker, "conversation history", url)
            # Edit forms hold the text: refused as the page is, or 403 to a reader
            # who did not write it (and is no facilitator).
            edits = [("conversation edit", f"/c/{pk}/edit/")]
            edits += [("reply edit", f"/r/{r}/edit/") for r in d.reply_ids[:1]]
            for surface, url in edits:
                if self.has(surface):
                    self.get(
                        self.page, url, surface=surface, status={200, 403} if readable else expected
                    )
            api_expected = expected if readable or 404 in expected else {403, 404}
            if self.has("api conversation"):
                url = f"/api/v1/conversations/{pk}"
                response = self.get(self.api, url, surface="api conversation", status=api_expected)
                if readable:
                    self.shows(response, d.title_marker, "api conversation", url)
            if self.has("api replies"):
                url = f"/api/v1/conversations/{pk}/replies?limit=100"
                response = self.get(self.api, url, surface="api replies", status=api_expected)
                for m in d.markers[2:] if readable else []:
                    self.shows(response, m, "api replies", url)
            # Who liked, and a reply's history: refused as the conversation is.
            pages = [
                ("who liked", self.page, f"/c/{pk}/likes/", expected),
                ("api who liked", self.api, f"/api/v1/conversations/{pk}/likes", api_expected),
            ]
            for r in d.reply_ids[:1]:
                pages += [
                    ("reply history", self.page, f"/r/{r}/history/", expected),
                    ("api reply likers", self.api, f"/api/v1/replies/{r}/likes", api_expected),
                ]
            for surface, client, url, status in pages:
                if self.has(surface):
                    response = self.get(client, url, surface=surface, status=status)
                    if readable and surface == "who liked":
                        self.shows(response, d.title_marker, surface, url)

    def space_lists(self) -> None:
        for space in self.spaces:
            readable = can_read(self.viewer, space)
            expected = {200} if readable else {refused_status(self.viewer, space)}
            titles = [
                d.title_marker
                for d in self.readable
                if d.space.pk == space.pk and not d.conversation.removed_at
            ]
            if self.has("space conversations"):
                url = f"/s/{space.slug}/conversations/"
                response = self.get(self.page, url, surface="space conversations", status=expected)
                for m in titles:
                    self.shows(response, m, "space conversations", url)
            api_expected = expected if readable or 404 in expected else {403, 404}
            if self.has("api space conversations"):
                url = f"/api/v1/spaces/{space.slug}/conversations?limit=100"
                response = self.get(
                    self.api, url, surface="api space conversations", status=api_expected
                )
                for m in titles:
                    self.shows(response, m, "api space conversations", url)
            if self.has("api space tags"):
                self.get(
                    self.api,
                    f"/api/v1/spaces/{space.slug}/tags",
                    surface="api space tags",
                    status=api_expected,
                )

    def listings(self) -> None:
        in_feed = [d.title_marker for d in self.readable if is_member(self.viewer, d.space)]
        unanswered = [
            d.title_marker
            for d in self.readable
            if d.conversation.kind == "question" and not d.conversation.accepted_reply_id
        ]
        followed = set(
            Follow.objects.filter(user=self.viewer, conversation__isnull=False).values_list(
                "conversation_id", flat=True
            )
        )
        following = [d.title_marker for d in self.readable if d.conversation.pk in followed]
        for surface, client, url, wanted in [
            ("following", self.page, "/following/", following),
            ("api following", self.api, "/api/v1/following?kind=conversation&limit=100", following),
            ("home feed", self.page, "/", in_feed),
            ("api feed", self.api, "/api/v1/feed?limit=50", in_feed),
            ("unanswered questions", self.page, "/questions/unanswered/", unanswered),
            ("api unanswered", self.api, "/api/v1/questions/unanswered?limit=100", unanswered),
        ]:
            if self.has(surface):
                response = self.get(client, url, surface=surface, status={200})
                for m in wanted:
                    self.shows(response, m, surface, url)

    def tag_pages(self) -> None:
        if not self.has("tag page"):
            return
        for slug in TAGS:
            url = f"/tags/{slug}/"
            used = [d for d in self.drawn if d.conversation.tags.filter(slug=slug).exists()]
            # A tag with nothing the viewer may read is not confirmed to exist (404).
            listed = [
                d
                for d in used
                if d in self.readable
                and Conversation.objects.filter(
                    pk=d.conversation.pk, removed_at__isnull=True
                ).exists()
            ]
            response = self.get(
                self.page, url, surface="tag page", status={200} if listed else {200, 404}
            )
            for d in used:
                if d in self.readable:
                    self.shows(response, d.title_marker, "tag page", url)

    def notifications(self) -> None:
        notified = set(
            Notification.objects.filter(recipient=self.viewer)
            .exclude(conversation=None)
            .values_list("conversation_id", flat=True)
        )
        wanted = [d.title_marker for d in self.readable if d.conversation.pk in notified]
        for surface, client, url in [
            ("notifications", self.page, "/notifications/"),
            ("api notifications", self.api, "/api/v1/notifications?limit=100"),
        ]:
            if self.has(surface):
                response = self.get(client, url, surface=surface, status={200})
                for m in wanted:
                    self.shows(response, m, surface, url)

    def search(self) -> None:
        if self.has("search"):
            for d in self.drawn:
                readable = d in self.readable and not d.conversation.removed_at
                for q in [d.title_marker] if readable else d.markers[:3]:
                    url = f"/search/?q={q}"
                    response = self.page.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    content = response.content.replace(q.encode(), b"")
                    leaked = found(content, self.hidden_markers)
                    assert not leaked, f"LEAK on search {url} to {self.viewer}: {leaked}"
                    if readable:
                        assert response.content.count(q.encode()) > search_echoes(self.page), (
                            f"{self.viewer} does not find {q}"
                        )
                    else:
                        assert search_page_as_if_nothing_matched(self.page, q), (
                            f"LEAK (a hit or a count) on search {url} to {self.viewer}"
                        )
        if self.has("api search"):
            for d in self.drawn:
                readable = d in self.readable and not d.conversation.removed_at
                for q in [d.title_marker] if readable else d.markers[:3]:
                    url = f"/api/v1/search?q={q}&limit=50"
                    response = self.get(self.api, url, surface="api search", status={200})
                    count = response.json()["count"]
                    if readable:
                        self.shows(response, q, "api search", url)
                    else:
                        assert count == 0, f"COUNT LEAK on {url} to {self.viewer}: {count}"


UNUSED_WORD = "zqnothingz"
_CSRF = re.compile(rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def _search_page(client, q: str) -> bytes:
    """The search page for ``q``, with the query and the per-response tokens blanked."""
    response = client.get(f"/search/?q={q}")
    return _CSRF.sub(rb"\1", response.content.replace(q.encode(), b"QUERY"))


def search_echoes(client) -> int:
    """How often the search page repeats a query that matches nothing."""
    return _search_page(client, UNUSED_WORD).count(b"QUERY")


def search_page_as_if_nothing_matched(client, q: str) -> bool:
    """The page for ``q`` is the page for a word found nowhere: no hit, no count."""
    return _search_page(client, q) == _search_page(client, UNUSED_WORD)


# -- The scenario that matters most, spelled out --------------------------------------


class MentionedThenRemoved(TestCase):
    """Ada is mentioned in a restricted space's question, replies, is thanked, and
    is removed from the space; the conversation goes on without her."""

    SECRETS = ["zqsecretaa", "zqsecretab", "zqsecretac", "zqsecretad", "zqsecretae"]

    def setUp(self):
        from tests.factories import membership_make, person_make, space_make

        leader, self.ada = person_make(username="lead"), person_make(username="ada")
        self.space = space_make(visibility="restricted", leader=leader)
        membership_make(space=self.space, user=self.ada)
        self.conversation, _ = services.conversation_create(
            actor=Actor.for_user(leader),
            space=self.space,
            kind="question",
            title="About zqsecretaa budget",
            body="Numbers: zqsecretab. @ada?",
        )
        services.reply_create(
            actor=Actor.for_user(self.ada),
            conversation=self.conversation,
            body="Looking, zqsecretac.",
        )
        services.reply_create(
            actor=Actor.for_user(leader),
            conversation=self.conversation,
            body="Thanks @ada, zqsecretad.",
        )
        assert (
            Notification.objects.filter(recipient=self.ada, conversation=self.conversation).count()
            == 2
        )
        member_remove(actor=Actor.for_user(leader), space=self.space, user_id=self.ada.pk)
        services.reply_create(
            actor=Actor.for_user(leader), conversation=self.conversation, body="Later, zqsecretae."
        )
        self.page = Client()
        self.page.force_login(self.ada)

    def test_she_sees_nothing_of_the_conversation_anywhere(self):
        api = Client(headers={"Authorization": f"Bearer {token_make(user=self.ada)}"})
        pk, slug = self.conversation.pk, self.space.slug
        urls = [
            (self.page, "/"),
            (self.page, "/notifications/"),
            (self.page, "/questions/unanswered/"),
            (self.page, f"/c/{pk}/"),
            (self.page, f"/s/{slug}/conversations/"),
            (api, "/api/v1/notifications"),
            (api, "/api/v1/feed"),
            (api, "/api/v1/search?q=zqsecretaa"),
            (api, f"/api/v1/conversations/{pk}"),
            (api, "/api/v1/questions/unanswered"),
        ]
        leaks = []
        for client, url in urls:
            try:
                resolve(url.split("?")[0])
            except Resolver404:
                continue  # not built yet: test_every_conversation_surface_exists says so
            leaks += [(url, m) for m in found(client.get(url).content, self.SECRETS)]
        assert not leaks, f"LEAK to a removed member: {leaks}"
        if "search" not in missing_surfaces():
            for q in self.SECRETS:
                assert search_page_as_if_nothing_matched(self.page, q), q

    def test_her_bell_no_longer_counts_the_conversation(self):
        # Two notifications about the question are unread, and she may open
        # neither now; only "you were removed" is left for her.
        bell = BELL.search(self.page.get("/").content)
        visible = Notification.objects.filter(
            recipient=self.ada, read_at=None, conversation=None
        ).count()
        assert visible == 1
        assert (int(bell.group(1)) if bell else 0) == visible, (
            "COUNT LEAK: the bell counts notifications about a space she was removed from"
        )
