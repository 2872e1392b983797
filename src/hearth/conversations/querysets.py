from django.db import models


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "ConversationQuerySet":
        """Conversations in spaces whose content the actor may read."""
        from hearth.access.policy import space_content_q

        return self.filter(space_content_q(actor, "space"))


class ReplyQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "ReplyQuerySet":
        from hearth.access.policy import space_content_q

        return self.filter(space_content_q(actor, "conversation__space"))
