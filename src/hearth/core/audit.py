"""Writing the audit log."""

from typing import Any

from django.db import models

from hearth.core.models import AuditEntry


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model,
    space=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    via: str = "web",
    as_role: str = "",
) -> AuditEntry:
    """Record a privileged action. Call it inside the transaction that makes the change."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        space=space,
        before=before or {},
        after=after or {},
        via=via,
        as_role=as_role,
    )
