"""Property: no content of a private or restricted space reaches a non-member
through any page or endpoint, and members see all of it.

Hypothesis draws an organisation — people with organisation roles, spaces of
every visibility, memberships with every role, pending invitations — and then
asks every surface as every person. "Content" of a space here is what only its
members may read: its member list (who is in it) and, for a private space, even
its name. Each space's name carries a unique marker so leaks are searchable.
"""

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from hearth.spaces.models import Invitation, Membership, Space
from tests.factories import token_make

VISIBILITIES = ["open", "restricted", "private"]
ROLES = ["leader", "facilitator", "champion", "member"]
ORG_ROLES = ["employee", "employee", "unit_leader", "director"]

organisations = st.fixed_dictionaries({
    "people": st.lists(st.sampled_from(ORG_ROLES), min_size=2, max_size=5),
    "spaces": st.lists(st.sampled_from(VISIBILITIES), min_size=1, max_size=4),
    "links": st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 3),
                  st.sampled_from([*ROLES, "invited"])), max_size=12),
})


def space_surfaces(slug: str) -> list[str]:
    return [f"/s/{slug}/", f"/s/{slug}/members/", f"/s/{slug}/requests/",
            f"/s/{slug}/settings/", f"/s/{slug}/request-access/",
            f"/s/{slug}/polls/", f"/s/{slug}/ideas/", f"/s/{slug}/events/"]


def api_surfaces(slug: str) -> list[str]:
    return [f"/api/v1/spaces/{slug}", f"/api/v1/spaces/{slug}/members",
            f"/api/v1/spaces/{slug}/requests", f"/api/v1/spaces/{slug}/polls",
            f"/api/v1/spaces/{slug}/ideas", f"/api/v1/spaces/{slug}/events"]


LISTINGS = ["/", "/spaces/", "/spaces/?mine=on", "/people/", "/notifications/",
            "/invitations/"]
API_LISTINGS = ["/api/v1/spaces?limit=100", "/api/v1/people?limit=100", "/api/v1/me"]


class VisibilityProperty(TestCase):
    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(organisations)
    def test_non_members_never_see_member_only_content(self, org):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        people = [User.objects.create_user(username=f"u{i}", display_name=f"Marker-Person-{i}",
                                           org_role=role, email=f"u{i}@example.org")
                  for i, role in enumerate(org["people"])]
        spaces = [Space.objects.create(name=f"Marker-Space-{i}-{v}", slug=f"space-{i}",
                                       visibility=v, description=f"About space {i}.")
                  for i, v in enumerate(org["spaces"])]
        for person_i, space_i, role in org["links"]:
            if person_i >= len(people) or space_i >= len(spaces):
                continue
            person, space = people[person_i], spaces[space_i]
            if Membership.objects.filter(space=space, user=person).exists() or \
                    Invitation.objects.filter(space=space, user=person).exists():
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
            for space in spaces:
                self.check_space(viewer, space, page, api)

    def check_space(self, viewer, space, page, api):
        member = Membership.objects.filter(space=space, user=viewer).exists()
        invited = Invitation.objects.filter(space=space, user=viewer,
                                            status="pending").exists()
        other_members = [m.user for m in space.memberships.select_related("user")
                         if m.user_id != viewer.pk]
        member_links = [f'/people/{u.username}/"'.encode() for u in other_members]

        if member or space.visibility == "open":
            members_page = page.get(f"/s/{space.slug}/members/")
            assert members_page.status_code == 200
            for link in member_links:
                assert link in members_page.content, (viewer, space)
            api_members = api.get(f"/api/v1/spaces/{space.slug}/members?limit=100").json()
            assert {m["user"]["username"] for m in api_members["items"]} >= {
                u.username for u in other_members}
            return

        # A non-member of a restricted or private space.
        for url in space_surfaces(space.slug):
            response = page.get(url)
            if space.visibility == "private" and not invited:
                assert response.status_code == 404, (url, viewer)
                assert space.name.encode() not in response.content
            else:
                assert response.status_code in (200, 403), (url, viewer)
            for link in member_links:
                assert link not in response.content, (url, viewer)
        for url in api_surfaces(space.slug):
            response = api.get(url)
            expected = {404} if space.visibility == "private" and not invited else {200, 403}
            if url.endswith("members") or url.endswith("requests"):
                expected -= {200}
            assert response.status_code in expected, (url, viewer, response.status_code)
            for other in other_members:
                if url.endswith("members") or url.endswith("requests"):
                    assert other.username.encode() not in response.content
        if space.visibility == "private" and not invited:
            for url in LISTINGS:
                assert space.name.encode() not in page.get(url).content, (url, viewer)
            for url in API_LISTINGS:
                assert space.name.encode() not in api.get(url).content, (url, viewer)
            for other in other_members:
                profile = page.get(f"/people/{other.username}/")
                assert space.name.encode() not in profile.content
