"""Recording a change: the one way a privileged write is made and written down.

A privileged service — one that changes something on someone else's behalf, or
under a role that others must be able to hold to account — is declared with
``@change``::

    @change("space.update", role="leader", check=policy.require_edit_space, on="space")
    def space_update(*, actor: Actor, space: Space, name: str, ...) -> Space:
        before = _state(space)
        with transaction.atomic():
            ...the change...
            record(actor, target=space, space=space, before=before, after=_state(space))
            transaction.on_commit(lambda: space_reindex.enqueue(space.pk))
        return space

and reads top to bottom: permission, change, record, work for later. What the
mechanism guarantees, so that no service has to remember it:

- **Registered by construction.** ``@change`` puts the service in ``CHANGES``
  (``"module.function"`` → its ``ChangeKind``); the audit test runs every
  registered service through a scenario that must leave its entry.
- **The permission is asked first.** ``check`` (a policy's ``require_*``) is
  called with the actor and the object named by ``on`` (a keyword argument of the
  service, or a dotted path from one: ``"conversation.space"``) before the body
  runs and before any transaction opens, so a refusal rolls nothing back.
  ``check`` has no default: a service whose permission needs more than one
  object (a lookup first, an id to a row, several checks with arguments) asks it
  in its body, as its first step, and says so with ``check=None``.
- **Only a registered service records a person's change.** ``record`` refuses
  to write an entry for a person outside a registered service (but for a job,
  ``via="worker"``, finishing what the person started), or under an action that
  is not the service's own. The system's changes (``actor=None``) are recorded
  by the jobs that make them.
- **One ``as_role`` rule.** The role an action is taken under is computed from
  the actor (``Actor.audit_role``), never passed by a service: ``swap:<role>``
  under a swap in force in the space, "" when the actor's own role there (at
  least the kind's ``role``) allows it, else the organisation role that does
  ("platform_admin", "director", "unit_leader"); "system" for the system.
- **Same transaction.** ``record`` must be called inside the transaction that
  makes the change; work for later (a job, an email) is queued with
  ``transaction.on_commit`` inside it, so nothing runs if it rolls back.
- **One place for what happened.** ``record`` builds a ``Change`` (who, where,
  what, to which object, before and after) and hands it, in the same
  transaction, to every function registered with ``on_change``: the place where
  an append-only record of what people do (activity events) is to be written.
  Nothing is registered there today.

Refusals worth a reader's attention (``record_refusal``) are written the same
way, as ``<action>.refused``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models

from hearth.core.audit import audit_record
from hearth.core.models import AuditEntry

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ChangeKind:
    """A registered privileged service: the action (or action prefix) its entries
    carry, and the least space role by which an actor makes it as themself."""

    service: str
    action: str
    role: str = "member"


@dataclass(frozen=True)
class Change:
    """What happened, as one record: who (``actor``, an ``Actor`` or None for the
    system), where (``space``), what (``action``), to which object (``target``),
    what it was and became (``before``/``after``), how (``via``), under which role
    (``as_role``), and the audit entry it was written as (``entry``)."""

    actor: Any
    action: str
    target: models.Model
    space: Any
    before: dict[str, Any]
    after: dict[str, Any]
    via: str
    as_role: str
    entry: AuditEntry | None = field(default=None, compare=False)


# "module.function" → its kind: every privileged service of Hearth.
CHANGES: dict[str, ChangeKind] = {}

# Called with every ``Change`` inside the transaction that makes it (see on_change).
RECORDERS: list[Callable[[Change], None]] = []

# A job finishing what a person started (an invitation batch sent in chunks)
# records it on their behalf, outside the service that started it.
JOB_VIAS = ("worker", "system")

_current: ContextVar[ChangeKind | None] = ContextVar("hearth_change", default=None)


def _resolve(kwargs: dict[str, Any], path: str) -> Any:
    head, *rest = path.split(".")
    value = kwargs[head]
    for name in rest:
        value = getattr(value, name)
    return value


def change(
    action: str,
    *,
    role: str = "member",
    check: Callable[..., Any] | None,
    on: str = "space",
) -> Callable[[F], F]:
    """Declare a privileged service (see the module's docstring).

    ``action``: the action, or the prefix of the actions, its audit entries carry.
    ``role``: the least space role by which the actor makes the change as
    themself (``as_role`` ""); short of it, they make it under an organisation
    role. ``check``: the policy's ``require_*``, called as ``check(actor, <on>)``
    before the service runs (``on`` names a keyword argument or a dotted path from
    one; ``on=""`` calls ``check(actor)``).
    """

    def declare(function: F) -> F:
        kind = ChangeKind(f"{function.__module__}.{function.__qualname__}", action, str(role))
        CHANGES[kind.service] = kind

        @functools.wraps(function)
        def service(*args: Any, **kwargs: Any) -> Any:
            if check is not None:
                target = (_resolve(kwargs, on),) if on else ()
                check(kwargs["actor"], *target)
            token = _current.set(kind)
            try:
                return function(*args, **kwargs)
            finally:
                _current.reset(token)

        service.change_kind = kind  # type: ignore[attr-defined]
        return service  # type: ignore[return-value]

    return declare


def current_change() -> ChangeKind | None:
    """The registered service running now, if any."""
    return _current.get()


def _as_role(actor, space, kind: ChangeKind | None) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return actor.audit_role(space, minimum=kind.role if kind else "member")


def record(
    actor,
    *,
    target: models.Model,
    action: str | None = None,
    space=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    via: str = "web",
) -> AuditEntry:
    """Write down a change made by ``actor`` (an ``Actor``; None for the system)
    inside the transaction that makes it: its audit entry, and the ``Change`` for
    every recorder. ``action`` defaults to the running service's own."""
    kind = _current.get()
    if actor is not None and kind is None and via not in JOB_VIAS:
        raise RuntimeError("A person's change is recorded only by a service declared with @change.")
    action = action or (kind.action if kind else "")
    if kind is not None and not action.startswith(kind.action):
        raise RuntimeError(f"{kind.service} records “{kind.action}”, not “{action}”.")
    return _write(actor, action, target, space, before, after, via, _as_role(actor, space, kind))


def record_refusal(
    actor,
    *,
    action: str,
    target: models.Model,
    space=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    via: str = "web",
) -> AuditEntry:
    """Record a privileged attempt the policy refused, as ``<action>.refused``: who,
    under which role, what they asked for (``after``) and what stands (``before``).
    Nothing else happens: the caller raises the refusal next.

    Only refusals worth a reader's attention are recorded — today, someone holding
    a swapped role trying to change who holds a role (``policy.refuse_role_change``)
    — not every 403, so that no member can fill the log. It is written before the
    transaction of the change opens: the refusal rolls that one back.
    """
    kind = _current.get()
    return _write(
        actor,
        f"{action}.refused",
        target,
        space,
        before,
        after,
        via,
        _as_role(actor, space, kind),
    )


def _write(actor, action, target, space, before, after, via, as_role) -> AuditEntry:
    entry = audit_record(
        actor=actor.user if actor is not None else None,
        action=action,
        target=target,
        space=space,
        before=before,
        after=after,
        via=via,
        as_role=as_role,
    )
    if RECORDERS:
        happened = Change(
            actor=actor,
            action=action,
            target=target,
            space=space,
            before=before or {},
            after=after or {},
            via=via,
            as_role=as_role,
            entry=entry,
        )
        for recorder in RECORDERS:
            recorder(happened)
    return entry


def on_change(recorder: Callable[[Change], None]) -> Callable[[Change], None]:
    """Register ``recorder`` to be called with every ``Change`` recorded, inside
    the change's transaction (an app registers it in its ``AppConfig.ready``)."""
    if recorder not in RECORDERS:
        RECORDERS.append(recorder)
    return recorder
