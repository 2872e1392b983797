"""Sign-in by username and password: Django's model backend, which says no for good,
and reads the signed-in person of every request by SQL written out (``access.sql``).

Sessions record the backend that signed their person in. Those signed in by Django's
``ModelBackend`` (before this one) stay valid: it is listed after this one, and is
only ever asked for their person, never to sign anyone in (this backend says no for
it, so a wrong password is checked once)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from hearth.access import sql


class PersonBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username is not None:
            raise PermissionDenied  # the backends after this one would only check again
        return user

    def get_user(self, user_id):
        user = sql.person(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
