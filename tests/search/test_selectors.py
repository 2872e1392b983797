"""Search results: relevance, every filter, the visibility policy, removals and edits,
bad input and safe snippets. Runs on SQLite (FTS5) and PostgreSQL (tsvector) alike."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.conversations import services as conversation_services
from hearth.conversations.models import Conversation
from hearth.core.errors import Invalid
from hearth.people.services import profile_update
from hearth.search.selectors import (
    SearchFilters,
    marked_html,
    search,
    search_filters_parse,
    search_query_clean,
    sqlite_match_expression,
)
from hearth.search.services import search_index_person, search_index_space, search_reindex
from hearth.spaces import services as space_services
from tests.conftest import actor_of
from tests.factories import (
    conversation_make,
    invitation_make,
    membership_make,
    person_make,
    reply_make,
    space_make,
)

pytestmark = pytest.mark.django_db


def found(user, q, **filters):
    """(kind, id) of every hit, best first, for a fresh actor (as in a new request)."""
    results = search(actor=actor_of(user), q=q, filters=SearchFilters(**filters), limit=50)
    return [(hit.kind, hit.id) for hit in results.hits]


def count(user, q, **filters) -> int:
    return search(actor=actor_of(user), q=q, filters=SearchFilters(**filters)).count


# -- Relevance ------------------------------------------------------------------------


def test_a_match_in_the_title_ranks_above_a_match_in_the_body():
    author = person_make()
    space = space_make(leader=author)
    in_body = conversation_make(
        space=space,
        author=author,
        title="Notes from the offsite",
        body="Long notes. We also spoke about kubernetes briefly.",
    )
    in_title = conversation_make(
        space=space,
        author=author,
        title="Kubernetes upgrade plan",
        body="Which clusters go first, and when.",
    )
    assert found(author, "kubernetes") == [("discussion", in_title.pk), ("discussion", in_body.pk)]


def test_words_are_stemmed_all_required_and_phrases_kept_in_order():
    author = person_make()
    space = space_make(leader=author)
    first = conversation_make(
        space=space,
        author=author,
        title="Planning checklist",
        body="How we close the books at month end.",
    )
    second = conversation_make(
        space=space,
        author=author,
        title="Planning retro",
        body="The books close late; nobody likes it.",
    )
    assert set(found(author, "plans")) == {("discussion", first.pk), ("discussion", second.pk)}
    assert found(author, "planning retro") == [("discussion", second.pk)]
    assert found(author, '"close the books"') == [("discussion", first.pk)]
    assert found(author, "planning -retro") == [("discussion", first.pk)]
    assert set(found(author, "checklist or retro")) == {
        ("discussion", first.pk),
        ("discussion", second.pk),
    }


def test_conversations_replies_spaces_and_people_are_all_found():
    author = person_make(display_name="Odile Marchetti")
    profile_update(
        actor=actor_of(author),
        person=author,
        display_name="Odile Marchetti",
        title="Treasury analyst",
        expertise=["Hedging", "Cash pooling"],
    )
    space = space_services.space_create(
        actor=actor_of(author),
        name="Treasury circle",
        description="Cash pooling and hedging practice.",
    )
    conversation = conversation_make(
        space=space, author=author, title="Hedging policy draft", body="Comments welcome."
    )
    reply = reply_make(
        conversation=conversation, author=author, body="Add a section on hedging costs."
    )
    assert set(found(author, "hedging")) == {
        ("discussion", conversation.pk),
        ("reply", reply.pk),
        ("space", space.pk),
        ("person", author.pk),
    }


# -- Filters --------------------------------------------------------------------------


@pytest.fixture
def library():
    """Posts about "budget" of every kind, in two spaces, by two people."""
    ana, ben = person_make(username="ana"), person_make(username="ben")
    finance = space_make(slug="finance", leader=ana)
    ops = space_make(slug="ops", leader=ben)
    membership_make(space=ops, user=ana)
    discussion = conversation_make(
        space=finance,
        author=ana,
        title="Budget season",
        body="The budget timeline.",
        tags=["planning"],
    )
    question = conversation_make(
        space=ops,
        author=ben,
        kind="question",
        title="Budget owner for tooling?",
        body="Who owns it?",
    )
    open_question = conversation_make(
        space=ops, author=ana, kind="question", title="Budget for travel?", body="Is there one?"
    )
    answer = reply_make(conversation=question, author=ana, body="Finance owns the budget.")
    conversation_services.reply_accept(actor=actor_of(ben), reply=answer)
    return {
        "ana": ana,
        "ben": ben,
        "finance": finance,
        "ops": ops,
        "discussion": discussion,
        "question": question,
        "open_question": open_question,
        "answer": answer,
    }


def test_filter_by_space(library):
    assert set(found(library["ana"], "budget", space="finance")) == {
        ("discussion", library["discussion"].pk)
    }
    assert found(library["ana"], "budget", space="nowhere") == []


def test_filter_by_kind(library):
    ana = library["ana"]
    assert found(ana, "budget", kind="discussion") == [("discussion", library["discussion"].pk)]
    assert set(found(ana, "budget", kind="question")) == {
        ("question", library["question"].pk),
        ("question", library["open_question"].pk),
    }
    assert found(ana, "budget", kind="reply") == [("reply", library["answer"].pk)]
    results = search(actor=actor_of(ana), q="budget", filters=SearchFilters(kind="reply"))
    assert results.count == 1
    assert results.counts == {
        "discussion": 1,
        "question": 2,
        "reply": 1,
        "space": 0,
        "person": 0,
        "document": 0,
        "story": 0,
    }


def test_filter_by_tag_finds_the_conversation_and_its_replies(library):
    reply = reply_make(
        conversation=library["discussion"],
        author=library["ben"],
        body="Budget templates are in the library.",
    )
    assert set(found(library["ana"], "budget", tag="planning")) == {
        ("discussion", library["discussion"].pk),
        ("reply", reply.pk),
    }
    assert found(library["ana"], "budget", tag="unknown") == []


def test_filter_by_answered_follows_the_question_as_it_is_now(library):
    ana = library["ana"]
    assert set(found(ana, "budget", answered=True)) == {
        ("question", library["question"].pk),
        ("reply", library["answer"].pk),
    }
    assert found(ana, "budget", answered=False) == [("question", library["open_question"].pk)]
    conversation_services.reply_unaccept(
        actor=actor_of(library["ben"]), conversation=library["question"]
    )
    assert ("question", library["question"].pk) in found(ana, "budget", answered=False)


def test_filter_by_author(library):
    assert set(found(library["ana"], "budget", author="ben")) == {
        ("question", library["question"].pk)
    }
    assert found(library["ana"], "budget", author="nobody") == []


def test_filter_by_dates(library):
    old = timezone.now() - timedelta(days=40)
    Conversation.objects.filter(pk=library["discussion"].pk).update(created_at=old)
    search_reindex(kinds=["conversation"])
    ana, today = library["ana"], timezone.now().date()
    assert found(ana, "budget", date_to=old.date()) == [("discussion", library["discussion"].pk)]
    recent = found(ana, "budget", date_from=today)
    assert ("discussion", library["discussion"].pk) not in recent and len(recent) == 3
    assert found(ana, "budget", date_from=old.date(), date_to=old.date()) == [
        ("discussion", library["discussion"].pk)
    ]


# -- THE PRIVACY RULE ------------------------------------------------------------------


@pytest.fixture
def falcon():
    leader = person_make()
    restricted = space_make(visibility="restricted", leader=leader, name="Falcon restricted")
    private = space_make(visibility="private", leader=leader, name="Falcon private")
    for space in (restricted, private):
        search_index_space(space)
        conversation = conversation_make(
            space=space, author=leader, title="Falcon launch date", body="Falcon ships in May."
        )
        reply_make(conversation=conversation, author=leader, body="Falcon needs a name.")
    return {"leader": leader, "restricted": restricted, "private": private}


def test_an_outsider_finds_nothing_of_a_private_space_and_only_the_name_of_a_restricted_one(falcon):
    outsider = person_make()
    assert found(outsider, "falcon") == [("space", falcon["restricted"].pk)]
    results = search(actor=actor_of(outsider), q="falcon")
    assert results.count == 1
    assert results.counts == {
        "discussion": 0,
        "question": 0,
        "reply": 0,
        "space": 1,
        "person": 0,
        "document": 0,
        "story": 0,
    }
    assert found(outsider, "falcon", space=falcon["private"].slug) == []
    assert count(outsider, "falcon", kind="reply") == 0


def test_a_member_finds_the_content_and_loses_it_on_leaving(falcon):
    member = person_make()
    membership_make(space=falcon["restricted"], user=member)
    assert count(member, "falcon", kind="discussion") == 1
    assert count(member, "falcon", kind="reply") == 1
    space_services.space_leave(actor=actor_of(member), space=falcon["restricted"])
    assert count(member, "falcon", kind="discussion") == 0
    assert count(member, "falcon", kind="reply") == 0
    assert found(member, "falcon") == [("space", falcon["restricted"].pk)]


def test_an_invitee_sees_a_private_space_by_name_but_not_its_content(falcon):
    invitee = person_make()
    invitation_make(space=falcon["private"], user=invitee, invited_by=falcon["leader"])
    assert set(found(invitee, "falcon")) == {
        ("space", falcon["restricted"].pk),
        ("space", falcon["private"].pk),
    }


def test_a_platform_admin_lists_every_space_but_reads_content_only_as_a_member(falcon):
    admin = person_make(org_role="admin")
    assert set(found(admin, "falcon")) == {
        ("space", falcon["restricted"].pk),
        ("space", falcon["private"].pk),
    }
    assert count(admin, "falcon", kind="discussion") == 0


def test_a_space_turned_private_disappears_at_once(falcon):
    leader, outsider = falcon["leader"], person_make()
    space_services.space_update(
        actor=actor_of(leader),
        space=falcon["restricted"],
        name="Falcon restricted",
        description="",
        visibility="private",
    )
    assert found(outsider, "falcon") == []


def test_anonymous_actor_finds_nothing(falcon):
    from django.contrib.auth.models import AnonymousUser

    results = search(actor=Actor.for_user(AnonymousUser()), q="falcon")
    assert results.count == 0 and results.hits == []


# -- Removals and edits ----------------------------------------------------------------


def test_removed_posts_are_not_found_and_a_removed_conversation_takes_its_replies():
    author = person_make()
    space = space_make(leader=author)
    conversation = conversation_make(
        space=space, author=author, title="Heron migration", body="Heron moves to the new cluster."
    )
    first = reply_make(conversation=conversation, author=author, body="Heron is ready.")
    second = reply_make(conversation=conversation, author=author, body="Heron is late.")
    conversation_services.reply_remove(actor=actor_of(author), reply=first)
    assert set(found(author, "heron")) == {("discussion", conversation.pk), ("reply", second.pk)}
    conversation_services.conversation_remove(actor=actor_of(author), conversation=conversation)
    assert found(author, "heron") == []
    assert count(author, "heron") == 0


def test_edits_are_indexed():
    author = person_make()
    space = space_make(leader=author)
    conversation = conversation_make(
        space=space, author=author, title="Osprey kickoff", body="Agenda to follow."
    )
    reply = reply_make(conversation=conversation, author=author, body="Osprey notes here.")
    conversation_services.conversation_edit(
        actor=actor_of(author),
        conversation=conversation,
        title="Kestrel kickoff",
        body="Agenda attached.",
    )
    conversation_services.reply_edit(
        actor=actor_of(author), reply=reply, body="Kestrel notes here."
    )
    assert found(author, "osprey") == []
    assert set(found(author, "kestrel")) == {("discussion", conversation.pk), ("reply", reply.pk)}
    hit = search(actor=actor_of(author), q="notes", filters=SearchFilters(kind="reply")).hits[0]
    assert hit.title == "Kestrel kickoff"  # a reply shows its conversation's current title


def test_profile_and_space_changes_are_indexed():
    person = person_make()
    search_index_person(person)
    profile_update(
        actor=actor_of(person),
        person=person,
        display_name="Mira Okafor",
        title="Data steward",
        expertise=["Metadata"],
    )
    assert found(person, "steward") == [("person", person.pk)]
    assert found(person, "metadata okafor") == [("person", person.pk)]
    space = space_services.space_create(actor=actor_of(person), name="Data guild")
    space_services.space_update(
        actor=actor_of(person),
        space=space,
        name="Data guild",
        description="Lineage and catalogues.",
        visibility="open",
    )
    assert found(person, "lineage") == [("space", space.pk)]


def test_a_deactivated_person_is_not_found():
    person = person_make(display_name="Quentin Vasquez")
    search_index_person(person)
    viewer = person_make()
    assert found(viewer, "vasquez") == [("person", person.pk)]
    person.is_active = False
    person.save()
    search_index_person(person)
    assert found(viewer, "vasquez") == []


# -- Input -----------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["", "   ", None, "x" * 201])
def test_empty_or_over_long_queries_are_refused(q):
    with pytest.raises(Invalid) as error:
        search_query_clean(q)
    assert error.value.field == "q"


def test_a_query_of_two_hundred_characters_is_fine():
    assert search_query_clean("  a " + "b" * 198 + " ") == "a " + "b" * 198


@pytest.mark.parametrize(
    "params, field",
    [
        ({"kind": "poll"}, "kind"),
        ({"answered": "maybe"}, "answered"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2026-13-01"}, "date_to"),
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_from"),
    ],
)
def test_bad_filters_are_refused(params, field):
    with pytest.raises(Invalid) as error:
        search_filters_parse(params)
    assert error.value.field == field


def test_filters_are_parsed():
    assert search_filters_parse(
        {"kind": "question", "answered": "true", "space": " Ops ", "date_from": "2026-01-02"}
    ) == SearchFilters(space="ops", kind="question", answered=True, date_from=date(2026, 1, 2))


@pytest.mark.parametrize(
    "q",
    [
        "title:falcon",
        "NEAR(falcon",
        '"unbalanced',
        "falcon AND",
        "*",
        "^falcon",
        "falcon OR",
        "-",
        '""',
        "o'brien",
        "a:b:c (d",
        "-falcon",
        "!!!",
    ],
)
def test_odd_queries_never_fail(q):
    author = person_make()
    conversation_make(
        space=space_make(leader=author),
        author=author,
        title="Falcon things",
        body="O'Brien likes falcons.",
    )
    search(actor=actor_of(author), q=q)  # no error on either database


def test_a_query_of_exclusions_only_finds_nothing():
    author = person_make()
    conversation_make(
        space=space_make(leader=author), author=author, title="Falcon things", body="Nothing else."
    )
    assert count(author, "-heron") == 0


def test_the_sqlite_expression_quotes_every_term():
    assert sqlite_match_expression('falcon "launch date" -draft or heron') == (
        '(("falcon" AND "launch date") OR ("heron")) NOT ("draft")'
    )
    assert sqlite_match_expression('say "hi" NEAR(x)') == '("say" AND "hi" AND "NEAR(x)")'
    assert sqlite_match_expression("-only") == ""
    assert sqlite_match_expression('how to close the books, "the end"') == (
        '("close" AND "books," AND "the end")'
    )
    assert sqlite_match_expression("the") == ""


def test_stop_words_are_not_required_on_either_database():
    author = person_make()
    conversation = conversation_make(
        space=space_make(leader=author),
        author=author,
        title="Closing books",
        body="Month end, faster.",
    )
    assert found(author, "how to close the books") == [("discussion", conversation.pk)]
    assert count(author, "the") == 0


# -- Safe snippets ---------------------------------------------------------------------


def test_snippets_escape_the_text_and_add_only_marks():
    author = person_make()
    conversation_make(
        space=space_make(leader=author),
        author=author,
        title="<b>Falcon</b> & friends",
        body="<script>alert('falcon')</script> <img src=x onerror=alert(1)> falcon rules",
    )
    hit = search(actor=actor_of(author), q="falcon").hits[0]
    for html in (hit.snippet, hit.title_html):
        assert "<mark>" in html
        assert "<" not in html.replace("<mark>", "").replace("</mark>", "")
    assert "&amp; friends" in hit.title_html


def test_marks_are_balanced_whatever_the_text_holds():
    assert marked_html("a\x03b\x02c\x02d") == "a" + "b<mark>cd</mark>"
    assert marked_html("<i>\x02x\x03</i>") == "&lt;i&gt;<mark>x</mark>&lt;/i&gt;"
    assert marked_html(None) == ""
    assert marked_html("\x02a\x03 & \x02b\x03") == "<mark>a</mark> &amp; <mark>b</mark>"
    assert marked_html("\x02a\x02b\x03\x03") == "<mark>ab</mark>"  # nested: one mark
    assert marked_html("a \x02b") == "a <mark>b</mark>"  # left open: closed
    assert marked_html("plain <text>") == "plain &lt;text&gt;"


# -- The candidate cap ----------------------------------------------------------------


def test_beyond_the_cap_counts_stop_after_the_policy_and_read_as_lower_bounds(monkeypatch):
    """Many matches: counts and ranking stop at the cap, and what the actor may not
    read never fills it (nor shows in a count)."""
    from hearth.search import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    member, outsider = person_make(), person_make()
    private = space_make(visibility="private", leader=member)
    open_space = space_make(leader=member)
    for n in range(6):  # the private space's matches come first in the index
        conversation_make(space=private, author=member, title=f"Osprey nest {n}")
    for n in range(2):
        conversation_make(space=open_space, author=member, title=f"Osprey count {n}")
    search_reindex()

    seen = search(actor=actor_of(outsider), q="osprey")
    assert (seen.count, seen.capped, seen.count_text) == (2, False, "2")
    assert {hit.id for hit in seen.hits} <= set(
        Conversation.objects.filter(space=open_space).values_list("pk", flat=True)
    )
    assert seen.facets[0][2:] == (2, "2")

    everything = search(actor=actor_of(member), q="osprey", limit=50)
    assert (everything.count, everything.capped, everything.count_text) == (3, True, "3+")
    assert len(everything.hits) == 3
    assert everything.facets[0][3] == f"{everything.counts['discussion']}+"
    assert count(member, "osprey", kind="discussion") == 3
    assert search(
        actor=actor_of(member), q="osprey", filters=SearchFilters(kind="discussion")
    ).capped
    assert not search(
        actor=actor_of(member), q="osprey", filters=SearchFilters(kind="question")
    ).capped


def test_beyond_the_cap_the_newest_matches_are_the_candidates(monkeypatch):
    """A common word: the best of the newest matches, never of the oldest rows."""
    from datetime import timedelta

    from django.utils import timezone

    from hearth.search import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    author = person_make()
    space = space_make(leader=author)
    now = timezone.now()
    made = []
    for n in range(6):  # written oldest first, so the oldest come first in the index
        made.append(conversation_make(space=space, author=author, title=f"Heron survey {n}"))
    for age, conversation in enumerate(reversed(made)):
        Conversation.objects.filter(pk=conversation.pk).update(created_at=now - timedelta(days=age))
    search_reindex()
    results = search(actor=actor_of(author), q="heron", limit=10)
    assert results.capped and {hit.id for hit in results.hits} == {c.pk for c in made[-3:]}


def test_under_the_cap_every_match_is_ranked_and_counted():
    author = person_make()
    space = space_make(leader=author)
    for n in range(5):
        conversation_make(space=space, author=author, title=f"Kestrel {n}")
    results = search(actor=actor_of(author), q="kestrel")
    assert (results.count, results.capped, results.count_text) == (5, False, "5")


@pytest.mark.django_db
def test_a_search_statement_carries_its_words_quoted_where_postgresql_would_prepare_it():
    from django.db import connection

    from hearth.search.selectors import _planned_for_its_words

    words = "o'brien'); DROP TABLE search_searchdocument; --"
    statement = "SELECT CAST(%s AS text), CAST(%s AS integer)"
    sql, params = _planned_for_its_words(statement, [words, 3])
    if connection.vendor == "postgresql":
        assert params is None and "brien" in sql  # written in, to be planned for these words
    else:
        assert (sql, params) == (statement, [words, 3])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchone() == (words, 3)
