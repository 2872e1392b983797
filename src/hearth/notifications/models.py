"""In-app notifications: the bell in the header."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    class Kind(models.TextChoices):
        ACCESS_REQUESTED = "access_requested", "Access requested"
        ACCESS_APPROVED = "access_approved", "Access approved"
        ACCESS_DENIED = "access_denied", "Access denied"
        INVITED = "invited", "Invitation"
        ROLE_CHANGED = "role_changed", "Role changed"
        REMOVED = "removed", "Removed from a space"
        REPLY = "reply", "Reply"
        MENTION = "mention", "Mention"
        ACCEPTED = "accepted", "Accepted answer"
        LIKED = "liked", "Likes"
        MODERATION = "moderation", "Moderation"
        NEW_CONVERSATION = "new_conversation", "New conversation in what you watch"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
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
