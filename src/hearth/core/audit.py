"""Writing the audit log: the row itself.

Services do not call this: a privileged change is recorded through
``hearth.core.changes`` (``@change`` and ``record``), which computes the role it
was made under from the actor. What is left here writes one entry as given — for
the changes module, and for data written outside any service (the demo seed,
tests setting up the log's history).
"""

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
    """Write one audit entry (``actor`` is a person or None), as given."""
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
