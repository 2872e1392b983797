"""Space home sections, featured items, guidance and key users."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hearth.access.actor import Actor
from hearth.conversations.services import conversation_remove
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.structure import selectors, services
from hearth.structure.models import FeaturedItem, KeyUser, SpaceLayout
from tests.conftest import client_for
from tests.factories import (
    conversation_make,
    document_make,
    event_make,
    idea_make,
    membership_make,
    person_make,
    space_make,
    story_make,
)

pytestmark = pytest.mark.django_db
ALL = ["top", "guidance", "questions", "conversations", "library", "events", "ideas", "stories"]


def _space(visibility="open"):
    leader = person_make()
    space = space_make(leader=leader, visibility=visibility)
    return space, leader


def test_leaders_choose_and_order_the_sections_and_it_is_audited():
    space, leader = _space()
    services.layout_update(
        actor=Actor.for_user(leader),
        space=space,
        sections=["guidance", "top", "conversations"],
        guidance="## How we work\n<script>x</script>",
    )
    layout = SpaceLayout.objects.get(space=space)
    assert layout.sections == ["guidance", "top", "conversations"]
    assert "<h2>How we work</h2>" in layout.guidance_html and "<script>" not in layout.guidance_html
    assert AuditEntry.objects.get(action="space.layout_update").after["sections"] == [
        "guidance",
        "top",
        "conversations",
    ]
    kinds = [s.kind for s in selectors.space_sections(actor=Actor.for_user(leader), space=space)]
    assert kinds == ["guidance", "top", "conversations"]


def test_bad_sections_and_non_leaders_are_refused():
    space, leader = _space(visibility="restricted")
    with pytest.raises(Invalid, match="Unknown section"):
        services.layout_update(actor=Actor.for_user(leader), space=space, sections=["forum"])
    with pytest.raises(Invalid, match="only once"):
        services.layout_update(actor=Actor.for_user(leader), space=space, sections=["top", "top"])
    member = person_make()
    membership_make(space=space, user=member, role="facilitator")
    with pytest.raises(Forbidden):
        services.layout_update(actor=Actor.for_user(member), space=space, sections=["top"])
    private, _ = _space(visibility="private")
    with pytest.raises(NotFound):
        services.layout_update(actor=Actor.for_user(member), space=private, sections=["top"])
    assert not SpaceLayout.objects.exists()


def _feature(leader, space, kind, target):
    return services.featured_add(
        actor=Actor.for_user(leader), space=space, kind=kind, item_id=target.pk
    )


def _featured(actor, space) -> list:
    return [item.target for item in selectors.featured_content(actor=actor, space=space)]


def test_featured_items_keep_the_leaders_order_and_hide_removed_ones():
    space, leader = _space()
    actor = Actor.for_user(leader)
    first, second, third = (conversation_make(space=space, author=leader) for _ in range(3))
    items = [
        services.featured_add(actor=actor, space=space, kind="conversation", item_id=c.pk)
        for c in (first, second, third)
    ]
    services.featured_move(actor=actor, space=space, item_id=items[2].pk, step=-1)
    assert _featured(actor, space) == [first, third, second]
    conversation_remove(actor=actor, conversation=second)
    assert _featured(actor, space) == [first, third]
    with pytest.raises(Conflict):
        services.featured_add(actor=actor, space=space, kind="conversation", item_id=first.pk)
    elsewhere = conversation_make(space=space_make(), author=leader)
    with pytest.raises(Invalid):
        services.featured_add(actor=actor, space=space, kind="conversation", item_id=elsewhere.pk)
    with pytest.raises(Invalid):
        services.featured_reorder(actor=actor, space=space, item_ids=[items[0].pk])


def test_featured_items_pass_the_visibility_policy_for_every_viewer():
    space, leader = _space(visibility="restricted")
    conversation = conversation_make(space=space, author=leader, title="Members only plan")
    services.featured_add(
        actor=Actor.for_user(leader), space=space, kind="conversation", item_id=conversation.pk
    )
    outsider = Actor.for_user(person_make())
    with pytest.raises(Forbidden):  # a restricted space's content is for its members
        _featured(outsider, space)
    page = client_for(outsider.user).get(f"/s/{space.slug}/").content.decode()
    assert "Members only plan" not in page
    member = person_make()
    membership_make(space=space, user=member)
    services.layout_update(actor=Actor.for_user(leader), space=space, sections=["top"])
    assert "Members only plan" in client_for(member).get(f"/s/{space.slug}/").content.decode()


def test_documents_events_and_ideas_are_featured_beside_conversations():
    space, leader = _space()
    actor = Actor.for_user(leader)
    services.layout_update(actor=actor, space=space, sections=["top"])
    talk = conversation_make(space=space, author=leader, title="How we run stand-ups")
    guide = document_make(space=space, owner=leader, title="Stand-up guide", status="official")
    webinar = event_make(space=space, host=leader, title="Stand-up clinic")
    idea = idea_make(space=space, author=leader, title="Walking stand-ups")
    story = story_make(
        space=space, author=leader, title="Stand-ups saved us a meeting", hours_saved=120
    )
    for kind, target in (
        ("document", guide),
        ("event", webinar),
        ("idea", idea),
        ("story", story),
        ("conversation", talk),
    ):
        _feature(leader, space, kind, target)
    assert _featured(actor, space) == [guide, webinar, idea, story, talk]
    page = client_for(leader).get(f"/s/{space.slug}/").content.decode()
    titles = (
        "Stand-up guide",
        "Stand-up clinic",
        "Walking stand-ups",
        "Stand-ups saved us a meeting",
        "How we run stand-ups",
    )
    positions = [page.index(t) for t in titles]
    assert "Time saved · 120 h saved" in page
    assert positions == sorted(positions)
    entry = AuditEntry.objects.filter(action="featured.add").order_by("pk").first()
    assert entry.after == {"kind": "document", "document": guide.pk, "title": "Stand-up guide"}


def test_what_cannot_be_featured_is_refused_and_nothing_is_added():
    space, leader = _space()
    actor = Actor.for_user(leader)
    draft = document_make(space=space, owner=leader, title="Half done", status="draft")
    other_space = space_make()
    other_event = event_make(space=other_space, host=person_make())
    cases = [
        ("document", draft.pk),
        ("event", other_event.pk),
        ("idea", 999_999),
        ("poll", 1),
        ("", 1),
    ]
    for kind, item_id in cases:
        with pytest.raises(Invalid):
            services.featured_add(actor=actor, space=space, kind=kind, item_id=item_id)
    member = person_make()
    membership_make(space=space, user=member)
    shown = document_make(space=space, owner=leader, title="Shown")
    with pytest.raises(Forbidden):
        services.featured_add(
            actor=Actor.for_user(member), space=space, kind="document", item_id=shown.pk
        )
    assert not FeaturedItem.objects.exists()


def test_a_featured_document_turned_back_into_a_draft_leaves_the_top_content():
    from hearth.library.models import Document

    space, leader = _space()
    guide = document_make(space=space, owner=leader, title="Guide", status="published")
    _feature(leader, space, "document", guide)
    member = person_make()
    membership_make(space=space, user=member)
    assert _featured(Actor.for_user(member), space) == [guide]
    Document.objects.filter(pk=guide.pk).update(status="draft")
    assert _featured(Actor.for_user(member), space) == []
    assert _featured(Actor.for_user(leader), space) == [guide]  # the owner still sees it


def test_empty_sections_show_an_honest_empty_state():
    space, leader = _space()
    services.layout_update(actor=Actor.for_user(leader), space=space, sections=ALL)
    page = client_for(leader).get(f"/s/{space.slug}/").content.decode()
    assert "No success story yet." in page
    assert "No document yet." in page
    assert "No upcoming event." in page
    assert "No idea yet." in page
    assert "The leaders have not featured anything yet." in page
    assert page.index('data-section="top"') < page.index('data-section="guidance"')


def test_library_events_and_ideas_sections_show_what_the_viewer_may_read():
    space, leader = _space()
    services.layout_update(
        actor=Actor.for_user(leader), space=space, sections=["library", "events", "ideas"]
    )
    member = person_make()
    membership_make(space=space, user=member)
    document_make(space=space, owner=leader, title="Onboarding handbook")
    document_make(space=space, owner=leader, title="Half-written plan", status="draft")
    event_make(space=space, host=leader, title="Quarterly webinar")
    idea_make(space=space, author=member, title="Car-pool to the plant")
    page = client_for(member).get(f"/s/{space.slug}/").content.decode()
    for title in ("Onboarding handbook", "Quarterly webinar", "Car-pool to the plant"):
        assert title in page
    # A draft stays with its owner and the space's facilitators, on the home too.
    assert "Half-written plan" not in page
    assert "Half-written plan" in client_for(leader).get(f"/s/{space.slug}/").content.decode()


def test_the_space_home_runs_constant_queries_with_every_section():
    space, leader = _space()
    services.layout_update(
        actor=Actor.for_user(leader), space=space, sections=ALL, guidance="Hello"
    )
    viewer = person_make()
    membership_make(space=space, user=viewer)
    counts = []
    for n in (1, 3):  # at most 20 featured items: 4 kinds × 4
        for _ in range(n):
            c = conversation_make(space=space, author=leader, kind="question")
            _feature(leader, space, "conversation", c)
            _feature(leader, space, "document", document_make(space=space, owner=leader))
            _feature(leader, space, "event", event_make(space=space, host=leader))
            _feature(leader, space, "idea", idea_make(space=space, author=leader))
            person = person_make()
            membership_make(space=space, user=person)
            services.key_user_add(actor=Actor.for_user(leader), space=space, user=person)
            document_make(space=space, owner=leader)
            event_make(space=space, host=leader)
            idea_make(space=space, author=leader)
        for who in (viewer, leader):
            with CaptureQueriesContext(connection) as queries:
                assert client_for(who).get(f"/s/{space.slug}/").status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]


def test_sections_editor_access_and_saving():
    space, leader = _space(visibility="restricted")
    member = person_make()
    membership_make(space=space, user=member)
    url = f"/s/{space.slug}/structure/"
    assert Client().get(url).status_code == 302
    assert client_for(person_make()).get(url).status_code == 403
    assert client_for(member).get(url).status_code == 403
    assert client_for(member).post(url, {"on_top": "on"}).status_code == 403
    private, _ = _space(visibility="private")
    assert client_for(person_make()).get(f"/s/{private.slug}/structure/").status_code == 404
    client = client_for(leader)
    assert client.get(url).status_code == 200
    data = {f"pos_{k}": str(i) for i, k in enumerate(ALL, start=1)}
    data.update(
        {
            "on_guidance": "on",
            "on_top": "on",
            "pos_guidance": "1",
            "pos_top": "2",
            "guidance": "Read me",
        }
    )
    assert client.post(url, data).status_code == 302
    assert SpaceLayout.objects.get().sections == ["guidance", "top"]
    bad = dict(data, pos_top="0")
    assert client.post(url, bad).status_code == 400
    assert SpaceLayout.objects.get().sections == ["guidance", "top"]
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(5):
        _feature(leader, space, "conversation", conversation_make(space=space, author=leader))
        _feature(leader, space, "document", document_make(space=space, owner=leader))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)


def test_feature_buttons_move_and_remove():
    space, leader = _space()
    client = client_for(leader)
    a, b = (conversation_make(space=space, author=leader) for _ in range(2))
    for c in (a, b):
        added = client.post(f"/s/{space.slug}/structure/feature/", {"item": f"conversation:{c.pk}"})
        assert added.status_code == 302
    item_a, item_b = FeaturedItem.objects.order_by("position")
    client.post(f"/s/{space.slug}/structure/feature/{item_b.pk}/up/")
    assert list(
        FeaturedItem.objects.values_list("conversation_id", flat=True).order_by("position")
    ) == [b.pk, a.pk]
    assert (
        client.post(f"/s/{space.slug}/structure/feature/{item_b.pk}/sideways/").status_code == 400
    )
    for bad in ("conversation:999999", "planet:1", "conversation", ""):
        refused = client.post(f"/s/{space.slug}/structure/feature/", {"item": bad})
        assert refused.status_code == 400, bad
    client.post(f"/s/{space.slug}/structure/unfeature/{item_b.pk}/")
    assert FeaturedItem.objects.count() == 1
    member = person_make()
    membership_make(space=space, user=member)
    assert (
        client_for(member).post(f"/s/{space.slug}/structure/unfeature/{item_a.pk}/").status_code
        == 403
    )
    assert FeaturedItem.objects.count() == 1


def test_key_users_are_members_named_by_leaders_and_listed_platform_wide():
    space, leader = _space()
    secret, secret_leader = _space(visibility="private")
    star, hidden = person_make(display_name="Stella Star"), person_make(display_name="Hidden H")
    membership_make(space=space, user=star)
    membership_make(space=secret, user=hidden)
    services.key_user_add(
        actor=Actor.for_user(leader),
        space=space,
        user=star,
        kind="connector",
        note="Runs the pump clinic",
    )
    services.key_user_add(actor=Actor.for_user(secret_leader), space=secret, user=hidden)
    with pytest.raises(Invalid, match="not a member"):
        services.key_user_add(actor=Actor.for_user(leader), space=space, user=person_make())
    with pytest.raises(Conflict):
        services.key_user_add(actor=Actor.for_user(leader), space=space, user=star)
    with pytest.raises(Forbidden):
        services.key_user_add(actor=Actor.for_user(star), space=space, user=star)
    viewer = client_for(person_make())
    everywhere = viewer.get("/key-users/").content.decode()
    assert "Stella Star" in everywhere and "Hidden H" not in everywhere
    assert "Stella Star" in viewer.get(f"/s/{space.slug}/").content.decode()
    page = client_for(leader).post(
        f"/s/{space.slug}/key-users/", {"username": "nobody", "kind": "exemplary"}
    )
    assert page.status_code == 400 and b"No one has that username" in page.content
    assert (
        client_for(star)
        .post(f"/s/{space.slug}/key-users/", {"username": star.username, "kind": "exemplary"})
        .status_code
        == 403
    )
    client_for(leader).post(f"/s/{space.slug}/key-users/{star.pk}/remove/")
    assert not KeyUser.objects.filter(space=space).exists()
    assert AuditEntry.objects.filter(action__startswith="key_user.").count() == 3
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            viewer.get("/key-users/")
        counts.append(len(queries))
        person = person_make()
        membership_make(space=space, user=person)
        services.key_user_add(actor=Actor.for_user(leader), space=space, user=person)
    assert counts[0] == counts[1]


def test_space_key_users_page_access_and_constant_queries():
    space, leader = _space(visibility="restricted")
    url = f"/s/{space.slug}/key-users/"
    assert Client().get(url).status_code == 302
    assert client_for(person_make()).get(url).status_code == 403
    private, _ = _space(visibility="private")
    assert client_for(person_make()).get(f"/s/{private.slug}/key-users/").status_code == 404
    member = person_make()
    membership_make(space=space, user=member)
    client = client_for(member)
    counts = []
    for n in (1, 5):
        for _ in range(n):
            person = person_make()
            membership_make(space=space, user=person)
            services.key_user_add(actor=Actor.for_user(leader), space=space, user=person)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and b"Name a key user" not in response.content
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert b"Name a key user" in client_for(leader).get(url).content
