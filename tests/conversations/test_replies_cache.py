"""The conversation page's cached replies: each reader sees their own likes, rights and
CSRF token, and any change to a reply, its author or its likes shows at once."""

import re

import pytest
from django.test import Client

from hearth.access.actor import Actor
from hearth.conversations import services
from hearth.conversations.models import Reply
from tests.conftest import client_for
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def _reply_html(content: bytes, reply: Reply) -> str:
    """The <article> of one reply in a page."""
    html = content.decode()
    match = re.search(
        rf'<article class="reply card[^"]*" id="reply-{reply.pk}">(.*?)</article>', html, re.S
    )
    assert match, f"reply {reply.pk} is not on the page"
    return match.group(1)


@pytest.fixture
def thread():
    leader = person_make(display_name="Lena Leader")
    space = space_make(leader=leader)
    asker, writer, liker = (
        person_make(display_name=n) for n in ("Ana Asker", "Wim Writer", "Lia Liker")
    )
    conversation = conversation_make(
        space=space, author=asker, kind="question", title="Which printer?"
    )
    first = reply_make(conversation=conversation, author=writer, body="The one upstairs.")
    second = reply_make(conversation=conversation, author=liker, body="Ask the office.")
    services.like_add(actor=Actor.for_user(liker), reply=first)
    return {
        "leader": leader,
        "space": space,
        "asker": asker,
        "writer": writer,
        "liker": liker,
        "conversation": conversation,
        "first": first,
        "second": second,
    }


def test_each_reader_sees_their_own_likes_and_buttons_from_the_same_cache(thread):
    url = f"/c/{thread['conversation'].pk}/"
    first = thread["first"]
    reader = person_make()  # an employee, not a member of the open space
    pages = {
        name: client_for(thread[name]).get(url) for name in ("writer", "liker", "asker", "leader")
    }
    pages["reader"] = client_for(reader).get(url)
    assert all(page.status_code == 200 for page in pages.values())
    # Likes are the reader's own.
    liker_html = _reply_html(pages["liker"].content, first)
    assert 'aria-pressed="true">♥ Liked</button>' in liker_html
    assert 'aria-label="1 like: who liked it">1</a>' in liker_html
    for name in ("writer", "asker", "leader", "reader"):
        html = _reply_html(pages[name].content, first)
        assert 'aria-pressed="false">♥ Like</button>' in html
        assert 'aria-label="1 like: who liked it">1</a>' in html
    # Edit and remove: the author of the reply and the space's leader only.
    assert f'href="/r/{first.pk}/edit/"' in _reply_html(pages["writer"].content, first)
    assert f'href="/r/{first.pk}/edit/"' in _reply_html(pages["leader"].content, first)
    for name in ("liker", "asker", "reader"):
        assert f'href="/r/{first.pk}/edit/"' not in _reply_html(pages[name].content, first)
    # Accepting: the asker and the leader; replying: members only.
    assert "Accept answer" in _reply_html(pages["asker"].content, first)
    assert "Accept answer" not in _reply_html(pages["writer"].content, first)
    assert 'class="btn btn-small reply-to"' not in _reply_html(pages["reader"].content, first)
    assert 'class="btn btn-small reply-to"' in _reply_html(pages["liker"].content, first)


def test_each_page_carries_a_csrf_token_that_works_for_its_reader(thread):
    url = f"/c/{thread['conversation'].pk}/"
    first = thread["first"]
    clients = {}
    for name in ("writer", "asker"):
        client = Client(enforce_csrf_checks=True)
        client.force_login(thread[name])
        clients[name] = client
    tokens = {}
    for name, client in clients.items():
        html = _reply_html(client.get(url).content, first)
        tokens[name] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        assert "\x00" not in html
    # Both read the same cached replies, yet each form holds its reader's own token.
    writer_post = clients["writer"].post(
        f"/r/{first.pk}/like/", {"like": "1", "csrfmiddlewaretoken": tokens["writer"]}
    )
    assert writer_post.status_code == 302
    # Another reader's token is refused for this reader's session.
    clients["asker"].cookies.pop("csrftoken", None)
    refused = clients["asker"].post(
        f"/r/{first.pk}/like/", {"like": "1", "csrfmiddlewaretoken": tokens["writer"]}
    )
    assert refused.status_code == 403


def test_edits_removals_likes_accepts_and_names_show_at_once(thread):
    url = f"/c/{thread['conversation'].pk}/"
    first, second = thread["first"], thread["second"]
    client = client_for(thread["asker"])
    assert "The one upstairs." in _reply_html(client.get(url).content, first)  # cached now

    services.reply_edit(
        actor=Actor.for_user(thread["writer"]), reply=first, body="The one on the second floor."
    )
    assert "The one on the second floor." in _reply_html(client.get(url).content, first)

    services.like_add(actor=Actor.for_user(thread["asker"]), reply=first)
    html = _reply_html(client.get(url).content, first)
    assert 'aria-pressed="true">♥ Liked</button>' in html
    assert 'aria-label="2 likes: who liked it">2</a>' in html
    services.like_remove(actor=Actor.for_user(thread["liker"]), reply=first)
    assert 'aria-label="1 like: who liked it">1</a>' in _reply_html(client.get(url).content, first)

    services.reply_accept(actor=Actor.for_user(thread["asker"]), reply=first)
    page = client.get(url).content
    assert "Accepted answer" in _reply_html(page, first)
    assert "Unaccept" in _reply_html(page, first)

    writer = thread["writer"]
    writer.display_name = "Wilhelmina Writer"
    writer.save()
    assert "Wilhelmina Writer" in _reply_html(client.get(url).content, first)

    services.reply_remove(actor=Actor.for_user(thread["liker"]), reply=second)
    html = _reply_html(client.get(url).content, second)
    assert "This reply was removed." in html and "Ask the office." not in html

    # A change made outside the services shows too: the key is the rows themselves.
    Reply.objects.filter(pk=first.pk).update(body_html="<p>Changed in the database.</p>")
    assert "Changed in the database." in _reply_html(client.get(url).content, first)


def test_a_reader_who_loses_access_is_refused_before_any_cached_reply(thread):
    space, url = thread["space"], f"/c/{thread['conversation'].pk}/"
    member = person_make()
    membership_make(space=space, user=member)
    assert client_for(member).get(url).status_code == 200  # the replies are cached now
    space.visibility = "private"
    space.save()
    response = client_for(person_make()).get(url)
    assert response.status_code == 404 and b"The one upstairs." not in response.content
