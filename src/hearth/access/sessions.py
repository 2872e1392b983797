"""Django's database sessions, with the read every request makes by SQL written out
(``hearth.access.sql``). Writes, expiry and clean-up are Django's."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.utils import timezone

from hearth.access import sql


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        if self.session_key is None:
            return {}
        data = sql.session_data(self.session_key, timezone.now())
        if data is None:
            # A missing or expired session: as Django does, its key is given up, so
            # that a session saved from here gets a new one, never the client's.
            self.flush()
            return {}
        return self.decode(data)
