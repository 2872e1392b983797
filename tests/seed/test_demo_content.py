"""The demo's conversations: realistic, consistent, exact counters, a rerun adds nothing."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from hearth.conversations.models import Conversation, Follow, Like, Reply
from hearth.notifications.models import Notification
from hearth.people.models import User
from hearth.seed.demo import SPACES
from hearth.seed.demo_posts import LIVE_STEPS, POSTS
from hearth.spaces.models import Membership, Space

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_seeded):
    return demo_seeded


def content_snapshot() -> dict:
    return {
        "conversations": sorted(
            Conversation.objects.values_list(
                "space_id",
                "title",
                "author_id",
                "created_at",
                "last_activity_at",
                "first_reply_at",
                "reply_count",
                "like_count",
                "accepted_reply_id",
            )
        ),
        "replies": sorted(Reply.objects.values_list("id", "author_id", "created_at", "like_count")),
        "likes": Like.objects.count(),
        "follows": Follow.objects.count(),
        "notifications": Notification.objects.count(),
    }


def test_every_space_talks_about_its_topic_more_in_the_busy_ones(demo):
    counts = dict(Space.objects.annotate(n=Count("conversations")).values_list("slug", "n"))
    assert set(counts) == {s.slug for s in SPACES}
    assert all(8 <= n <= 25 for n in counts.values()), counts
    by_size = sorted(SPACES, key=lambda s: -s.size)
    assert counts[by_size[0].slug] > counts[by_size[-1].slug]
    total = sum(len(posts) for posts in POSTS.values()) + sum(
        1 for step in LIVE_STEPS if step[1] == "post"
    )
    assert sum(counts.values()) == total


def test_texts_are_markdown_rendered_and_never_placeholder(demo):
    conversations = Conversation.objects.all()
    assert not conversations.filter(Q(body__icontains="lorem") | Q(body_html="")).exists()
    assert not Reply.objects.filter(Q(body__icontains="lorem") | Q(body_html="")).exists()
    assert not Reply.objects.filter(body__contains="{").exclude(body__contains="```").exists()
    assert conversations.filter(body_html__contains="<table>").exists()
    assert conversations.filter(body_html__contains="<ul>").exists()
    assert conversations.filter(body_html__contains="<ol>").exists()
    assert conversations.filter(body_html__contains='<a href="https://').exists()
    data = conversations.filter(space__slug="data-analytics")
    assert data.filter(body_html__contains="<pre><code").exists()
    assert len(set(conversations.values_list("title", flat=True))) == conversations.count()


def test_mentions_name_real_members_and_are_linked(demo):
    mentioned = Reply.objects.filter(body_html__contains='class="mention"')
    assert mentioned.count() >= 5
    assert Conversation.objects.filter(body_html__contains='class="mention"').exists()
    usernames = set(User.objects.values_list("username", flat=True))
    for reply in mentioned:
        for name in reply.body_html.split('href="/people/')[1:]:
            assert name.split("/")[0] in usernames


def test_counters_and_dates_are_consistent(demo):
    now = timezone.now()
    rows = Conversation.objects.annotate(
        replies_n=Count("replies", distinct=True),
        likes_n=Count("likes", distinct=True),
        first_other=Min("replies__created_at", filter=~Q(replies__author_id=F("author_id"))),
    )
    for c in rows:
        assert c.reply_count == c.replies_n, c.title
        assert c.like_count == c.likes_n, c.title
        assert c.first_reply_at == c.first_other, c.title
        last = c.replies.order_by("-created_at").values_list("created_at", flat=True).first()
        assert c.last_activity_at == (last or c.created_at), c.title
        assert now - timedelta(days=62) < c.created_at <= c.last_activity_at <= now
    mismatched = Reply.objects.annotate(n=Count("likes")).exclude(like_count=F("n"))
    assert not mismatched.exists()
    assert not Like.objects.filter(
        Q(conversation__author_id=F("user_id")) | Q(reply__author_id=F("user_id"))
    ).exists()
    for like in Like.objects.select_related("conversation", "reply"):
        assert (like.conversation or like.reply).created_at <= like.created_at <= now


def test_authors_and_repliers_are_members_of_the_space(demo):
    members = set(Membership.objects.values_list("space_id", "user_id"))
    for space_id, author_id in Conversation.objects.values_list("space_id", "author_id"):
        assert (space_id, author_id) in members
    for space_id, author_id in Reply.objects.values_list("conversation__space_id", "author_id"):
        assert (space_id, author_id) in members


def test_questions_are_unanswered_answered_or_waiting_for_an_accepted_answer(demo):
    now = timezone.now()
    questions = Conversation.objects.filter(kind=Conversation.Kind.QUESTION)
    unanswered = questions.filter(reply_count=0)
    assert unanswered.count() >= 10
    assert all(now - q.created_at > timedelta(days=2) for q in unanswered)
    assert questions.filter(reply_count__gt=0, accepted_reply=None).count() >= 10
    accepted = questions.exclude(accepted_reply=None)
    assert accepted.count() >= 20
    for q in accepted.select_related("accepted_reply"):
        assert q.accepted_reply.conversation_id == q.pk
        assert q.accepted_reply.author_id != q.author_id
    assert not Conversation.objects.filter(
        kind=Conversation.Kind.DISCUSSION, accepted_reply__isnull=False
    ).exists()
    assert max(Conversation.objects.values_list("reply_count", flat=True)) <= 15


def test_activity_is_skewed_and_spread_over_two_months(demo):
    days = {c.date() for c in Conversation.objects.values_list("created_at", flat=True)}
    assert len(days) > 40
    posts = Counter()
    for author in Reply.objects.values_list("author_id", flat=True):
        posts[author] += 1
    assert posts.most_common(1)[0][1] >= 8  # a few people write a lot…
    assert sum(1 for n in posts.values() if n == 1) > 30  # …many once


def test_the_sign_ins_have_notifications_worth_opening(demo):
    def kinds(username):
        return set(
            Notification.objects.filter(recipient__username=username, read_at=None).values_list(
                "kind", flat=True
            )
        )

    assert {"mention", "reply", "liked"} <= kinds("member")
    assert {"mention", "reply", "liked"} <= kinds("leader")
    assert {"mention", "reply"} <= kinds("champion")
    assert "accepted" in kinds("facilitator")
    member = User.objects.get(username="member")
    assert (
        member.unread_notifications
        == Notification.objects.filter(recipient=member, read_at=None).count()
    )
    # Dated over the last hours, not all at the second of the seed.
    dates = Notification.objects.values_list("created_at", flat=True)
    assert max(dates) - min(dates) > timedelta(hours=2)
    assert Follow.objects.filter(user=member, level=Follow.Level.WATCHING).exists()


def test_seeding_the_demo_again_adds_and_changes_nothing(demo):
    before = content_snapshot()
    out = StringIO()
    call_command("seed", preset="demo", stdout=out)
    assert "Conversations: " in out.getvalue() and "(0 new)" in out.getvalue()
    assert "0 recent steps played" in out.getvalue()
    assert content_snapshot() == before


def test_rerun_restores_exact_counters(demo):
    c = Conversation.objects.filter(reply_count__gt=2).first()
    Conversation.objects.filter(pk=c.pk).update(reply_count=0, like_count=99)
    c.replies.update(like_count=42)
    call_command("seed", preset="demo", stdout=StringIO())
    c.refresh_from_db()
    assert c.reply_count == c.replies.count() and c.like_count == c.likes.count()
    assert all(r.like_count == r.likes.count() for r in c.replies.all())


@pytest.mark.skipif(
    "hearth.search" not in settings.INSTALLED_APPS, reason="the search app is not installed"
)
def test_the_seed_rebuilds_the_search_index(demo):
    from hearth.search.models import SearchDocument

    documents = SearchDocument.objects.filter(kind=SearchDocument.Kind.CONVERSATION)
    assert documents.count() == Conversation.objects.count()
    assert SearchDocument.objects.filter(kind=SearchDocument.Kind.REPLY).count() == (
        Reply.objects.count()
    )
