"""Property: no content of a private or restricted space reaches a non-member
through any page or endpoint, and members see all of it — whatever organisation
role the person holds. Lifecycle states narrow it further: a draft space is for
its leaders, a pilot space for its leaders, facilitators and champions; live and
archived spaces follow their visibility (an archived one is read-only).

Hypothesis draws an organisation — business units, people with organisation
roles (employee, business collaboration leader of a unit, director, platform
admin), spaces of every visibility in units, memberships with every role,
pending invitations, a question in each space with an audit entry about it —
and then asks every surface as every person. "Content" of a space here is what
only its members may read: its conversations (and what the audit log says they
said), its member list and, for a private space, even its name. The organisation
roles administer spaces in their scope — they see them listed, their settings
and their members — but never read their conversations unless members; a
business collaboration leader administers only the spaces of their own unit.
The expectations below are written from the rules, not from the policy code.
Each space's name and question carry unique markers so leaks are searchable.
"""

from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from hearth.conversations.models import Conversation
from hearth.core.audit import audit_record
from hearth.people.models import BusinessUnit
from hearth.search.services import search_index_story
from hearth.spaces.models import Invitation, Membership, Space
from hearth.stories.models import Story
from tests.factories import token_make

VISIBILITIES = ["open", "restricted", "private"]
STATES = ["live", "live", "draft", "pilot", "archived"]
STATE_ROLES = {"draft": {"leader"}, "pilot": {"leader", "facilitator", "champion"}}
ROLES = ["leader", "facilitator", "champion", "member"]
ORG_ROLES = ["employee", "employee", "unit_leader", "unit_leader", "director", "admin"]

organisations = st.fixed_dictionaries(
    {
        "people": st.lists(
            st.tuples(st.sampled_from(ORG_ROLES), st.sampled_from([0, 1, None])),
            min_size=2,
            max_size=5,
        ),
        "spaces": st.lists(
            st.tuples(
                st.sampled_from(VISIBILITIES),
                st.sampled_from([0, 1, None]),
                st.sampled_from(STATES),
            ),
            min_size=1,
            max_size=4,
        ),
        "links": st.lists(
            st.tuples(st.integers(0, 4), st.integers(0, 3), st.sampled_from([*ROLES, "invited"])),
            max_size=12,
        ),
    }
)


def space_surfaces(slug: str) -> list[str]:
    return [
        f"/s/{slug}/",
        f"/s/{slug}/members/",
        f"/s/{slug}/requests/",
        f"/s/{slug}/settings/",
        f"/s/{slug}/request-access/",
        f"/s/{slug}/polls/",
        f"/s/{slug}/ideas/",
        f"/s/{slug}/events/",
        f"/s/{slug}/stories/",
    ]


def api_surfaces(slug: str) -> list[str]:
    return [
        f"/api/v1/spaces/{slug}",
        f"/api/v1/spaces/{slug}/members",
        f"/api/v1/spaces/{slug}/requests",
        f"/api/v1/spaces/{slug}/polls",
        f"/api/v1/spaces/{slug}/ideas",
        f"/api/v1/spaces/{slug}/events",
        f"/api/v1/spaces/{slug}/stories",
        f"/api/v1/spaces/{slug}/featured",
    ]


LISTINGS = [
    "/",
    "/spaces/",
    "/spaces/?mine=on",
    "/people/",
    "/notifications/",
    "/invitations/",
    "/questions/unanswered/",
    "/desk/unanswered/",
    "/desk/access-requests/",
    "/audit/",
    "/audit/export.csv",
    "/org/",
    "/stories/",
    "/search/?q=Marker",
]
API_LISTINGS = [
    "/api/v1/spaces?limit=100",
    "/api/v1/people?limit=100",
    "/api/v1/me",
    "/api/v1/desk/unanswered?limit=100",
    "/api/v1/desk/access-requests?limit=100",
    "/api/v1/audit?limit=100",
    "/api/v1/stories?limit=100",
    "/api/v1/home-features/current",
]


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


class VisibilityProperty(TestCase):
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(organisations)
    def test_non_members_never_see_member_only_content(self, org):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        units = [BusinessUnit.objects.create(name=f"Unit {i}", slug=f"unit-{i}") for i in range(2)]
        people = [
            User.objects.create_user(
                username=f"u{i}",
                display_name=f"Marker-Person-{i}",
                org_role=role,
                business_unit=units[unit] if unit is not None else None,
                email=f"u{i}@example.org",
            )
            for i, (role, unit) in enumerate(org["people"])
        ]
        spaces = [
            Space.objects.create(
                name=f"Marker-Space-{i}-{v}-{state}",
                slug=f"space-{i}",
                visibility=v,
                state=state,
                business_unit=units[unit] if unit is not None else None,
                description=f"About space {i}.",
            )
            for i, (v, unit, state) in enumerate(org["spaces"])
        ]
        now = timezone.now()
        for i, space in enumerate(spaces):
            question = Conversation.objects.create(
                space=space,
                kind="question",
                title=f"Marker-Question-{i}",
                body=f"Marker-Body-{i}",
                body_html=f"<p>Marker-Body-{i}</p>",
                created_at=now,
                last_activity_at=now,
            )
            audit_record(
                actor=None,
                action="conversation.edit",
                target=question,
                space=space,
                before={"body": f"Marker-Body-{i}"},
                after={"body": f"Marker-Body-{i}"},
            )
            # A success story in each space, found by search too.
            search_index_story(
                Story.objects.create(
                    space=space,
                    title=f"Marker-Story-{i}",
                    body=f"Marker-Saved-{i}",
                    body_html=f"<p>Marker-Saved-{i}</p>",
                    outcome_kind="time_saved",
                    hours_saved=i + 1,
                )
            )
        for person_i, space_i, role in org["links"]:
            if person_i >= len(people) or space_i >= len(spaces):
                continue
            person, space = people[person_i], spaces[space_i]
            if (
                Membership.objects.filter(space=space, user=person).exists()
                or Invitation.objects.filter(space=space, user=person).exists()
            ):
                continue
            if role == "invited":
                Invitation.objects.create(space=space, user=person, role="member")
            else:
                Membership.objects.create(space=space, user=person, role=role)
        for space in spaces:
            space.member_count = space.memberships.count()
            space.save(update_fields=["member_count"])

        for viewer in people:
            page = Client()
            page.force_login(viewer)
            headers = {"Authorization": f"Bearer {token_make(user=viewer)}"}
            api = Client(headers=headers)
            listings = [_body(page.get(url)) for url in LISTINGS]
            api_listings = [api.get(url).content for url in API_LISTINGS]
            for i, space in enumerate(spaces):
                self.check_space(viewer, space, i, page, api, listings + api_listings)

    @staticmethod
    def administers(viewer, space) -> bool:
        """The organisation's rule: admins and directors administer every space, a
        business collaboration leader those of their own unit."""
        if viewer.org_role in ("admin", "director"):
            return True
        return (
            viewer.org_role == "unit_leader"
            and viewer.business_unit_id is not None
            and viewer.business_unit_id == space.business_unit_id
        )

    def check_space(self, viewer, space, i, page, api, listings):
        role = (
            Membership.objects.filter(space=space, user=viewer)
            .values_list("role", flat=True)
            .first()
        )
        member = role is not None
        # The lifecycle state lets in everyone (live, archived) or only some roles.
        admitted = space.state not in STATE_ROLES or role in STATE_ROLES[space.state]
        invited = Invitation.objects.filter(space=space, user=viewer, status="pending").exists()
        administers = self.administers(viewer, space)
        question = Conversation.objects.get(space=space)
        other_members = [
            m.user for m in space.memberships.select_related("user") if m.user_id != viewer.pk
        ]
        member_links = [f'/people/{u.username}/"'.encode() for u in other_members]

        if not member and viewer.org_role == "unit_leader" and not administers:
            # A unit leader never administers another unit's space.
            assert page.get(f"/s/{space.slug}/settings/").status_code in (403, 404)
            assert page.post(
                f"/s/{space.slug}/settings/", {"name": "Taken over", "visibility": "open"}
            ).status_code in (403, 404)
            assert Space.objects.get(pk=space.pk).name == space.name

        if admitted and (member or space.visibility == "open"):
            members_page = page.get(f"/s/{space.slug}/members/")
            assert members_page.status_code == 200
            for link in member_links:
                assert link in members_page.content, (viewer, space)
            api_members = api.get(f"/api/v1/spaces/{space.slug}/members?limit=100").json()
            assert {m["user"]["username"] for m in api_members["items"]} >= {
                u.username for u in other_members
            }
            assert page.get(f"/c/{question.pk}/").status_code == 200
            story = Story.objects.get(space=space)
            assert page.get(f"/stories/{story.pk}/").status_code == 200
            assert story.title.encode() in page.get("/stories/").content, (viewer, space)
            assert api.get(f"/api/v1/stories/{story.pk}").status_code == 200
            # The gardening queue: its facilitators and leaders, and administrators
            # who may read it; a plain member is refused.
            tends = role in ("leader", "facilitator") or administers
            for response in (
                page.get(f"/s/{space.slug}/gardening/"),
                api.get(f"/api/v1/spaces/{space.slug}/gardening"),
            ):
                assert response.status_code == (200 if tends else 403), (viewer, space)
            return

        # A non-member of a restricted or private space, or someone the state leaves
        # out: never its conversations, whatever their organisation role.
        marker_title, marker_body = f"Marker-Question-{i}".encode(), f"Marker-Body-{i}".encode()
        conversation_page = page.get(f"/c/{question.pk}/")
        hidden = not administers and (
            not admitted or (space.visibility == "private" and not member and not invited)
        )
        assert conversation_page.status_code == (404 if hidden else 403), (viewer, space)
        for url in (
            f"/s/{space.slug}/",
            f"/s/{space.slug}/conversations/",
            f"/c/{question.pk}/",
            f"/api/v1/conversations/{question.pk}",
            f"/api/v1/spaces/{space.slug}/conversations",
        ):
            body = (
                page.get(url).content
                if url.startswith("/s") or url.startswith("/c")
                else api.get(url).content
            )
            assert marker_title not in body and marker_body not in body, (url, viewer)
        for body in listings:
            assert marker_title not in body and marker_body not in body, (viewer, space)
        # Nor its success stories: not in the gallery, search, the API or their pages.
        story = Story.objects.get(space=space)
        story_markers = (f"Marker-Story-{i}".encode(), f"Marker-Saved-{i}".encode())
        for body in listings:
            assert not any(marker in body for marker in story_markers), (viewer, space)
        story_page = page.get(f"/stories/{story.pk}/")
        assert story_page.status_code == (404 if hidden else 403), (viewer, space)
        story_api = api.get(f"/api/v1/stories/{story.pk}")
        assert story_api.status_code == (404 if hidden else 403), (viewer, space)
        for body in (
            story_page.content,
            story_api.content,
            page.get(f"/stories/?space={space.slug}").content,
            api.get(f"/api/v1/spaces/{space.slug}/stories").content,
        ):
            assert not any(marker in body for marker in story_markers), (viewer, space)

        for url in space_surfaces(space.slug):
            response = page.get(url)
            if hidden:
                assert response.status_code == 404, (url, viewer)
                assert space.name.encode() not in response.content
            else:
                assert response.status_code in (200, 403), (url, viewer)
            if url.endswith("/settings/"):
                # Settings are frozen while a space is archived, even for administrators.
                may_edit = administers and space.state != "archived"
                assert (response.status_code == 200) == may_edit, (url, viewer)
            if not administers:
                for link in member_links:
                    assert link not in response.content, (url, viewer)
        for url in api_surfaces(space.slug):
            response = api.get(url)
            expected = {404} if hidden else {200, 403}
            if (url.endswith("members") or url.endswith("requests")) and not administers:
                expected -= {200}
            assert response.status_code in expected, (url, viewer, response.status_code)
            if not administers and (url.endswith("members") or url.endswith("requests")):
                for other in other_members:
                    assert other.username.encode() not in response.content
        # Nor its gardening queue, page or API, whatever their organisation role.
        for response in (
            page.get(f"/s/{space.slug}/gardening/?tab=unanswered&days=0"),
            api.get(f"/api/v1/spaces/{space.slug}/gardening?tab=unanswered&days=0"),
        ):
            assert response.status_code == (404 if hidden else 403), (viewer, space)
            assert marker_title not in response.content
        if hidden:
            for body in listings:
                assert space.name.encode() not in body, (viewer, space)
            for other in other_members:
                profile = page.get(f"/people/{other.username}/")
                assert space.name.encode() not in profile.content
