"""The top content through the API: list what the caller may read, feature, order
and unfeature (leaders only, audited); bad input refused with nothing changed."""

import json

import pytest

from hearth.core.models import AuditEntry
from hearth.structure.models import FeaturedItem
from tests.conftest import ApiClient
from tests.factories import (
    conversation_make,
    document_make,
    event_make,
    membership_make,
    person_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def _send(api, method, path, body=None):
    return getattr(api.client, method)(
        f"/api/v1{path}",
        json.dumps(body) if body is not None else None,
        content_type="application/json",
        headers=api.headers,
    )


def test_leaders_feature_order_and_unfeature_through_the_api():
    leader, member, outsider = person_make(), person_make(), person_make()
    space = space_make(slug="plant", visibility="restricted", leader=leader)
    membership_make(space=space, user=member)
    talk = conversation_make(space=space, author=member, title="Shift handover notes")
    guide = document_make(space=space, owner=leader, title="Handover guide", status="official")
    api = ApiClient(leader)
    first = api.post("/spaces/plant/featured", {"kind": "conversation", "item_id": talk.pk})
    assert first.status_code == 201 and first.json()["title"] == "Shift handover notes"
    second = api.post("/spaces/plant/featured", {"kind": "document", "item_id": guide.pk})
    assert second.status_code == 201 and second.json()["url"] == f"/d/{guide.pk}/"
    order = [second.json()["id"], first.json()["id"]]
    reordered = _send(api, "put", "/spaces/plant/featured", {"items": order})
    assert reordered.status_code == 200
    assert [row["id"] for row in reordered.json()] == order
    listed = ApiClient(member).get("/spaces/plant/featured").json()
    assert [row["title"] for row in listed] == ["Handover guide", "Shift handover notes"]
    # An outsider of the restricted space reads none of it.
    assert ApiClient(outsider).get("/spaces/plant/featured").status_code == 403
    assert _send(api, "delete", f"/spaces/plant/featured/{first.json()['id']}").status_code == 204
    assert FeaturedItem.objects.count() == 1
    assert AuditEntry.objects.filter(action__startswith="featured.", via="api").count() == 4


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"kind": "poll", "item_id": 1}, 400),
        ({"kind": "event", "item_id": 999999}, 400),
        ({"kind": "event"}, 422),
        ({"kind": "event", "item_id": "first"}, 422),
    ],
)
def test_bad_features_are_refused_and_nothing_changes(payload, status):
    leader = person_make()
    space_make(slug="plant", leader=leader)
    response = ApiClient(leader).post("/spaces/plant/featured", payload)
    assert response.status_code == status and "detail" in response.json()
    assert not FeaturedItem.objects.exists()


def test_only_leaders_feature_and_orders_must_name_every_item():
    leader, member = person_make(), person_make()
    space = space_make(slug="plant", leader=leader)
    membership_make(space=space, user=member)
    event = event_make(space=space, host=leader, title="Safety walk")
    refused = ApiClient(member).post(
        "/spaces/plant/featured", {"kind": "event", "item_id": event.pk}
    )
    assert refused.status_code == 403 and not FeaturedItem.objects.exists()
    item = ApiClient(leader).post("/spaces/plant/featured", {"kind": "event", "item_id": event.pk})
    bad_order = _send(ApiClient(leader), "put", "/spaces/plant/featured", {"items": [1, 2, 3]})
    assert bad_order.status_code == 400
    assert (
        _send(
            ApiClient(member), "delete", f"/spaces/plant/featured/{item.json()['id']}"
        ).status_code
        == 403
    )
    assert _send(ApiClient(leader), "delete", "/spaces/plant/featured/999999").status_code == 404
    assert FeaturedItem.objects.count() == 1
