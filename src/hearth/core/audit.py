"""Writing the audit log."""

from collections.abc import Callable
from typing import Any, TypeVar

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
    """Record a privileged action. Call it inside the transaction that makes the change.

    An action in a space by someone holding a swapped role there is recorded as
    done under that role ("swap:leader") unless the caller names the role itself.
    """
    if not as_role and space is not None and getattr(actor, "pk", None):
        from hearth.swaps.selectors import swap_role_in_force

        swapped = swap_role_in_force(user_id=actor.pk, space_id=space.pk)
        as_role = f"swap:{swapped}" if swapped else ""
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


def audit_refusal(
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
    """Record a privileged attempt the policy refused, as ``<action>.refused``: who,
    under which role (``as_role``), what they asked for (``after``) and what stands
    (``before``). Nothing else happens: the caller raises the refusal next.

    Only refusals worth a reader's attention are recorded — today, someone holding
    a swapped role trying to change who holds a role (``policy.refuse_role_change``)
    — not every 403, so that no member can fill the log. Call it before the
    transaction of the change opens: the refusal rolls that one back.
    """
    return audit_record(
        actor=actor,
        action=f"{action}.refused",
        target=target,
        space=space,
        before=before,
        after=after,
        via=via,
        as_role=as_role,
    )


# -- The registry of privileged services --------------------------------------------

# "module.function" → the action (or action prefix) its audit entry carries.
PRIVILEGED_SERVICES: dict[str, str] = {}

F = TypeVar("F", bound=Callable[..., Any])


def audited(action: str) -> Callable[[F], F]:
    """Mark a service as privileged: it writes an audit entry whose action starts
    with ``action`` whenever it changes something on someone else's behalf.

    The registry is checked by the test suite: every service that calls a
    privileged policy check must carry this mark, and every marked service is
    run through a scenario that must leave its entry in the log.
    """

    def mark(function: F) -> F:
        PRIVILEGED_SERVICES[f"{function.__module__}.{function.__qualname__}"] = action
        function.audit_action = action  # type: ignore[attr-defined]
        return function

    return mark
