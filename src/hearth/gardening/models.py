"""What gardening stores of its own: which audit entries were undone.

Every gardening action writes an ``AuditEntry`` (``hearth.core``) whose ``before``
and ``after`` hold what is needed to reverse it; the log itself is append-only,
so an undo is recorded here, once per entry (a unique constraint: two people
undoing the same entry at once cannot both succeed), next to the undo's own
audit entry.
"""

from django.conf import settings
from django.db import models


class GardeningUndo(models.Model):
    entry = models.OneToOneField(
        "core.AuditEntry", on_delete=models.CASCADE, related_name="gardening_undo"
    )
    undo_entry = models.ForeignKey("core.AuditEntry", on_delete=models.CASCADE, related_name="+")
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Undo of audit entry {self.entry_id}"
