"""In-app notifications: the bell in the header."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # A name declared in ``hearth.notifications.kinds``, the registry that also says
    # who may receive each kind. No ``choices=`` here: the registry grows with the
    # apps, and a copy of it on the field would ask for a migration at every new
    # kind while checking nothing the registry does not. ``notification_send`` and
    # its twins, the only way rows are written, refuse an undeclared kind
    # (``kinds.UnknownKind``).
    kind = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Set for notifications about content: lists show them only while the
    # recipient may still read it (they may have left the space since).
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.text
