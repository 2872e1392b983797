"""A tag used only where a person may not read is, for them, no tag at all: following
it, its page, the following page and the API answer exactly as for a tag that never
existed."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.conversations import services
from hearth.conversations.models import Follow, Tag
from tests.conftest import ApiClient, actor_of, client_for
from tests.factories import (
    conversation_make,
    document_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db

SECRET, NOWHERE = "project-aurora", "no-such-tag"


@pytest.fixture
def world():
    leader, member = person_make(), person_make()
    private = space_make(leader=leader, visibility="private")
    membership_make(space=private, user=member)
    conversation_make(space=private, author=leader, title="Aurora budget", tags=[SECRET, "shared"])
    open_space = space_make(leader=leader)
    conversation_make(space=open_space, author=leader, title="Open shared tips", tags=["shared"])
    return {"leader": leader, "member": member, "private": private, "open": open_space}


def _api(client: ApiClient, method: str, path: str, data=None):
    return getattr(client.client, method)(
        f"/api/v1{path}",
        json.dumps(data) if data is not None else "",
        content_type="application/json",
        headers=client.headers,
    )


def _page(response) -> tuple[int, str]:
    """A page's answer less what differs on every response (the CSRF token) and the
    slug asked for."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    for slug in (SECRET, NOWHERE):
        text = text.replace(slug, "TAG")
    return response.status_code, text


def test_following_a_private_only_tag_answers_as_for_a_tag_that_does_not_exist(world):
    outsider = person_make()
    api = ApiClient(outsider)
    answers = {
        slug: _api(api, "put", f"/tags/{slug}/follow", {"level": "normal"})
        for slug in (SECRET, NOWHERE)
    }
    assert {slug: r.status_code for slug, r in answers.items()} == {SECRET: 404, NOWHERE: 404}
    assert answers[SECRET].json() == answers[NOWHERE].json() == {"detail": "No such tag."}
    deletes = [_api(api, "delete", f"/tags/{slug}/follow") for slug in (SECRET, NOWHERE)]
    assert [(r.status_code, r.content) for r in deletes] == [(204, b""), (204, b"")]
    assert not Follow.objects.filter(user=outsider).exists()
    # A member of the space follows it as any tag.
    member = ApiClient(world["member"])
    followed = _api(member, "put", f"/tags/{SECRET}/follow", {"level": "watching"})
    assert followed.status_code == 200 and followed.json()["target"] == SECRET


def test_the_tag_pages_answer_alike_for_a_private_only_tag_and_a_missing_one(world):
    person = person_make()
    client = client_for(person)
    for url in ("/tags/{}/", "/tags/{}/?page=2"):
        secret, nowhere = (client.get(url.format(slug)) for slug in (SECRET, NOWHERE))
        assert secret.status_code == 404
        assert _page(secret) == _page(nowhere)
    follows = [client.post(f"/tags/{slug}/follow/", {"follow": "1"}) for slug in (SECRET, NOWHERE)]
    assert follows[0].status_code == 404 and _page(follows[0]) == _page(follows[1])
    unfollows = [
        client.post(f"/tags/{slug}/follow/", {"follow": "0"}) for slug in (SECRET, NOWHERE)
    ]
    assert [r.status_code for r in unfollows] == [302, 302]
    assert [r["Location"] for r in unfollows] == [f"/tags/{SECRET}/", f"/tags/{NOWHERE}/"]
    assert not Follow.objects.filter(user=person).exists()
    member = client_for(world["member"])
    assert b"Aurora budget" in member.get(f"/tags/{SECRET}/").content
    assert member.post(f"/tags/{SECRET}/follow/", {"follow": "1"}).status_code == 302


def test_a_follow_kept_from_before_reveals_nothing_once_the_tag_is_out_of_reach(world):
    """Someone who followed the tag while a member: once out of the space, the tag is
    gone for them from every page and answer."""
    former = world["member"]
    services.follow_set(actor=actor_of(former), tag=Tag.objects.get(slug=SECRET), level="watching")
    follow = Follow.objects.get(user=former, tag__slug=SECRET)
    former.memberships.all().delete()
    client, api = client_for(former), ApiClient(former)
    assert _page(client.get(f"/tags/{SECRET}/")) == _page(client.get(f"/tags/{NOWHERE}/"))
    following = client.get("/following/")
    assert following.status_code == 200 and SECRET not in following.content.decode()
    assert api.get("/following", kind="tag").json() == {"items": [], "count": 0}
    changed = client.post(f"/following/{follow.pk}/", {"level": "muted"})
    assert changed.status_code == 404
    assert (
        _api(api, "put", f"/tags/{SECRET}/follow", {"level": "normal"}).json()
        == _api(api, "put", f"/tags/{NOWHERE}/follow", {"level": "normal"}).json()
    )
    # Unfollowing still works, and answers as for any tag.
    assert _api(api, "delete", f"/tags/{SECRET}/follow").status_code == 204
    assert not Follow.objects.filter(user=former).exists()


def test_a_tag_is_known_from_readable_documents_and_suggestions_not_drafts(world):
    leader, reader = world["leader"], person_make()
    space = world["open"]
    document_make(space=space, owner=leader, tags=["handbook"])
    document_make(space=space, owner=leader, tags=["unannounced"], status="draft")
    services.space_tags_suggest(actor=actor_of(leader), space=space, tags=["newcomers"])
    services.space_tags_suggest(
        actor=actor_of(leader), space=world["private"], tags=["private-pick"]
    )
    api = ApiClient(reader)
    status = {
        slug: _api(api, "put", f"/tags/{slug}/follow", {"level": "normal"}).status_code
        for slug in ("shared", "handbook", "newcomers", "unannounced", "private-pick")
    }
    assert status == {
        "shared": 200,
        "handbook": 200,
        "newcomers": 200,
        "unannounced": 404,
        "private-pick": 404,
    }
    page = client_for(reader).get("/tags/shared/").content.decode()
    assert "Open shared tips" in page and "Aurora budget" not in page


def test_the_tag_page_runs_the_same_queries_whatever_the_tag(world):
    client = client_for(person_make())
    counts = []
    for slug in ("shared", SECRET, NOWHERE):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/tags/{slug}/")
        counts.append(len(queries))
    # Known or not, the tag is decided by one statement; a known one then lists.
    assert counts[1] == counts[2] and counts[0] > counts[1]
