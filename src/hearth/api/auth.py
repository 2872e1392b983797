from django.utils import timezone
from ninja.security import HttpBearer

from hearth.access.actor import Actor, user_is_suspended
from hearth.api.models import ApiToken, token_hash


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; sets ``request.actor`` for the token's owner."""

    def authenticate(self, request, token: str):
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=token_hash(token), revoked_at__isnull=True)
            .first()
        )
        # A suspended person's tokens stop working at once (read from the row
        # already loaded: no extra query).
        if row is None or not row.user.is_active or user_is_suspended(row.user):
            return None
        now = timezone.now()
        # Touch at most once a minute: a write per request would not scale.
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.actor = Actor.for_user(row.user)
        return row.user
