"""Compiled statements give what their queryset gives, for any values, at one query
each and one compilation per connection; what cannot be compiled once still works."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.conversations.models import Conversation, Like
from hearth.core.statements import Statement
from tests.factories import PASSWORD, conversation_make, person_make, reply_make, space_make

pytestmark = pytest.mark.django_db


class _Counted:
    """A builder that counts how often it was called."""

    def __init__(self, build):
        self.build, self.calls = build, 0

    def __call__(self, *values):
        self.calls += 1
        return self.build(*values)


def _with_likes(user_id, since):
    return (
        Conversation.objects.select_related("space", "author")
        .filter(created_at__gte=since)
        .annotate(
            reply_rows=Count("replies"),
            liked=Exists(Like.objects.filter(user_id=user_id, conversation=OuterRef("pk"))),
        )
        .order_by("id")
    )


@pytest.fixture
def conversations():
    space = space_make()
    ana, ben = person_make(username="ana"), person_make(username="ben")
    first = conversation_make(space=space, author=ana, title="First of two")
    second = conversation_make(space=space, author=ben, title="Second of two")
    reply_make(conversation=first, author=ben)
    Like.objects.create(user=ben, conversation=first)
    return ana, ben, first, second


def test_model_rows_with_related_rows_and_annotations_are_the_querysets(conversations):
    ana, ben, first, second = conversations
    build = _Counted(_with_likes)
    statement = Statement(build)
    long_ago = timezone.now() - timedelta(days=1)
    for user in (ben, ana, ben):
        expected = [
            (c.pk, c.space.name, c.author.username, c.reply_rows, c.liked)
            for c in _with_likes(user.pk, long_ago)
        ]
        with CaptureQueriesContext(connection) as captured:
            rows = statement(user.pk, long_ago)
        assert [
            (c.pk, c.space.name, c.author.username, c.reply_rows, c.liked) for c in rows
        ] == expected
        assert len(captured.captured_queries) == 1
    assert [c.liked for c in statement(ben.pk, long_ago)] == [True, False]
    assert statement(ben.pk, timezone.now() + timedelta(days=1)) == []
    assert build.calls == 1  # built once, with stand-ins, and compiled once


def test_named_value_rows_and_string_values(conversations):
    ana, ben, first, second = conversations
    statement = Statement(
        lambda title: Conversation.objects.filter(title=title).values_list(
            "pk", "author__username", named=True
        )
    )
    assert statement("Second of two") == [(second.pk, "ben")]
    assert statement("Second of two")[0].author__username == "ben"
    assert statement("First of two") == [(first.pk, "ana")]
    assert statement("No such title") == []


def test_a_value_used_twice_takes_each_place(conversations):
    ana, ben, first, second = conversations
    statement = Statement(
        lambda pk: Conversation.objects.filter(pk__gte=pk, pk__lte=pk).values_list("pk", flat=True)
    )
    assert statement(first.pk) == [first.pk]
    assert statement(second.pk) == [second.pk]


def test_a_value_the_lookup_rewrites_falls_back_to_the_queryset(conversations):
    ana, ben, first, second = conversations
    build = _Counted(
        lambda text: (
            Conversation.objects.filter(title__icontains=text)
            .order_by("id")
            .values_list("pk", flat=True)
        )
    )
    statement = Statement(build)
    assert statement("of two") == [first.pk, second.pk]
    assert statement("SECOND") == [second.pk]
    # Twice with stand-ins (a value left out of the SQL is told from one rewritten),
    # then the queryset each time.
    assert build.calls == 4


def test_a_statement_that_can_match_nothing_gives_nothing(conversations):
    statement = Statement(lambda pk: Conversation.objects.filter(pk=pk, id__in=[]))
    assert statement(1) == []
    assert statement(2) == []


@pytest.mark.parametrize("value", [True, None, 1.5, datetime(2026, 1, 1)])  # noqa: DTZ001
def test_values_it_cannot_stand_in_for_are_refused(value):
    statement = Statement(lambda v: Conversation.objects.filter(pk=v))
    with pytest.raises(TypeError):
        statement(value)


def test_sessions_read_by_statement_expire_and_end_at_sign_out():
    person_make(username="nadia")
    client = Client()
    client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=datetime(2000, 1, 1, tzinfo=UTC))
    assert client.get("/").status_code == 302  # expired: signed out
    client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_a_deactivated_person_is_signed_out_at_their_next_request():
    nadia = person_make(username="nadia")
    client = Client()
    client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert client.get("/").status_code == 200
    nadia.is_active = False
    nadia.save(update_fields=["is_active"])
    assert client.get("/").status_code == 302


def test_list_values_are_compiled_once_for_each_length(conversations):
    ana, ben, first, second = conversations
    build = _Counted(
        lambda ids, title: (
            Conversation.objects.filter(pk__in=ids)
            .exclude(title=title)
            .order_by("id")
            .values_list("pk", flat=True)
        )
    )
    statement = Statement(build)
    assert statement([first.pk, second.pk], "none") == [first.pk, second.pk]
    assert statement([second.pk, first.pk], "First of two") == [second.pk]
    assert statement([second.pk], "none") == [second.pk]
    assert statement([first.pk], "none") == [first.pk]
    assert build.calls == 2  # once for two ids, once for one
    assert statement([], "none") == []  # an empty list can match nothing
    assert statement((first.pk, first.pk), "none") == [first.pk]


def test_a_value_also_used_changed_falls_back_to_the_queryset(conversations):
    ana, ben, first, second = conversations
    now = timezone.now()
    week = Statement(
        lambda moment: (
            Conversation.objects.filter(
                created_at__lte=moment, created_at__gte=moment - timedelta(days=7)
            )
            .order_by("id")
            .values_list("pk", flat=True)
        )
    )
    assert week(now) == [first.pk, second.pk]
    assert week(now - timedelta(days=30)) == []
    either = Statement(
        lambda title: Conversation.objects.filter(
            Q(title=title) | Q(title__icontains=title)
        ).values_list("pk", flat=True)
    )
    assert either("second") == [second.pk]
    following = Statement(
        lambda pk: (
            Conversation.objects.filter(pk__in=[pk, pk + 1])
            .order_by("id")
            .values_list("pk", flat=True)
        )
    )
    assert following(first.pk) == [first.pk, second.pk]


def test_an_id_no_column_can_hold_finds_nothing(conversations):
    statement = Statement(lambda pk: Conversation.objects.filter(pk=pk))
    assert statement(10**30) == []
    assert statement(-(10**30)) == []
    ana = conversations[0]
    client = Client()
    client.force_login(ana)
    assert client.get("/c/99999999999999999999999/").status_code == 404


def test_a_session_signed_in_by_djangos_model_backend_stays_valid():
    from django.contrib.auth import BACKEND_SESSION_KEY

    person_make(username="nadia")
    client = Client()
    client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    session = client.session
    assert session[BACKEND_SESSION_KEY] == "hearth.access.backends.PersonBackend"
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"  # before
    session.save()
    assert client.get("/").status_code == 200


def test_four_wrong_passwords_leave_the_fifth_try_open():
    """A wrong password counts once towards the lockout."""
    person_make(username="nadia")
    client = Client()
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "nadia", "password": "no"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_a_wrong_password_is_checked_once(monkeypatch):
    from hearth.people.models import User

    person_make(username="nadia")
    checks = []
    check = User.check_password
    monkeypatch.setattr(
        User, "check_password", lambda self, raw: checks.append(raw) or check(self, raw)
    )
    Client().post("/accounts/login/", {"username": "nadia", "password": "no"})
    assert checks == ["no"]


def _titled(rule):
    return Conversation.objects.filter(rule).order_by("id").values_list("pk", flat=True)


def test_q_values_are_compiled_once_for_each_shape(conversations):
    ana, ben, first, second = conversations
    build = _Counted(_titled)
    statement = Statement(build)
    by_author = Statement(
        lambda rule, title: (
            Conversation.objects.filter(rule)
            .exclude(title=title)
            .order_by("id")
            .values_list("pk", flat=True)
        )
    )
    assert statement(Q(author_id=ana.pk) | Q(pk__in=[second.pk])) == [first.pk, second.pk]
    assert statement(Q(author_id=ben.pk) | Q(pk__in=[first.pk])) == [first.pk, second.pk]
    assert statement(Q(author_id=ben.pk) | Q(pk__in=[second.pk])) == [second.pk]
    assert build.calls == 1  # one shape: an id, or a list of one id
    # Another length, nesting, negation or connector is another shape.
    assert statement(Q(author_id=ana.pk) | Q(pk__in=[])) == [first.pk]
    assert statement(~Q(author_id=ana.pk)) == [second.pk]
    assert statement(Q(author_id=ana.pk) & Q(pk__in=[first.pk, second.pk])) == [first.pk]
    assert statement(Q(author_id=ana.pk) | (Q(title="Second of two") & ~Q(pk=first.pk))) == [
        first.pk,
        second.pk,
    ]
    assert build.calls == 5
    assert by_author(Q(author_id=ana.pk), "none") == [first.pk]
    assert by_author(Q(author__username="ben"), "none") == [second.pk]
    assert by_author(Q(author__username="ben"), "Second of two") == []


def test_booleans_and_none_in_a_q_choose_its_sql(conversations):
    ana, ben, first, second = conversations
    Conversation.objects.filter(pk=second.pk).update(removed_at=timezone.now())
    build = _Counted(_titled)
    statement = Statement(build)
    assert statement(Q(removed_at=None)) == [first.pk]
    assert statement(Q(removed_at__isnull=False)) == [second.pk]
    assert statement(Q(removed_at__isnull=True)) == [first.pk]
    assert build.calls == 3


def test_a_q_holding_an_expression_or_a_queryset_is_built_each_time(conversations):
    ana, ben, first, second = conversations
    build = _Counted(_titled)
    statement = Statement(build)
    by_ana = Conversation.objects.filter(author=ana).values("pk")
    assert statement(Q(pk__in=by_ana)) == [first.pk]
    assert statement(Q(title=F("title")) & Q(author_id=ben.pk)) == [second.pk]
    assert build.calls == 2


def test_sql_with_params_is_the_querysets_for_those_values(conversations):
    ana, ben, first, second = conversations
    statement = Statement(
        lambda rule, since: Conversation.objects.filter(rule, created_at__gte=since).values_list(
            "pk", flat=True
        )
    )
    since = timezone.now() - timedelta(days=1)
    for rule in (Q(author_id=ana.pk) | Q(pk__in=[1, 2]), Q(author_id=ben.pk) | Q(pk__in=[3, 4])):
        expected = (
            Conversation.objects.filter(rule, created_at__gte=since)
            .values_list("pk", flat=True)
            .query.sql_with_params()
        )
        sql, params = statement.sql_with_params(rule, since)
        assert (sql, tuple(params)) == expected
    with pytest.raises(EmptyResultSet):
        statement.sql_with_params(Q(pk__in=[]), since)


def test_a_value_in_a_branch_django_leaves_out_is_compiled_once(conversations):
    ana, ben, first, second = conversations
    build = _Counted(_titled)
    statement = Statement(build)
    assert statement(Q(author_id=ana.pk) | (Q(pk__in=[]) & Q(title="Second of two"))) == [first.pk]
    assert statement(Q(author_id=ben.pk) | (Q(pk__in=[]) & Q(title="First of two"))) == [second.pk]
    # Built with stand-ins, then once more with others for the value left out.
    assert build.calls == 2
    rewritten = _Counted(lambda title: _titled(Q(title__icontains=title) | Q(pk__in=[])))
    statement = Statement(rewritten)
    assert statement("second") == [second.pk]
    assert statement("FIRST") == [first.pk]
    assert rewritten.calls == 4  # compiled once and refused, then built each time


def test_a_value_written_into_the_sql_text_falls_back_to_the_queryset(conversations):
    ana, ben, first, second = conversations
    # Also a parameter, so found there: only the text tells.
    build = _Counted(
        lambda low: (
            Conversation.objects.filter(pk__gte=low, pk__lte=RawSQL(f"{low} + 1000000", []))
            .order_by("id")
            .values_list("pk", flat=True)
        )
    )
    statement = Statement(build)
    assert statement(first.pk) == [first.pk, second.pk]
    assert statement(second.pk) == [second.pk]
    assert build.calls == 3  # compiled once and refused, then built each time
