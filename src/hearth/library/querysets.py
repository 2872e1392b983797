from django.db import models


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "DocumentQuerySet":
        """Documents the actor may read (see ``hearth.library.policies``)."""
        from hearth.library.policies import document_visible_q

        return self.filter(document_visible_q(actor))


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "AttachmentQuerySet":
        from hearth.library.policies import document_visible_q

        return self.filter(document_visible_q(actor, "document"))
