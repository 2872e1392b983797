from django.db import models


class SpaceQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "SpaceQuerySet":
        """Spaces the actor may know exist (see ``hearth.access.policy``)."""
        from hearth.access.policy import space_listing_q

        return self.filter(space_listing_q(actor))

    def readable_by(self, actor) -> "SpaceQuerySet":
        """Spaces whose content the actor may read."""
        from hearth.access.policy import space_content_q

        return self.filter(space_content_q(actor))
