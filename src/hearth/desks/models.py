"""What the desks add to conversations: a question closed as a duplicate."""

from django.conf import settings
from django.db import models


class DuplicateClosure(models.Model):
    """A question closed as a duplicate of another one: it leaves the unanswered
    desk, and its page points to the original."""

    conversation = models.OneToOneField(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="duplicate_closure"
    )
    original = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="duplicates"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(conversation=models.F("original")), name="duplicate_not_itself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id} duplicates {self.original_id}"
