from django.db import models


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "ConversationQuerySet":
        """Conversations in spaces whose content the actor may read, less those
        hidden pending review (unless the actor wrote them or moderates there)."""
        from hearth.access.policy import hidden_q, space_content_q

        return self.filter(space_content_q(actor, "space"), hidden_q(actor))

    def visible_in_space(self, actor, space) -> "ConversationQuerySet":
        """``visible_to`` within one space: the policy decides on the space itself
        (Forbidden or NotFound when the actor may not read it), so the rows need only
        the hidden-for-review rule, with no join to the space."""
        from hearth.access.policy import can_see_hidden, hidden_in_space_q, require_read_space

        require_read_space(actor, space)
        return self.filter(
            hidden_in_space_q(actor.user_id, can_see_hidden(actor, space)), space=space
        )


class ReplyQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "ReplyQuerySet":
        """Replies the actor may read: their conversation's rule, and their own."""
        from hearth.access.policy import hidden_q, space_content_q

        space = "conversation__space"
        return self.filter(
            space_content_q(actor, space),
            hidden_q(actor, space_field=space),
            hidden_q(actor, "conversation", space_field=space),
        )
