from django.db import models


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "DocumentQuerySet":
        """Documents the actor may read (see ``hearth.library.policies``)."""
        from hearth.library.policies import document_visible_q

        return self.filter(document_visible_q(actor))


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, actor) -> "AttachmentQuerySet":
        """Files on documents the actor may read and in conversations they may read."""
        from hearth.access.policy import space_content_q
        from hearth.library.policies import document_visible_q

        on_documents = models.Q(document__isnull=False) & document_visible_q(actor, "document")
        in_conversations = models.Q(conversation__isnull=False) & space_content_q(
            actor, "conversation__space"
        )
        return self.filter(on_documents | in_conversations)
