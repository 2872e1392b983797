"""The reads every signed-in request makes, as SQL written out.

The session, the signed-in person and their roles are read on every request, and the ORM's
compiling of them cost more of a request's time than the database's answering them
(the roles' union with its swap subquery: about 1.5 ms of CPU, the person and the
session 0.2–0.25 ms each).
Each function here is held, row for row, to the queryset that says the same
(``tests/access/test_sql.py``); change both together.

Only portable SQL (SQLite and PostgreSQL alike), with every value a parameter.
Table names come from the models; column names are the models' own.
"""

from __future__ import annotations

from datetime import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection

# A pending invitation's row among the roles: no role is called this.
INVITED = "invited"


def _moment(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def roles_and_invitations(user_id: int, now: datetime) -> list[tuple[int, str, str | None]]:
    """(space id, role, role of a swap in force now or None) for each membership, then
    (space id, ``INVITED``, None) for each pending invitation. The same rows as
    ``hearth.access.actor._roles_and_invitations``."""
    # The models are looked up, not imported: their apps sit above ``access``.
    Membership = apps.get_model("spaces", "Membership")
    Invitation = apps.get_model("spaces", "Invitation")
    RoleSwap = apps.get_model("swaps", "RoleSwap")
    sql = (
        f"SELECT m.space_id, m.role, (SELECT s.role FROM {RoleSwap._meta.db_table} s "
        "WHERE s.space_id = m.space_id AND s.user_id = m.user_id AND s.ended_at IS NULL "
        "AND s.starts_at <= %s AND s.ends_at > %s LIMIT 1) "
        f"FROM {Membership._meta.db_table} m WHERE m.user_id = %s "
        f"UNION ALL SELECT i.space_id, %s, NULL FROM {Invitation._meta.db_table} i "
        "WHERE i.user_id = %s AND i.status = %s"
    )
    moment = _moment(now)
    params = [moment, moment, user_id, INVITED, user_id, Invitation.Status.PENDING.value]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def session_data(session_key: str, now: datetime) -> str | None:
    """The encoded data of the session, if it exists and has not expired: what
    ``Session.objects.filter(session_key=key, expire_date__gt=now)`` holds."""
    sql = (
        f"SELECT session_data FROM {Session._meta.db_table} "
        "WHERE session_key = %s AND expire_date > %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [session_key, _moment(now)])
        row = cursor.fetchone()
    return row[0] if row else None


def person(pk: int):
    """The person with this id, or None: ``User.objects.filter(pk=pk).first()``.
    Read as a raw queryset (the ORM converts the columns; nothing is compiled)."""
    if not -(2**63) <= pk < 2**63:
        return None  # no id column holds it
    user_model = get_user_model()
    table = user_model._meta.db_table
    rows = list(user_model.objects.raw(f"SELECT * FROM {table} WHERE id = %s", [pk]))  # noqa: S611
    return rows[0] if rows else None
