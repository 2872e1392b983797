import pytest

from tests.factories import conversation_make, membership_make, person_make, reply_make, space_make


@pytest.fixture
def community(db):
    """An open space with a leader, a facilitator, an author with a reply, three
    members who may report it, and an outsider; plus a second space elsewhere."""
    leader = person_make(username="lea")
    space = space_make(slug="garden", leader=leader)
    facilitator = person_make(username="fay")
    membership_make(space=space, user=facilitator, role="facilitator")
    author = person_make(username="troll")
    starter = person_make(username="starter")
    conversation = conversation_make(space=space, author=starter, title="Compost tips please")
    reply = reply_make(conversation=conversation, author=author, body="Buy cheap pills now")
    reporters = [person_make(username=f"rep{i}") for i in range(3)]
    for person in reporters:
        membership_make(space=space, user=person)
    other_leader = person_make(username="olea")
    other = space_make(slug="kitchen", leader=other_leader)
    other_facilitator = person_make(username="ofay")
    membership_make(space=other, user=other_facilitator, role="facilitator")
    return type(
        "Community",
        (),
        {
            "space": space,
            "leader": leader,
            "facilitator": facilitator,
            "author": author,
            "starter": starter,
            "conversation": conversation,
            "reply": reply,
            "reporters": reporters,
            "outsider": person_make(username="out"),
            "other": other,
            "other_facilitator": other_facilitator,
            "admin": person_make(username="admin", org_role="admin"),
        },
    )
