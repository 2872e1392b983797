"""The large preset's posts at a tiny scale: exact counts and counters, skew, the
benchmark's conversation."""

from collections import Counter

import pytest
from django.conf import settings
from django.db.models import Count, F, Min, Q

from hearth.access.actor import Actor
from hearth.access.policy import can_read_conversation
from hearth.conversations.models import Conversation, Follow, Like, Reply, Tag
from hearth.people.models import User
from hearth.seed.large_content import BENCH_REPLIES, bench_conversation_id, counts
from hearth.spaces.models import Membership, Space, Visibility
from tests.seed.conftest import LARGE_SCALE

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(large_seeded):
    return large_seeded


def test_post_counts_follow_the_scale():
    assert counts(1.0) == (150_000, 850_000)
    assert counts(0.1) == (15_000, 85_000)
    assert counts(0.0001) == (15, 85)
    assert sum(counts(0.0000001)) == 0


def test_the_seed_writes_the_scaled_number_of_posts(large):
    conversations, replies = counts(LARGE_SCALE)
    assert Conversation.objects.count() == conversations == 300
    assert Reply.objects.count() == replies == 1_700
    assert f"{conversations:,} conversations" in large and f"{replies:,} replies" in large
    questions = Conversation.objects.filter(kind=Conversation.Kind.QUESTION).count()
    assert 0.3 < questions / conversations < 0.5


def test_counters_and_dates_are_exact(large):
    rows = Conversation.objects.annotate(
        replies_n=Count("replies", distinct=True),
        likes_n=Count("likes", distinct=True),
        first_other=Min("replies__created_at", filter=~Q(replies__author_id=F("author_id"))),
    )
    for c in rows:
        assert (c.reply_count, c.like_count) == (c.replies_n, c.likes_n)
        assert c.first_reply_at == c.first_other
        last = c.replies.order_by("-created_at").values_list("created_at", flat=True).first()
        assert c.last_activity_at == (last or c.created_at) >= c.created_at
    assert not Reply.objects.annotate(n=Count("likes")).exclude(like_count=F("n")).exists()
    assert Like.objects.count() > 1_000


def test_authors_are_members_and_accepted_answers_come_from_others(large):
    members = set(Membership.objects.values_list("space_id", "user_id"))
    assert all(pair in members for pair in Conversation.objects.values_list("space", "author"))
    assert all(
        pair in members for pair in Reply.objects.values_list("conversation__space", "author")
    )
    answered = Conversation.objects.exclude(accepted_reply=None)
    assert answered.count() > 20
    assert not answered.exclude(kind=Conversation.Kind.QUESTION).exists()
    assert not answered.exclude(accepted_reply__conversation_id=F("pk")).exists()
    assert not answered.filter(accepted_reply__author_id=F("author_id")).exists()
    unanswered = Conversation.objects.filter(kind=Conversation.Kind.QUESTION, reply_count=0)
    assert unanswered.count() > 10
    assert Conversation.objects.filter(
        kind=Conversation.Kind.QUESTION, reply_count__gt=0, accepted_reply=None
    ).exists()


def test_activity_is_skewed(large):
    per_space = sorted(
        Space.objects.annotate(n=Count("conversations")).values_list("n", flat=True),
        reverse=True,
    )
    assert per_space[0] > 3 * max(1, per_space[-1])
    posts = Counter(Conversation.objects.values_list("author", flat=True))
    posts.update(Reply.objects.values_list("author", flat=True))
    ranked = [n for _author, n in posts.most_common()]
    top = sum(ranked[: max(1, len(ranked) // 20)])  # the busiest 5% of writers…
    assert top > 0.2 * sum(ranked)  # …write far more than 5% of the posts
    replies = sorted(Conversation.objects.values_list("reply_count", flat=True))
    assert replies[0] == 0 and replies[-1] >= 30


def test_tags_follows_and_mentions(large):
    assert Tag.objects.filter(slug__in=["how-to", "training"]).count() == 2
    tagged = Conversation.objects.filter(tags__isnull=False).distinct().count()
    assert tagged > Conversation.objects.count() // 2
    assert (
        Follow.objects.filter(
            conversation__isnull=False, user_id=F("conversation__author_id")
        ).count()
        == Conversation.objects.count()
    )
    mention = Reply.objects.filter(body__startswith="@").first()
    assert mention is not None
    username = mention.body.split()[0][1:]
    assert User.objects.filter(username=username).exists()
    assert f'href="/people/{username}/"' in mention.body_html


def test_the_benchmark_conversation_has_50_replies_member_can_read(large):
    conversation = Conversation.objects.get(pk=bench_conversation_id())
    assert conversation.replies.count() == conversation.reply_count == BENCH_REPLIES
    assert conversation.space.visibility == Visibility.OPEN
    member = User.objects.get(username="member")
    assert can_read_conversation(Actor.for_user(member), conversation)
    assert conversation.space.memberships.filter(user=member).exists()
    assert f"/c/{conversation.pk}/" in large


@pytest.mark.skipif(
    "hearth.search" not in settings.INSTALLED_APPS, reason="the search app is not installed"
)
def test_the_seed_rebuilds_the_search_index(large):
    from hearth.search.models import SearchDocument

    kinds = Counter(SearchDocument.objects.values_list("kind", flat=True))
    assert kinds["conversation"] == Conversation.objects.count()
    assert kinds["reply"] == Reply.objects.count()
