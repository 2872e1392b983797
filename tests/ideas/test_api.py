"""Ideas API: submit, vote once, undo, statuses; bad input, unknown ids and rights."""

import pytest

from hearth.ideas.models import Idea, IdeaVote
from tests.conftest import ApiClient
from tests.factories import idea_make, membership_make, person_make, space_make

pytestmark = pytest.mark.django_db


def test_submit_vote_undo_and_status():
    leader, member = person_make(), person_make()
    space = space_make(leader=leader)
    membership_make(space=space, user=member)
    api = ApiClient(member)
    response = api.post(f"/spaces/{space.slug}/ideas", {"title": "Shared taxis from airports"})
    assert response.status_code == 201 and response.json()["status"] == "new"
    idea_id = response.json()["id"]
    assert api.post(f"/ideas/{idea_id}/vote").json() == {"vote_count": 1, "voted": True}
    second = api.post(f"/ideas/{idea_id}/vote")
    assert second.status_code == 409 and "already" in second.json()["detail"]
    undo = api.client.delete(f"/api/v1/ideas/{idea_id}/vote", headers=api.headers)
    assert undo.json() == {"vote_count": 0, "voted": False}
    assert api.post(f"/ideas/{idea_id}/comments", {"body": "Good"}).status_code == 201
    assert api.get(f"/ideas/{idea_id}/comments").json()["count"] == 1
    assert (
        api.post(
            f"/ideas/{idea_id}/status", {"status": "accepted", "reason": "Looks right"}
        ).status_code
        == 403
    )
    response = ApiClient(leader).post(
        f"/ideas/{idea_id}/status", {"status": "accepted", "reason": "Budget found."}
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    board = api.get(f"/spaces/{space.slug}/ideas", sort="newest").json()
    assert board["count"] == 1 and board["items"][0]["status_reason"] == "Budget found."


def test_bad_input_unknown_ids_and_no_rights():
    leader = person_make()
    space = space_make(leader=leader)
    private = space_make(visibility="private", leader=leader)
    hidden = idea_make(space=private, author=leader)
    idea = idea_make(space=space, author=leader)
    api, outsider = ApiClient(leader), ApiClient(person_make())
    assert api.post(f"/spaces/{space.slug}/ideas", {"title": "Hm"}).status_code == 400
    assert api.post(f"/spaces/{space.slug}/ideas", {}).status_code == 422
    assert (
        api.post(
            f"/spaces/{space.slug}/ideas", {"title": "Good title", "campaign_id": 99999}
        ).status_code
        == 400
    )
    assert api.get(f"/spaces/{space.slug}/ideas", sort="best").status_code == 400
    assert (
        api.post(f"/ideas/{idea.pk}/status", {"status": "done", "reason": "Because."}).status_code
        == 422
    )
    assert (
        api.post(f"/ideas/{idea.pk}/status", {"status": "accepted", "reason": ""}).status_code
        == 400
    )
    assert api.post("/ideas/999999/vote").status_code == 404
    assert outsider.get(f"/ideas/{hidden.pk}").status_code == 404
    assert outsider.post(f"/ideas/{hidden.pk}/vote").status_code == 404
    assert outsider.post(f"/ideas/{idea.pk}/vote").status_code == 403
    assert (
        outsider.post(
            f"/spaces/{space.slug}/idea-campaigns", {"question": "How could we cut travel costs?"}
        ).status_code
        == 403
    )
    assert Idea.objects.count() == 2 and not IdeaVote.objects.exists()
    assert Idea.objects.get(pk=idea.pk).status == "new"
