"""Sign-in by username and password: Django's model backend, with the read of the
signed-in person that every request makes compiled once (``hearth.core.statements``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from hearth.core.statements import Statement

_person = Statement(lambda pk: get_user_model()._default_manager.filter(pk=pk)[:1])


class PersonBackend(ModelBackend):
    def get_user(self, user_id):
        rows = _person(user_id)
        return rows[0] if rows and self.user_can_authenticate(rows[0]) else None
