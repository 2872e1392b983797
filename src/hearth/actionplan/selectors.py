"""Reads for the action plan: the list and the month calendar."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from hearth.access.actor import Actor
from hearth.actionplan.models import ActionTask
from hearth.actionplan.policies import require_see_plan


def task_list(*, actor: Actor, space, status: str = "") -> QuerySet:
    require_see_plan(actor, space)
    tasks = ActionTask.objects.filter(space=space).select_related("owner")
    if status:
        tasks = tasks.filter(status=status)
    return tasks.order_by("due_on", "id")


@dataclass
class Day:
    day: date
    in_month: bool
    tasks: list = field(default_factory=list)


def month_calendar(*, actor: Actor, space, year: int, month: int) -> list[list[Day]]:
    """The weeks (Monday first) of a month, each day with its tasks (one query)."""
    require_see_plan(actor, space)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    by_day: dict[date, list] = {}
    for task in (
        ActionTask.objects.filter(space=space, due_on__range=(first, last))
        .select_related("owner")
        .order_by("due_on", "id")
    ):
        by_day.setdefault(task.due_on, []).append(task)
    return [
        [Day(day=d, in_month=d.month == month, tasks=by_day.get(d, [])) for d in week]
        for week in weeks
    ]


def today() -> date:
    return timezone.localdate()
