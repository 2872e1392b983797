"""The action plan of a space: a list with a form, and a month calendar."""

from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.actionplan import selectors, services
from hearth.actionplan.forms import StatusForm, TaskForm
from hearth.actionplan.models import ActionTask
from hearth.actionplan.policies import can_manage_plan, require_manage_plan, require_see_plan
from hearth.core.errors import HearthError, Invalid
from hearth.core.pages import is_htmx
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context


def _context(request, space) -> dict:
    context = space_page_context(request, space)
    context.update(
        {
            "can_plan": can_manage_plan(request.actor, space),
            "today": selectors.today(),
            "statuses": ActionTask.Status.choices,
        }
    )
    return context


def plan(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    require_see_plan(request.actor, space)
    if request.method == "POST":
        require_manage_plan(request.actor, space)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = get_user_model().objects.filter(username=data["owner"].strip().lower()).first()
        try:
            if owner is None:
                raise Invalid("No one has that username.", field="owner")
            services.task_create(
                actor=request.actor,
                space=space,
                title=data["title"],
                owner=owner,
                due_on=data["due_on"],
                notes=data["notes"],
            )
        except HearthError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The task is in the plan.")
            return redirect("actionplan:plan", slug=space.slug)
    context = _context(request, space)
    context.update(
        {"form": form, "tasks": list(selectors.task_list(actor=request.actor, space=space)[:500])}
    )
    return render(
        request, "actionplan/plan.html", context, status=400 if request.method == "POST" else 200
    )


def month(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    today = selectors.today()
    try:
        year, month_number = (int(x) for x in request.GET.get("month", "").split("-"))
        first = date(year, month_number, 1)
    except ValueError:
        first = today.replace(day=1)
    weeks = selectors.month_calendar(
        actor=request.actor, space=space, year=first.year, month=first.month
    )
    previous = (first.replace(day=1) - date.resolution).replace(day=1)
    following = (first.replace(day=28) + 4 * date.resolution).replace(day=1)
    context = _context(request, space)
    context.update(
        {
            "weeks": weeks,
            "first": first,
            "previous": previous,
            "following": following,
            "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        }
    )
    return render(request, "actionplan/calendar.html", context)


@require_POST
def status(request, slug: str, task_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise Invalid("Status is open, doing or done.")
    task = services.task_update(
        actor=request.actor, space=space, task_id=task_id, status=form.cleaned_data["status"]
    )
    if is_htmx(request):
        return render(
            request, "actionplan/_task_row.html", {**_context(request, space), "task": task}
        )
    messages.success(request, f"“{task.title}” is {task.get_status_display().lower()}.")
    return redirect("actionplan:plan", slug=space.slug)


@require_POST
def delete(request, slug: str, task_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.task_delete(actor=request.actor, space=space, task_id=task_id)
    messages.success(request, "The task is removed from the plan.")
    return redirect("actionplan:plan", slug=space.slug)
