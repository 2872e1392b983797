from django.db import models


class StoryQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "StoryQuerySet":
        """Stories in spaces whose content the actor may read."""
        from hearth.access.policy import space_content_q

        return self.filter(space_content_q(actor, "space"))


class BusinessOutcomeQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "BusinessOutcomeQuerySet":
        """Marks on conversations in spaces whose content the actor may read."""
        from hearth.access.policy import space_content_q

        return self.filter(space_content_q(actor, "conversation__space"))
