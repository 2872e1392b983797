"""Every operation of the OpenAPI document, sent each kind of value no column holds,
answers a 4xx in the error format, never a server error.

The walker reads ``/api/v1/openapi.json`` itself, so that an endpoint added tomorrow is
walked too: a huge integer in each integer path and query parameter and body field,
or number field, a lone surrogate and a NUL character in each string of each body,
a NUL in each string query parameter, and an oversize body for each operation that takes one. The
caller is a platform admin who leads a space with content, so that the ids of the
path are real and each request would get as far as it can.
"""

import json
from urllib.parse import quote

import pytest
from django.test import Client

from tests.factories import (
    access_request_make,
    conversation_make,
    document_make,
    event_make,
    idea_make,
    person_make,
    poll_make,
    reply_make,
    space_make,
    story_make,
    token_make,
)

pytestmark = pytest.mark.django_db

HUGE = 18446744073709551616  # 2**64: past every 64-bit column
LONE_SURROGATE = "A title \\ud800 with half a pair"  # as it is written in JSON
OVERSIZE = 6 * 1024 * 1024  # past DATA_UPLOAD_MAX_MEMORY_SIZE, under an upload's limit


@pytest.fixture
def world():
    admin = person_make(org_role="platform_admin")
    member = person_make()
    space = space_make(leader=admin)
    question = conversation_make(
        space=space, author=admin, kind="question", title="Where is the handbook kept?"
    )
    reply = reply_make(conversation=question, author=member)
    ids = {
        "conversation_id": question.pk,
        "reply_id": reply.pk,
        "request_id": access_request_make(
            space=space_make(visibility="restricted", leader=admin), user=member
        ).pk,
        "document_id": document_make(space=space, owner=admin).pk,
        "number": 1,
        "poll_id": poll_make(space=space, author=admin).pk,
        "idea_id": idea_make(space=space, author=admin).pk,
        "event_id": event_make(space=space, host=admin).pk,
        "story_id": story_make(space=space, author=admin).pk,
    }
    strings = {"slug": space.slug, "username": member.username}
    client = Client(raise_request_exception=False)
    headers = {"Authorization": f"Bearer {token_make(user=admin)}"}
    return client, headers, ids, strings


def _operations():
    # The document is read as a signed-in employee reads it.
    client = Client()
    client.force_login(person_make())
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield document, path, method, operation


def _resolve(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            choices = [s for s in schema[key] if s.get("type") != "null"]
            return _resolve(document, choices[0])
    return schema


def _sample(document, schema):
    """A plausible value of the schema: every property given, the first choice of an
    enumeration, dates in the future."""
    schema = _resolve(document, schema)
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        return {name: _sample(document, sub) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [_sample(document, schema.get("items", {}))]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if schema.get("format") == "date-time":
        return "2031-03-04T10:00:00+00:00"
    if schema.get("format") == "date":
        return "2031-03-04"
    return "A plain sentence of text"[: schema.get("maxLength", 100)]


def _leaves(document, schema, value, where=()):
    """(where, type) of every integer, number and string in a sampled body."""
    schema = _resolve(document, schema)
    if schema.get("type") == "number":
        yield where, "number"
        return
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _leaves(document, schema["properties"][name], item, where + (name,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(document, schema.get("items", {}), item, where + (index,))
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        yield where, "integer"
    elif isinstance(value, str):
        yield where, "string"


def _replaced(value, where, new):
    if not where:
        return new
    copy = json.loads(json.dumps(value))
    target = copy
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = new
    return copy


def _url(path, operation, ids, strings, *, huge_in=None):
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        name = parameter["name"]
        value = (
            HUGE
            if name == huge_in
            else (ids.get(name, 1) if _is_int(parameter) else strings.get(name, "x"))
        )
        path = path.replace("{" + name + "}", quote(str(value)))
    return path


def _is_int(parameter):
    schema = parameter["schema"]
    return schema.get("type") == "integer" or any(
        s.get("type") == "integer" for s in schema.get("anyOf", [])
    )


def _is_string(document, parameter):
    schema = _resolve(document, parameter["schema"])
    return schema.get("type") == "string" and "enum" not in schema


def _cases():
    """(label, method, path, operation, how) for each bad value of each operation."""
    for document, path, method, operation in _operations():
        label = f"{method.upper()} {path}"
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        for parameter in operation.get("parameters", []):
            if _is_int(parameter):
                yield label, method, path, operation, ("int-param", parameter)
            elif parameter["in"] == "query" and _is_string(document, parameter):
                yield label, method, path, operation, ("nul-param", parameter)
        if body is None:
            continue
        sample = _sample(document, body["schema"])
        for where, kind in _leaves(document, body["schema"], sample):
            if kind == "integer":
                yield label, method, path, operation, ("int-body", sample, where)
            elif kind == "number":
                yield label, method, path, operation, ("number-body", sample, where)
            else:
                yield label, method, path, operation, ("surrogate-body", sample, where)
                yield label, method, path, operation, ("nul-body", sample, where)
        yield label, method, path, operation, ("oversize-body", sample, ())


def _send(world, method, path, operation, how):
    client, headers, ids, strings = world
    kind = how[0]
    query, body = "", None
    if kind == "int-param":
        parameter = how[1]
        url = _url(path, operation, ids, strings, huge_in=parameter["name"])
        if parameter["in"] == "query":
            query = f"?{parameter['name']}={HUGE}"
    else:
        url = _url(path, operation, ids, strings)
    if kind == "nul-param":
        query = f"?{how[1]['name']}=a%00b"
    if kind in ("int-body", "number-body"):
        body = json.dumps(_replaced(how[1], how[2], HUGE)).encode()
    elif kind == "nul-body":
        body = json.dumps(_replaced(how[1], how[2], "text\x00more")).encode()
    elif kind == "surrogate-body":
        # json.dumps would escape a real surrogate as \\ud800 too, but the test writes
        # the bytes a hostile client sends.
        body = (
            json.dumps(_replaced(how[1], how[2], "@@SURROGATE@@"))
            .encode()
            .replace(b"@@SURROGATE@@", LONE_SURROGATE.encode())
        )
    elif kind == "oversize-body":
        body = json.dumps({**how[1], "padding": "x" * OVERSIZE}).encode()
    return client.generic(
        method.upper(), url + query, body or b"", content_type="application/json", headers=headers
    )


EXPECTED = {
    "int-param": 422,
    "int-body": 422,
    # A decimal or a float: the service says what it takes (400), or the schema (422).
    "number-body": (400, 422),
    "nul-param": 400,
    "nul-body": 400,
    "surrogate-body": 400,
    "oversize-body": 413,
}


def test_every_operation_answers_each_bad_value_with_a_4xx_in_the_error_format(world):
    cases = list(_cases())
    operations = {label for label, *_ in cases}
    # The walk covers the document: every operation with a parameter or a body.
    assert len(operations) > 100
    assert {how[0] for *_, how in cases} == set(EXPECTED)
    wrong = []
    for label, method, path, operation, how in cases:
        response = _send(world, method, path, operation, how)
        where = how[1]["name"] if how[0].endswith("param") else ".".join(map(str, how[2]))
        try:
            detail = response.json()["detail"]
        except (ValueError, KeyError, TypeError):
            detail = None
        expected = EXPECTED[how[0]]
        expected = expected if isinstance(expected, tuple) else (expected,)
        if response.status_code not in expected or not isinstance(detail, str) or not detail:
            wrong.append(f"{label} {how[0]} {where}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_a_refusal_names_the_field_and_what_is_wrong(world):
    client, headers, ids, strings = world
    response = client.get(f"/api/v1/people?offset={2**63}", headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Invalid input. offset: ")
    response = client.post(
        "/api/v1/notifications/read",
        b'{"ids": [18446744073709551616]}',
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422 and "ids.0" in response.json()["detail"]
    response = client.post(
        f"/api/v1/spaces/{strings['slug']}/conversations",
        b'{"title": "Lunch \\ud800 plans", "body": "Who comes?"}',
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "title: Text must be valid Unicode (a lone surrogate is not).",
        "field": "title",
    }


def test_the_largest_offset_a_column_holds_is_an_empty_page_not_an_error(world):
    client, headers, ids, strings = world
    for path in (
        "/people",
        "/spaces",
        "/stories",
        "/audit",
        "/notifications",
        f"/spaces/{strings['slug']}/conversations",
    ):
        response = client.get(f"/api/v1{path}?offset={2**63 - 1}", headers=headers)
        assert response.status_code == 200, path
        assert response.json()["items"] == [], path


def test_an_oversize_body_is_413_even_when_found_while_it_is_read(world, settings):
    client, headers, ids, strings = world
    # Past the memory limit but with the body limit middleware out of the way: the
    # API's own handler answers.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RequestBodyLimit" not in m]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(
        "/api/v1/notifications/read",
        json.dumps({"ids": [1] * 500}).encode() + b" " * 2048,
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("This request is too large")


def test_a_capacity_past_its_32_bit_column_is_refused_with_the_field(world):
    client, headers, ids, strings = world
    event = {
        "title": "Team lunch",
        "starts_at": "2031-03-04T12:00:00",
        "ends_at": "2031-03-04T13:00:00",
        "timezone": "Europe/Paris",
        "place": "Canteen",
        "capacity": 2**31,
    }
    response = client.post(
        f"/api/v1/spaces/{strings['slug']}/events",
        json.dumps(event),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and response.json()["field"] == "capacity"
    response = client.post(
        f"/api/v1/spaces/{strings['slug']}/events",
        json.dumps({**event, "capacity": 2**31 - 1}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
