"""Property: hidden items and sanctions hold on every surface, for every person.

Hypothesis draws spaces with members of every role, conversations and replies by
random authors, some hidden pending review, and sanctions (a silence in a space or
platform-wide, a ban, a suspension). Then, as every person:

- a hidden item reaches only its author and the space's moderators, through the
  conversation page, its API, the space's list, the feed, search and notifications;
- a silenced or banned person can post nowhere they are silenced, by page or API;
- a suspended person's session and token are refused.
"""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from hearth.conversations.models import Conversation, Reply
from hearth.moderation.models import Sanction
from hearth.moderation.services.sanction import _refresh_person_flags
from hearth.notifications.models import Notification
from hearth.search.services import search_index_post
from hearth.spaces.models import Membership, Space
from tests.factories import token_make

VISIBILITIES = ["open", "restricted", "private"]
ROLES = ["leader", "facilitator", "member", "member", None]
SANCTIONS = [None, None, "silence-space", "silence-platform", "ban", "suspension"]

organisations = st.fixed_dictionaries(
    {
        "spaces": st.lists(st.sampled_from(VISIBILITIES), min_size=1, max_size=2),
        "roles": st.lists(
            st.lists(st.sampled_from(ROLES), min_size=2, max_size=2), min_size=3, max_size=5
        ),
        "posts": st.lists(
            st.tuples(st.integers(0, 4), st.integers(0, 1), st.booleans(), st.booleans()),
            min_size=1,
            max_size=4,
        ),
        "sanctions": st.lists(st.sampled_from(SANCTIONS), min_size=5, max_size=5),
    }
)


def _moderates(person, space) -> bool:
    return Membership.objects.filter(
        space=space, user=person, role__in=["leader", "facilitator"]
    ).exists()


class ModerationProperty(TestCase):
    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(organisations)
    def test_hidden_items_and_sanctions_hold_everywhere(self, org):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        people = [
            User.objects.create_user(
                username=f"m{i}", email=f"m{i}@example.org", display_name=f"Person {i}"
            )
            for i in range(len(org["roles"]))
        ]
        spaces = [
            Space.objects.create(name=f"Space {i}", slug=f"sp-{i}", visibility=v)
            for i, v in enumerate(org["spaces"])
        ]
        for person, roles in zip(people, org["roles"], strict=True):
            for space, role in zip(spaces, roles, strict=False):
                if role:
                    Membership.objects.create(space=space, user=person, role=role)
        now = timezone.now()
        items = []
        for n, (author_i, space_i, hidden, is_reply) in enumerate(org["posts"]):
            author = people[author_i % len(people)]
            space = spaces[space_i % len(spaces)]
            conversation = Conversation.objects.create(
                space=space,
                kind="discussion",
                title=f"Topic {n} title",
                body=f"Marker-conv-{n}",
                body_html=f"<p>Marker-conv-{n}</p>",
                author=author,
                created_at=now,
                last_activity_at=now,
                hidden_at=now if hidden and not is_reply else None,
            )
            search_index_post(conversation)
            item = conversation
            if is_reply:
                item = Reply.objects.create(
                    conversation=conversation,
                    author=author,
                    body=f"Marker-reply-{n}",
                    body_html=f"<p>Marker-reply-{n}</p>",
                    created_at=now,
                    hidden_at=now if hidden else None,
                )
                search_index_post(item)
            for person in people:
                Notification.objects.create(
                    recipient=person,
                    kind="reply",
                    text=f"N{n}",
                    conversation=conversation,
                    space=space,
                )
            items.append((item, conversation, space, author))
        for person, kind in zip(people, org["sanctions"], strict=False):
            if kind is None:
                continue
            space = spaces[0] if kind in ("silence-space", "ban") else None
            Sanction.objects.create(
                person=person,
                space=space,
                kind=kind.split("-")[0],
                reason="Because",
                ends_at=now + timedelta(days=1),
            )
            if kind == "ban":
                Membership.objects.filter(space=space, user=person).delete()
            _refresh_person_flags(person)

        for viewer in people:
            viewer.refresh_from_db()
            page, api = (
                Client(),
                Client(headers={"Authorization": f"Bearer {token_make(user=viewer)}"}),
            )
            page.force_login(viewer)
            if viewer.suspended_until:
                self.check_suspended(page, api)
                continue
            self.check_hidden(viewer, page, api, items)
            self.check_posting(viewer, page, api, spaces, items)

    def check_suspended(self, page, api):
        assert page.get("/").status_code == 403
        assert page.get("/").status_code == 302  # signed out
        assert api.get("/api/v1/me").status_code == 401

    def check_hidden(self, viewer, page, api, items):
        feed = page.get("/").content
        api_feed = api.get("/api/v1/feed?limit=50").content
        bell = page.get("/notifications/").content
        for item, conversation, space, author in items:
            marker = item.body.encode()
            readable = (
                space.visibility == "open"
                or Membership.objects.filter(space=space, user=viewer).exists()
            )
            hidden = item.hidden_at is not None or conversation.hidden_at is not None
            sees_hidden = (
                _moderates(viewer, space)
                or viewer.pk == author.pk
                or (
                    conversation.hidden_at is not None
                    and viewer.pk == conversation.author_id
                    and item is conversation
                )
            )
            if not readable or (hidden and not sees_hidden):
                response = page.get(f"/c/{conversation.pk}/")
                assert marker not in response.content, (viewer, item)
                response = api.get(f"/api/v1/conversations/{conversation.pk}/replies")
                assert marker not in response.content, (viewer, item)
                response = api.get(f"/api/v1/conversations/{conversation.pk}")
                assert marker not in response.content, (viewer, item)
                # The query itself is echoed in the search box: look for the result link.
                found = page.get(f"/search/?q={item.body}").content
                assert f'href="/c/{conversation.pk}/'.encode() not in found, (viewer, item)
                assert conversation.title.encode() not in feed or not conversation.hidden_at
                if conversation.hidden_at:
                    assert conversation.title.encode() not in api_feed, (viewer, item)
                    assert (
                        f"/c/{conversation.pk}/".encode()
                        not in page.get(f"/s/{space.slug}/conversations/").content
                    )
                    assert (
                        b">N"
                        + str(items.index((item, conversation, space, author))).encode()
                        + b"<"
                        not in bell
                    )
            elif hidden:
                response = page.get(f"/c/{conversation.pk}/")
                assert response.status_code == 200 and marker in response.content
                assert b"Hidden pending review" in response.content

    def check_posting(self, viewer, page, api, spaces, items):
        for space in spaces:
            member = Membership.objects.filter(space=space, user=viewer).exists()
            restricted = (
                Sanction.objects.filter(person=viewer, kind__in=["silence", "ban"])
                .filter(space__in=[None, space])
                .exists()
                or Sanction.objects.filter(
                    person=viewer, kind="silence", space__isnull=True
                ).exists()
            )
            before = Conversation.objects.count()
            response = api.post(
                f"/api/v1/spaces/{space.slug}/conversations",
                {"kind": "discussion", "title": "Trying to post", "body": "Hello"},
                content_type="application/json",
            )
            if restricted or not member:
                assert response.status_code in (403, 404), (viewer, space, response.content)
                assert Conversation.objects.count() == before
                form = page.post(
                    f"/s/{space.slug}/conversations/new/",
                    {"kind": "discussion", "title": "Trying to post", "body": "Hello"},
                )
                assert form.status_code in (403, 404)
                assert Conversation.objects.count() == before
            else:
                assert response.status_code == 201, (viewer, space, response.content)
        for _item, conversation, space, _author in items:
            if conversation.hidden_at or conversation.removed_at:
                continue
            restricted = (
                Sanction.objects.filter(
                    person=viewer, kind__in=["silence", "ban"], space=space
                ).exists()
                or Sanction.objects.filter(
                    person=viewer, kind="silence", space__isnull=True
                ).exists()
            )
            if restricted:
                before = Reply.objects.count()
                response = api.post(
                    f"/api/v1/conversations/{conversation.pk}/replies",
                    {"body": "Let me in"},
                    content_type="application/json",
                )
                assert response.status_code in (403, 404)
                response = page.post(f"/c/{conversation.pk}/replies/", {"body": "Let me in"})
                assert response.status_code in (403, 404)
                assert Reply.objects.count() == before
