from django.db import models


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "ConversationQuerySet":
        """Conversations in spaces whose content the actor may read, less those
        hidden pending review (unless the actor wrote them or moderates there)."""
        from hearth.access.policy import hidden_q, space_content_q

        return self.filter(space_content_q(actor, "space"), hidden_q(actor))


class ReplyQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "ReplyQuerySet":
        """Replies the actor may read: their conversation's rule, and their own."""
        from hearth.access.policy import hidden_q, space_content_q

        space = "conversation__space"
        return self.filter(space_content_q(actor, space),
                           hidden_q(actor, space_field=space),
                           hidden_q(actor, "conversation", space_field=space))
