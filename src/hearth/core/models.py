"""Cross-cutting records: the audit log and the email outbox."""

from django.conf import settings
from django.db import models


class AuditLogIsAppendOnly(Exception):
    """An attempt to change or delete an audit entry."""


APPEND_ONLY = "The audit log is append-only: entries are never changed or deleted."


class AuditEntryQuerySet(models.QuerySet):
    """Refuses bulk changes: the audit log only grows."""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly(APPEND_ONLY)

    def delete(self):
        raise AuditLogIsAppendOnly(APPEND_ONLY)

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly(APPEND_ONLY)

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise AuditLogIsAppendOnly(APPEND_ONLY)


class AuditEntry(models.Model):
    """Who did what to which object, when, with the state before and after.

    Written by services in the same transaction as the change it records, so an
    action is never done without its entry, nor recorded without being done.

    Append-only: ``save`` refuses an existing entry, ``delete`` and the queryset's
    ``update``/``delete`` refuse always, and on PostgreSQL a trigger (migration
    0004) refuses UPDATE and DELETE in the database itself. The one change the
    trigger lets through is the database's own ``SET NULL`` when the account or
    space an entry points to is deleted; the entry keeps its labels.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=300, blank=True)
    space = models.ForeignKey(
        "spaces.Space",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    via = models.CharField(max_length=16, default="web")
    # The role the actor acted under, when it is not plain membership: an
    # organisation role ("director", "unit_leader", "platform_admin"), a space
    # role used for moderation ("facilitator"), or a role taken for a bounded time
    # ("swap:leader"). Empty for ordinary actions.
    as_role = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding or self.pk is not None:
            raise AuditLogIsAppendOnly(APPEND_ONLY)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly(APPEND_ONLY)


class OutboundEmail(models.Model):
    """One email waiting for, or done with, delivery by the worker.

    The row is the idempotency record: the delivery task sends only rows still
    ``queued`` and marks them ``sent``, so a rerun after a crash sends nothing twice.

    An email about something (``kind`` set, from ``hearth.notifications``) keeps
    its recipient and what it is about by id, so the worker asks the policy again
    when it delivers: one queued for a member who has left the space since is
    ``withheld``, not sent.
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        SENT = "sent"
        FAILED = "failed"
        WITHHELD = "withheld"

    to = models.JSONField()
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    from_email = models.CharField(max_length=320)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # The notification kind (``hearth.notifications.kinds``) and what the email is
    # about — {"recipient": id, "space": id, "conversation": id, "about": "app.model:id"}
    # — for the check at delivery; empty for Django's own emails.
    kind = models.CharField(max_length=32, blank=True)
    about = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
