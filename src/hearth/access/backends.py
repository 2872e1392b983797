"""Sign-in by username and password: Django's model backend, with the read of the
signed-in person that every request makes compiled once (``hearth.core.statements``).

Sessions record the backend that signed their person in. Those signed in by Django's
``ModelBackend`` (before this one) stay valid: it is listed after this one, and is
only ever asked for their person, never to sign anyone in (this backend says no for
it, so a wrong password is checked once)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from hearth.core.statements import Statement

_person = Statement(lambda pk: get_user_model()._default_manager.filter(pk=pk)[:1])


class PersonBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username is not None:
            raise PermissionDenied  # the backends after this one would only check again
        return user

    def get_user(self, user_id):
        rows = _person(user_id)
        return rows[0] if rows and self.user_can_authenticate(rows[0]) else None
