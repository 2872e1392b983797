from django.db import models


class EventQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "EventQuerySet":
        """Events in spaces whose content the actor may read."""
        from hearth.access.policy import space_content_q

        return self.filter(space_content_q(actor, "space"))
