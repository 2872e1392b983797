"""The unanswered questions desk: per space and per unit, through the policy, with
notify / move / close-as-duplicate, each audited."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.access.actor import Actor
from hearth.core.errors import Conflict, Forbidden, Invalid, NotFound
from hearth.core.models import AuditEntry
from hearth.desks import services
from hearth.desks.models import DuplicateClosure
from hearth.notifications.models import Notification
from hearth.search.models import SearchDocument
from tests.conftest import ApiClient, client_for
from tests.factories import (
    business_unit_make,
    conversation_make,
    membership_make,
    person_make,
    reply_make,
    space_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    ops, fin = business_unit_make(name="Operations"), business_unit_make(name="Finance")
    leader, facilitator = person_make(username="lea"), person_make(username="fac")
    asker = person_make(username="asker")
    open_ops = space_make(slug="open-ops", business_unit=ops, leader=leader)
    membership_make(space=open_ops, user=facilitator, role="facilitator")
    private_ops = space_make(
        slug="priv-ops", visibility="private", business_unit=ops, leader=leader
    )
    open_fin = space_make(slug="open-fin", business_unit=fin, leader=person_make())
    q_open = conversation_make(
        space=open_ops, author=asker, kind="question", title="Marker-Open-Question about kaizen"
    )
    q_private = conversation_make(
        space=private_ops,
        author=asker,
        kind="question",
        title="Marker-Secret-Question about pricing",
    )
    q_fin = conversation_make(
        space=open_fin, author=asker, kind="question", title="Marker-Finance-Question on closing"
    )
    q_replied = conversation_make(
        space=open_ops, author=asker, kind="question", title="Marker-Replied-Question with a reply"
    )
    reply_make(conversation=q_replied, author=leader)
    return {
        "ops": ops,
        "fin": fin,
        "leader": leader,
        "facilitator": facilitator,
        "asker": asker,
        "open_ops": open_ops,
        "private_ops": private_ops,
        "open_fin": open_fin,
        "q_open": q_open,
        "q_private": q_private,
        "q_fin": q_fin,
        "q_replied": q_replied,
        "director": person_make(username="dir", org_role="director"),
        "unitlead": person_make(username="ul", org_role="unit_leader", business_unit=ops),
        "member": person_make(username="mem"),
    }


def _titles(user, query: str = "") -> set[str]:
    response = client_for(user).get(f"/desk/unanswered/{query}")
    assert response.status_code == 200, response.content[:300]
    text = response.content.decode()
    return {t for t in ("Open", "Secret", "Finance", "Replied") if f"Marker-{t}-" in text}


def test_scopes(org):
    assert _titles(org["leader"]) == {"Open", "Secret", "Replied"}
    assert _titles(org["facilitator"]) == {"Open", "Replied"}
    # A unit leader: their unit's spaces they may read — never a private one's content.
    assert _titles(org["unitlead"]) == {"Open", "Replied"}
    # The director: every open space, no private content without membership.
    assert _titles(org["director"]) == {"Open", "Finance", "Replied"}
    assert _titles(org["director"], "?unit=" + org["fin"].slug) == {"Finance"}
    assert _titles(org["leader"], "?no_reply=on") == {"Open", "Secret"}
    assert _titles(org["leader"], "?space=priv-ops") == {"Secret"}


def test_out_of_scope_filters_are_refused(org):
    client = client_for(org["unitlead"])
    assert client.get(f"/desk/unanswered/?unit={org['fin'].slug}").status_code == 403
    assert client.get("/desk/unanswered/?space=open-fin").status_code == 403
    assert client.get("/desk/unanswered/?space=priv-ops").status_code == 403
    assert client.get("/desk/unanswered/?space=no-such").status_code == 404
    assert client.get("/desk/unanswered/?unit=no-such").status_code == 404
    assert client_for(org["facilitator"]).get("/desk/unanswered/?space=priv-ops").status_code == 404
    assert client_for(org["member"]).get("/desk/unanswered/").status_code == 403


def test_desk_page_constant_queries(org):
    client = client_for(org["director"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/desk/unanswered/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(5):
        conversation_make(
            space=space_make(business_unit=org["fin"], leader=person_make()),
            author=person_make(),
            kind="question",
            title=f"Another one {i}",
        )
    assert count() == few


def test_notify_only_people_who_can_read(org):
    reader, stranger = person_make(username="reader"), person_make(username="stranger")
    membership_make(space=org["private_ops"], user=reader)
    notified, missed = services.question_notify(
        actor=Actor.for_user(org["leader"]),
        conversation=org["q_private"],
        usernames=["reader", "stranger", "nobody"],
        message="You know this",
    )
    assert [p.username for p in notified] == ["reader"]
    assert missed == ["stranger", "nobody"]
    assert Notification.objects.filter(recipient=reader, kind="question_help").exists()
    assert not Notification.objects.filter(recipient=stranger).exists()
    entry = AuditEntry.objects.get(action="question.notify")
    assert entry.after["not_notified"] == ["stranger", "nobody"]


def test_notify_bad_input(org):
    actor = Actor.for_user(org["leader"])
    with pytest.raises(Invalid):
        services.question_notify(actor=actor, conversation=org["q_open"], usernames=[])
    with pytest.raises(Invalid):
        services.question_notify(
            actor=actor, conversation=org["q_open"], usernames=[f"p{i}" for i in range(21)]
        )
    with pytest.raises(Invalid):
        services.question_notify(
            actor=actor, conversation=org["q_private"], usernames=["mem"]
        )  # cannot read: no one notified
    with pytest.raises(Forbidden):
        services.question_notify(
            actor=Actor.for_user(org["member"]), conversation=org["q_open"], usernames=["lea"]
        )
    with pytest.raises(Forbidden):  # the director knows the space, not its content
        services.question_notify(
            actor=Actor.for_user(org["director"]), conversation=org["q_private"], usernames=["lea"]
        )
    assert not AuditEntry.objects.filter(action="question.notify").exists()


def test_notify_through_the_page_with_htmx(org):
    client = client_for(org["facilitator"])
    form = client.get(f"/desk/unanswered/{org['q_open'].pk}/notify/", HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and b'name="usernames"' in form.content
    response = client.post(
        f"/desk/unanswered/{org['q_open'].pk}/notify/",
        {"usernames": "mem, lea", "message": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and b"Notified" in response.content
    empty = client.post(
        f"/desk/unanswered/{org['q_open'].pk}/notify/", {"usernames": ""}, HTTP_HX_REQUEST="true"
    )
    assert empty.status_code == 400


def test_move_to_a_space_the_mover_can_post_in(org):
    target = space_make(slug="target", leader=org["leader"])
    reply_make(conversation=org["q_open"], author=org["leader"])
    services.question_move(
        actor=Actor.for_user(org["leader"]), conversation=org["q_open"], to_space=target
    )
    org["q_open"].refresh_from_db()
    assert org["q_open"].space == target
    assert set(
        SearchDocument.objects.filter(conversation_id=org["q_open"].pk).values_list(
            "space_id", flat=True
        )
    ) == {target.pk}
    entry = AuditEntry.objects.get(action="conversation.move")
    # Ids only: the audit log names the target through the policy, to each reader.
    assert entry.after == {"space_id": target.pk}
    assert entry.space.slug == "open-ops" and entry.before == {"space_id": entry.space_id}
    assert Notification.objects.filter(recipient=org["asker"], kind="question_moved").exists()


def test_move_from_a_members_only_space_needs_confirmation(org):
    target = space_make(slug="target-open", leader=org["leader"])
    actor = Actor.for_user(org["leader"])
    with pytest.raises(Conflict):
        services.question_move(actor=actor, conversation=org["q_private"], to_space=target)
    org["q_private"].refresh_from_db()
    assert org["q_private"].space == org["private_ops"]
    services.question_move(
        actor=actor, conversation=org["q_private"], to_space=target, confirm_wider=True
    )
    org["q_private"].refresh_from_db()
    assert org["q_private"].space == target


def test_move_bad_input(org):
    actor = Actor.for_user(org["facilitator"])
    with pytest.raises(Forbidden):  # not a member of the target
        services.question_move(actor=actor, conversation=org["q_open"], to_space=org["open_fin"])
    with pytest.raises(Invalid):
        services.question_move(actor=actor, conversation=org["q_open"], to_space=org["open_ops"])
    with pytest.raises(NotFound):
        services.question_move(actor=actor, conversation=org["q_open"], to_space=org["private_ops"])
    client = client_for(org["facilitator"])
    assert (
        client.post(
            f"/desk/unanswered/{org['q_open'].pk}/move/", {"to_space": "no-such"}
        ).status_code
        == 404
    )
    assert (
        client.post(f"/desk/unanswered/{org['q_open'].pk}/move/", {"to_space": "!!"}).status_code
        == 400
    )
    assert not AuditEntry.objects.filter(action="conversation.move").exists()


def test_close_as_duplicate_leaves_the_list(org):
    client = client_for(org["leader"])
    response = client.post(
        f"/desk/unanswered/{org['q_replied'].pk}/duplicate/",
        {"original": f"/c/{org['q_open'].pk}/"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and b"duplicate" in response.content
    assert DuplicateClosure.objects.get(conversation=org["q_replied"]).original == org["q_open"]
    assert "Replied" not in _titles(org["leader"])
    assert (
        AuditEntry.objects.get(action="question.close_duplicate").after["original"]
        == org["q_open"].pk
    )
    again = client.post(
        f"/desk/unanswered/{org['q_replied'].pk}/duplicate/", {"original": str(org["q_open"].pk)}
    )
    assert again.status_code == 409


def test_close_as_duplicate_bad_input(org):
    actor = Actor.for_user(org["facilitator"])
    with pytest.raises(Invalid):
        services.question_close_duplicate(
            actor=actor, conversation=org["q_open"], original_id="garbage"
        )
    with pytest.raises(Invalid):
        services.question_close_duplicate(
            actor=actor, conversation=org["q_open"], original_id=org["q_open"].pk
        )
    with pytest.raises(NotFound):  # an original the actor may not read
        services.question_close_duplicate(
            actor=actor, conversation=org["q_open"], original_id=org["q_private"].pk
        )
    with pytest.raises(Forbidden):
        services.question_close_duplicate(
            actor=Actor.for_user(org["member"]),
            conversation=org["q_open"],
            original_id=org["q_fin"].pk,
        )
    assert not DuplicateClosure.objects.exists()


def test_unit_leader_tends_their_units_open_space_audited_as_unit_leader(org):
    services.question_close_duplicate(
        actor=Actor.for_user(org["unitlead"]),
        conversation=org["q_replied"],
        original_id=org["q_open"].pk,
    )
    assert AuditEntry.objects.get(action="question.close_duplicate").as_role == "unit_leader"
    with pytest.raises(Forbidden):
        services.question_close_duplicate(
            actor=Actor.for_user(org["unitlead"]),
            conversation=org["q_fin"],
            original_id=org["q_open"].pk,
        )


def test_api_unanswered(org):
    body = ApiClient(org["director"]).get("/desk/unanswered", no_reply="true").json()
    assert {item["title"][:15] for item in body["items"]} == {"Marker-Open-Que", "Marker-Finance-"}
    assert (
        ApiClient(org["unitlead"]).get("/desk/unanswered", unit=org["fin"].slug).status_code == 403
    )
    assert ApiClient(org["member"]).get("/desk/unanswered").status_code == 403
    assert ApiClient(org["leader"]).get("/desk/unanswered", space="nope").status_code == 404
    assert ApiClient(org["leader"]).get("/desk/unanswered", no_reply="maybe").status_code == 422


def test_action_forms_work_without_htmx_and_are_refused_to_outsiders(org):
    client = client_for(org["leader"])
    for action in ("notify", "move", "duplicate"):
        page = client.get(f"/desk/unanswered/{org['q_open'].pk}/{action}/")
        assert page.status_code == 200 and b"<form" in page.content
        assert b"Marker-Open-Question" in page.content
    outsider = client_for(org["member"])
    assert outsider.get(f"/desk/unanswered/{org['q_open'].pk}/move/").status_code == 403
    assert outsider.get(f"/desk/unanswered/{org['q_private'].pk}/move/").status_code == 404
    assert client.get("/desk/unanswered/999999/notify/").status_code == 404
    response = client.post(
        f"/desk/unanswered/{org['q_open'].pk}/duplicate/", {"original": str(org["q_replied"].pk)}
    )
    assert response.status_code == 302
