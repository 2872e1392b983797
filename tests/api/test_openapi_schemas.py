"""The OpenAPI document: one component per schema name, each endpoint's own body."""

import json

import pytest
from django.test import Client
from ninja.openapi.schema import OpenAPISchema

from hearth.api.api import api
from tests.factories import person_make

pytestmark = pytest.mark.django_db


def _component(doc: dict, ref: str) -> dict:
    return doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_poll_vote_documents_a_list_of_option_ids():
    client = Client()
    client.force_login(person_make())
    doc = client.get("/api/v1/openapi.json").json()
    body = doc["paths"]["/api/v1/polls/{poll_id}/vote"]["post"]["requestBody"]
    schema = _component(doc, body["content"]["application/json"]["schema"]["$ref"])
    assert schema["required"] == ["options"]
    assert schema["properties"]["options"]["type"] == "array"
    assert schema["properties"]["options"]["items"] == {"type": "integer"}
    # And a rules proposal's vote still documents its own body.
    body = doc["paths"]["/api/v1/spaces/{slug}/rules/proposals/{proposal_id}/votes"]["post"]
    schema = _component(doc, body["requestBody"]["content"]["application/json"]["schema"]["$ref"])
    assert list(schema["properties"]) == ["in_favour"]


def test_no_two_different_schemas_share_a_name(monkeypatch):
    """django-ninja files every schema under its class name, the last one winning:
    two apps' ``VoteIn`` made one endpoint document the other's body. Each name
    must stand for one shape across the whole API."""
    seen: dict[str, set[str]] = {}
    add = OpenAPISchema.add_schema_definitions

    def recording_add(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            seen.setdefault(name, set()).add(json.dumps(definition, sort_keys=True))
        add(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", recording_add)
    api.get_openapi_schema()
    assert len(seen) > 50  # the whole API was walked
    clashes = {name: len(shapes) for name, shapes in seen.items() if len(shapes) > 1}
    assert clashes == {}
