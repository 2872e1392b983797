"""Sessions in the database, read by a compiled statement.

Django's database session store with one change: the read every signed-in request
makes is a ``Statement`` (compiled once, see ``hearth.core.statements``) instead of
a queryset compiled anew each time. Writes, expiry and clean-up are Django's.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from hearth.core.statements import Statement

_session = Statement(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now)[:1]
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        rows = _session(self.session_key, timezone.now())
        if rows:
            return rows[0]
        self._session_key = None  # as Django does for a missing or expired session
        return None
