"""A space's library: documents in collections, their revisions and attachments.

A document lives in a space and is read through the space's policy; a draft is
seen only by its owner and the space's facilitators and leaders
(``hearth.library.policies``). ``Document.revision`` is the number of the current
revision: every save adds a ``DocumentRevision`` with the next number, and the
services only write a document whose row still holds the revision the editor
started from (a locked, conditional update), so no edit is lost.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hearth.core.files import private_storage
from hearth.library.querysets import AttachmentQuerySet, DocumentQuerySet

TITLE_MAX = 200
BODY_MAX = 200_000


class Collection(models.Model):
    """A folder of a space's library."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="collections")
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["space", "slug"], name="collection_slug_once_per_space")
        ]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        OUTDATED = "outdated", "Outdated"
        OFFICIAL = "official", "Official"

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="documents")
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="documents"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_on = models.DateField(null=True, blank=True)
    tags = models.ManyToManyField("conversations.Tag", blank=True, related_name="documents")
    # The number of the current revision; written only together with a new
    # DocumentRevision of that number, by a conditional update (see services).
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["space", "status", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/d/{self.pk}/"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class DocumentRevision(models.Model):
    """One save of a document: the whole text and the other fields as they were
    then, who saved it, when."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    # Set when this revision brought back an earlier one's text.
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    # The document's other fields as this save left them (``revision_metadata``):
    # {"status", "collection" (an id or null), "tags" (sorted slugs), "review_on"
    # (YYYY-MM-DD or null)}, so that a merge knows what an editor started from.
    # Null for revisions saved before it was kept: a merge then asks about every
    # field the two sides set differently.
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="document_revision_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id} r{self.number}"


class Attachment(models.Model):
    """A file attached to a document or to a conversation; its type was read from
    its content. Who may download it is who may read what it is attached to: it
    is kept in the private storage and served only by the attachment view."""

    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(upload_to="library/%Y/%m/", storage=private_storage, max_length=200)
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    is_image = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Removal is soft: the file is kept, hidden from what it was attached to, and
    # can be restored until HEARTH_ATTACHMENT_RETENTION passes; then the periodic
    # purge deletes the file and this row (the audit log keeps the record).
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=0), name="attachment_size_positive"),
            models.CheckConstraint(
                condition=Q(document__isnull=False) ^ Q(conversation__isnull=False),
                name="attachment_of_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return self.name
