"""The gallery, a space's stories, a story's page, the forms and the conversation
page's badge: what each viewer sees, bad input, and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.core.models import AuditEntry
from hearth.spaces.models import LifecycleState, Space
from hearth.stories.models import BusinessOutcome, Story
from hearth.structure import services as structure_services
from tests.conftest import actor_of, client_for
from tests.factories import (
    business_unit_make,
    conversation_make,
    membership_make,
    person_make,
    space_make,
    story_make,
)

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


FORM = {
    "title": "Quotes answered in a day",
    "outcome_kind": "customer_satisfaction",
    "body": "The shared FAQ answers most quotes.",
    "hours_saved": "40",
    "money_saved": "",
    "currency": "",
    "beneficiaries": "Sales, customers",
}


@pytest.fixture
def org():
    ops = business_unit_make(name="Operations", slug="operations")
    leader, member, outsider = person_make(), person_make(), person_make()
    open_space = space_make(slug="lean", leader=leader, business_unit=ops)
    closed = space_make(slug="aurora", visibility="restricted", leader=leader)
    hidden = space_make(slug="sponsors", visibility="private", leader=leader)
    for space in (open_space, closed, hidden):
        membership_make(space=space, user=member)
    public = story_make(
        space=open_space,
        author=member,
        title="Open-Story-Marker",
        hours_saved="100",
        money_saved="1000",
        currency="EUR",
    )
    restricted = story_make(
        space=closed,
        author=member,
        title="Restricted-Story-Marker",
        outcome_kind="revenue",
        hours_saved="20",
        money_saved="500",
        currency="EUR",
    )
    private = story_make(
        space=hidden,
        author=member,
        title="Private-Story-Marker",
        outcome_kind="cost_saved",
        money_saved="300",
        currency="USD",
    )
    return {
        "leader": leader,
        "member": member,
        "outsider": outsider,
        "open": open_space,
        "closed": closed,
        "hidden": hidden,
        "public": public,
        "restricted": restricted,
        "private": private,
    }


def test_gallery_shows_and_adds_up_only_what_the_viewer_may_read(org):
    member_page = client_for(org["member"]).get("/stories/").content.decode()
    for marker in ("Open-Story-Marker", "Restricted-Story-Marker", "Private-Story-Marker"):
        assert marker in member_page
    assert "€1,500" in member_page and "$300" in member_page and "120" in member_page
    outsider_page = client_for(org["outsider"]).get("/stories/").content.decode()
    assert "Open-Story-Marker" in outsider_page
    assert "Restricted-Story-Marker" not in outsider_page
    assert "Private-Story-Marker" not in outsider_page
    assert "€1,000" in outsider_page and "$300" not in outsider_page
    assert "sponsors" not in outsider_page and "aurora" not in outsider_page


def test_gallery_filters(org):
    client = client_for(org["member"])
    page = client.get("/stories/?kind=revenue").content.decode()
    assert "Restricted-Story-Marker" in page and "Open-Story-Marker" not in page
    page = client.get("/stories/?unit=operations").content.decode()
    assert "Open-Story-Marker" in page and "Restricted-Story-Marker" not in page
    page = client.get("/stories/?space=sponsors").content.decode()
    assert "Private-Story-Marker" in page and "Open-Story-Marker" not in page
    # Unknown filter values show nothing rather than an error, and never a hidden story.
    page = client_for(org["outsider"]).get("/stories/?space=sponsors").content.decode()
    assert "Private-Story-Marker" not in page and "No story you can read" in page
    assert client.get("/stories/?kind=nonsense&page=abc").status_code == 200


def test_gallery_queries_do_not_grow_with_the_stories(org, django_assert_max_num_queries):
    client = client_for(org["member"])
    client.get("/stories/")  # the session's first request loads more
    with django_assert_max_num_queries(12) as few:
        client.get("/stories/")
    for i in range(15):
        story_make(space=org["open"], author=org["member"], title=f"More story {i}", hours_saved=i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/stories/").status_code == 200


def test_story_page_and_space_page_follow_the_space(org):
    outsider, member = client_for(org["outsider"]), client_for(org["member"])
    assert outsider.get(f"/stories/{org['private'].pk}/").status_code == 404
    assert outsider.get("/stories/999999/").status_code == 404
    assert outsider.get(f"/stories/{org['restricted'].pk}/").status_code == 403
    assert (
        "Restricted-Story-Marker"
        not in outsider.get(f"/stories/{org['restricted'].pk}/").content.decode()
    )
    assert outsider.get("/s/sponsors/stories/").status_code == 404
    assert outsider.get("/s/aurora/stories/").status_code == 403
    page = member.get(f"/stories/{org['private'].pk}/").content.decode()
    assert "Private-Story-Marker" in page and "$300" in page
    assert "Private-Story-Marker" in member.get("/s/sponsors/stories/").content.decode()


def test_story_pages_run_a_constant_number_of_queries(org):
    client = client_for(org["member"])
    urls = [f"/stories/{org['public'].pk}/", "/s/lean/stories/", "/stories/"]
    client.get(urls[0])  # the session's first request loads more
    small = [queries(client, url) for url in urls]
    for i in range(6):
        story_make(
            space=org["open"],
            author=person_make(),
            title=f"Another story {i}",
            money_saved=i,
            currency="GBP",
        )
    assert [queries(client, url) for url in urls] == small
    assert all(status == 200 and count <= 14 for status, count in small), small


def test_writing_a_story_from_the_form(org):
    client = client_for(org["member"])
    assert client.get("/s/lean/stories/new/").status_code == 200
    response = client.post("/s/lean/stories/new/", FORM)
    story = Story.objects.get(title="Quotes answered in a day")
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
    assert story.author == org["member"] and story.beneficiaries == "Sales, customers"


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"hours_saved": "-5"},
        {"hours_saved": "many"},
        {"money_saved": "100", "currency": ""},
        {"outcome_kind": "luck"},
        {"title": "t" * 201},
        {"money_saved": "99999999999"},
    ],
)
def test_bad_form_input_is_shown_and_nothing_is_written(org, changes):
    response = client_for(org["member"]).post("/s/lean/stories/new/", {**FORM, **changes})
    assert response.status_code == 400 and b'role="alert"' in response.content
    assert not Story.objects.filter(title__startswith="Quotes").exists()


def test_outsiders_and_archived_spaces_cannot_write(org):
    assert client_for(org["outsider"]).post("/s/aurora/stories/new/", FORM).status_code == 403
    assert client_for(org["outsider"]).post("/s/sponsors/stories/new/", FORM).status_code == 404
    Space.objects.filter(pk=org["open"].pk).update(state=LifecycleState.ARCHIVED)
    assert client_for(org["member"]).post("/s/lean/stories/new/", FORM).status_code == 403
    assert not Story.objects.filter(title__startswith="Quotes").exists()


def test_edit_by_author_and_by_a_leader_audited(org):
    story = org["public"]
    client_for(org["member"]).post(f"/stories/{story.pk}/edit/", {**FORM, "title": "By me"})
    assert Story.objects.get(pk=story.pk).title == "By me"
    assert not AuditEntry.objects.filter(action="story.edit").exists()
    client_for(org["leader"]).post(f"/stories/{story.pk}/edit/", {**FORM, "title": "By lead"})
    assert Story.objects.get(pk=story.pk).title == "By lead"
    assert AuditEntry.objects.filter(action="story.edit", target_id=str(story.pk)).exists()
    assert client_for(org["outsider"]).get(f"/stories/{story.pk}/edit/").status_code == 403
    assert client_for(org["outsider"]).get(f"/stories/{org['private'].pk}/edit/").status_code == 404


def test_conversation_badge_mark_and_promote(org, django_assert_max_num_queries):
    leader, member = client_for(org["leader"]), client_for(org["member"])
    conversation = conversation_make(
        space=org["closed"],
        author=org["member"],
        title="Pricing calculator",
        body="It saves **hours**.",
    )
    page = member.get(f"/c/{conversation.pk}/").content.decode()
    assert "Promote to a story" not in page and "Business outcome" not in page
    assert "Promote to a story" in leader.get(f"/c/{conversation.pk}/").content.decode()
    assert member.post(f"/c/{conversation.pk}/business-outcome/").status_code == 403
    leader.post(f"/c/{conversation.pk}/business-outcome/", {"note": "Two days a month"})
    assert "Two days a month" in member.get(f"/c/{conversation.pk}/").content.decode()
    form = leader.get(f"/c/{conversation.pk}/promote/").content.decode()
    assert "Pricing calculator" in form and "It saves **hours**." in form
    assert member.post(f"/c/{conversation.pk}/promote/", FORM).status_code == 403
    response = leader.post(f"/c/{conversation.pk}/promote/", FORM)
    story = Story.objects.get(source_conversation=conversation)
    assert response["Location"] == story.get_absolute_url()
    page = member.get(f"/c/{conversation.pk}/").content.decode()
    assert "Promoted to a story" in page and f"/stories/{story.pk}/" in page
    assert "Pricing calculator" in member.get(story.get_absolute_url()).content.decode()
    # Promoting again lands on the story; nothing new is written.
    assert leader.get(f"/c/{conversation.pk}/promote/")["Location"] == story.get_absolute_url()
    assert leader.post(f"/c/{conversation.pk}/promote/", FORM).status_code == 302
    assert Story.objects.filter(source_conversation=conversation).count() == 1
    assert client_for(org["outsider"]).get(f"/c/{conversation.pk}/promote/").status_code == 403


def test_the_badge_costs_one_query_on_the_conversation_page_only_when_marked(org):
    conversation = conversation_make(space=org["open"], author=org["member"])
    client = client_for(org["member"])
    client.get(f"/c/{conversation.pk}/")
    with CaptureQueriesContext(connection) as before:
        client.get(f"/c/{conversation.pk}/")
    # Unmarked: only the conversation's own read asks whether a mark exists.
    assert [q for q in before.captured_queries if "stories_" in q["sql"]] == [
        q
        for q in before.captured_queries
        if "conversations_conversation" in q["sql"] and "stories_businessoutcome" in q["sql"]
    ]
    BusinessOutcome.objects.create(conversation=conversation, marked_by=org["leader"])
    with CaptureQueriesContext(connection) as after:
        assert b"Business outcome" in client.get(f"/c/{conversation.pk}/").content
    assert len(after.captured_queries) == len(before.captured_queries) + 1
    outcome_reads = [
        q for q in after.captured_queries if q["sql"].startswith('SELECT "stories_businessoutcome"')
    ]
    assert len(outcome_reads) == 1


def test_space_home_stories_section_shows_the_readable_latest(org):
    structure_services.layout_update(
        actor=actor_of(org["leader"]), space=org["closed"], sections=["stories"]
    )
    page = client_for(org["member"]).get("/s/aurora/").content.decode()
    assert "Restricted-Story-Marker" in page and "All success stories" in page
    assert "not built" not in page and "once Hearth holds them" not in page
