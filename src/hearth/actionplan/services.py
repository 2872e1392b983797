"""Writes for the action plan, and the worker's overdue reminders."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.actionplan.models import ActionTask, TaskReminder
from hearth.actionplan.policies import require_manage_plan
from hearth.core.changes import change, record
from hearth.core.errors import Invalid, NotFound
from hearth.notifications.services import notification_send
from hearth.spaces.models import Membership

if TYPE_CHECKING:
    from hearth.people.models import User
    from hearth.spaces.models import Space


def _clean(*, space, title: str, owner, due_on: date | None, notes: str) -> dict:
    title = (title or "").strip()
    if not title:
        raise Invalid("Give the task a title.", field="title")
    if len(title) > 200:
        raise Invalid("A title can be at most 200 characters.", field="title")
    if owner is None:
        raise Invalid("Every task needs an owner.", field="owner")
    if not Membership.objects.filter(space=space, user=owner).exists():
        raise Invalid(f"{owner} is not a member of this space.", field="owner")
    if due_on is None:
        raise Invalid("Give the task a due date.", field="due_on")
    notes = (notes or "").strip()
    if len(notes) > 2000:
        raise Invalid("Notes can be at most 2,000 characters.", field="notes")
    return {"title": title, "owner": owner, "due_on": due_on, "notes": notes}


@change("action_task.create", role="facilitator", check=require_manage_plan)
def task_create(
    *,
    actor: Actor,
    space: Space,
    title: str,
    owner: User,
    due_on: date | None,
    notes: str = "",
    via: str = "web",
) -> ActionTask:
    """Add a task to the space's action plan; its owner is told.

    A new task may not be due in the past: that is a mistake, not a plan.
    """
    fields = _clean(space=space, title=title, owner=owner, due_on=due_on, notes=notes)
    if fields["due_on"] < timezone.localdate():
        raise Invalid("A new task cannot be due in the past.", field="due_on")
    with transaction.atomic():
        task = ActionTask.objects.create(space=space, created_by=actor.user, **fields)
        record(
            actor,
            target=task,
            space=space,
            after={"title": task.title, "owner": owner.username, "due_on": task.due_on.isoformat()},
            via=via,
        )
        if owner.pk != actor.user_id:
            notification_send(
                recipient=owner,
                kind="action_task",
                actor=actor.user,
                space=space,
                about=task,
                text=f"{actor.user} gave you a task in {space}: "
                f"{task.title} (due {task.due_on:%d %b}).",
                url=f"/s/{space.slug}/plan/",
            )
    return task


def _task_of(*, space, task_id: int) -> ActionTask:
    task = ActionTask.objects.select_related("owner").filter(pk=task_id, space=space).first()
    if task is None:
        raise NotFound("No such task.")
    return task


@change("action_task.update", role="facilitator", check=None)
def task_update(
    *,
    actor: Actor,
    space: Space,
    task_id: int,
    title: str | None = None,
    owner: User | None = None,
    due_on: date | None = None,
    notes: str | None = None,
    status: str | None = None,
    via: str = "web",
) -> ActionTask:
    """Change a task's fields or status (leaders and facilitators; owners change the
    status of their own tasks)."""
    policy.require_see_space(actor, space)
    task = _task_of(space=space, task_id=task_id)
    only_status = title is None and owner is None and due_on is None and notes is None
    own = task.owner_id == actor.user_id and actor.role_in(space) is not None
    if not (only_status and own):
        require_manage_plan(actor, space)
    if status is not None and status not in ActionTask.Status.values:
        raise Invalid("Status is open, doing or done.", field="status")
    before = {
        "title": task.title,
        "owner": task.owner.username,
        "due_on": task.due_on.isoformat(),
        "status": task.status,
    }
    fields = _clean(
        space=space,
        title=task.title if title is None else title,
        owner=task.owner if owner is None else owner,
        due_on=task.due_on if due_on is None else due_on,
        notes=task.notes if notes is None else notes,
    )
    if due_on is not None and due_on != task.due_on and due_on < timezone.localdate():
        raise Invalid("A task cannot be moved to a date in the past.", field="due_on")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(task, name, value)
        if status is not None and status != task.status:
            task.status = status
            task.done_at = timezone.now() if status == ActionTask.Status.DONE else None
        task.save()
        record(
            actor,
            target=task,
            space=space,
            before=before,
            after={
                "title": task.title,
                "owner": task.owner.username,
                "due_on": task.due_on.isoformat(),
                "status": task.status,
            },
            via=via,
        )
    return task


@change("action_task.delete", role="facilitator", check=require_manage_plan)
def task_delete(*, actor: Actor, space: Space, task_id: int, via: str = "web") -> None:
    task = _task_of(space=space, task_id=task_id)
    with transaction.atomic():
        record(
            actor,
            target=task,
            space=space,
            before={"title": task.title, "owner": task.owner.username},
            via=via,
        )
        task.delete()


class _Withheld(Exception):
    """The owner may not read the plan now: no reminder, and no row saying one went."""


def overdue_reminders_send(*, today: date | None = None) -> int:
    """Remind the owner of each overdue, unfinished task: once per task per day at most.

    The reminder row is written first, under a unique (task, day) constraint, in
    the same transaction as the notification; a rerun the same day finds the row
    and sends nothing. An owner who may not read the plan in the space's state
    (a plain member of a draft or pilot space) is not told, and no row is kept:
    the reminder goes out on the first day they may read it.
    """
    today = today or timezone.localdate()
    sent = 0
    overdue = (
        ActionTask.objects.filter(due_on__lt=today)
        .exclude(status=ActionTask.Status.DONE)
        .exclude(reminders__day=today)
        # Only owners still in the space hear about it.
        .filter(owner__memberships__space=F("space"))
        .select_related("owner", "space")
    )
    for task in overdue.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                TaskReminder.objects.create(task=task, day=today)
                told = notification_send(
                    recipient=task.owner,
                    kind="action_task_overdue",
                    space=task.space,
                    about=task,
                    text=f"Your task “{task.title}” in {task.space} was due "
                    f"{task.due_on:%d %b %Y}.",
                    url=f"/s/{task.space.slug}/plan/",
                    email=True,
                )
                if told is None:
                    raise _Withheld
        except IntegrityError:
            continue  # another run reminded this task today
        except _Withheld:
            continue
        sent += 1
    return sent
