"""The leaders' desks (access requests, unanswered questions) and the permission
pages of the platform and of each business unit. Reads through selectors,
writes through services; the policy decides and HearthErrorMiddleware renders
what it refuses."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.core.errors import Forbidden, HearthError, Invalid, NotFound
from hearth.core.pages import is_htmx
from hearth.desks import selectors, services
from hearth.desks.forms import (
    DeskDecisionForm,
    DuplicateForm,
    MoveForm,
    NotifyForm,
    OrgRoleForm,
    UnansweredFilterForm,
)
from hearth.gardening.selectors import move_targets, space_readers_suggestions
from hearth.people.models import BusinessUnit
from hearth.spaces import services as space_services
from hearth.spaces.models import Space

PAGE_SIZE = 30


def _require_desks(request) -> None:
    if not policy.has_desks(request.actor):
        raise Forbidden(
            "The desks are for the leaders and facilitators of spaces and for "
            "the organisation's collaboration roles."
        )


def _form_invalid(form) -> Invalid:
    field, errors = next(iter(form.errors.items()))
    return Invalid(" ".join(errors), field=None if field == "__all__" else field)


# -- Access requests -------------------------------------------------------------------


def access_requests(request):
    _require_desks(request)
    rows = selectors.access_request_desk(actor=request.actor)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desks/access_requests.html",
        {"page": page, "now": timezone.now(), "decision_form": DeskDecisionForm()},
    )


@require_POST
def decide(request, request_id: int, decision: str):
    if decision not in ("approve", "deny"):
        raise Invalid("A decision is either approve or deny.")
    form = DeskDecisionForm(request.POST)
    if not form.is_valid():
        raise _form_invalid(form)
    row = selectors.desk_access_request_get(actor=request.actor, request_id=request_id)
    decided = space_services.access_request_decide(
        actor=request.actor,
        space=row.space,
        request_id=row.pk,
        approve=decision == "approve",
        note=form.cleaned_data["note"],
    )
    if is_htmx(request):
        return render(request, "desks/_decided_row.html", {"r": decided})
    messages.success(request, f"Request from {decided.user} to join {row.space} {decided.status}.")
    return redirect("desks:access_requests")


# -- Unanswered questions --------------------------------------------------------------


def unanswered(request):
    _require_desks(request)
    actor = request.actor
    form = UnansweredFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    space = unit = None
    if filters.get("space"):
        space = Space.objects.filter(slug=filters["space"]).first()
        if space is None or not policy.can_see_space(actor, space):
            raise NotFound("No such space.")
        policy.require_tend_questions(actor, space)
    if filters.get("unit"):
        unit = BusinessUnit.objects.filter(slug=filters["unit"]).first()
        if unit is None:
            raise NotFound("No such business unit.")
        if not selectors.tended_units(actor=actor).filter(pk=unit.pk).exists():
            raise Forbidden(
                "Only the unit's collaboration leaders and the director see a "
                "business unit's questions."
            )
    rows = selectors.unanswered_desk(
        actor=actor, space=space, unit=unit, no_reply=bool(filters.get("no_reply"))
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desks/unanswered.html",
        {
            "page": page,
            "form": form,
            "now": timezone.now(),
            "space": space,
            "unit": unit,
            "spaces": list(selectors.tended_spaces(actor=actor)[:200]),
            "units": list(selectors.tended_units(actor=actor)),
        },
    )


def _question_action(request, conversation_id: int, form_class, template: str, act):
    question = selectors.tended_question_get(actor=request.actor, conversation_id=conversation_id)
    if request.method != "POST":
        context = {
            "c": question,
            "form": form_class(),
            "form_template": template,
            "suggestions": space_readers_suggestions(space=question.space),
            "targets": move_targets(actor=request.actor, exclude=question.space),
        }
        return render(request, template if is_htmx(request) else "desks/action.html", context)
    form = form_class(request.POST)
    if not form.is_valid():
        raise _form_invalid(form)
    flash = act(question, form.cleaned_data)
    if is_htmx(request):
        return render(request, "desks/_question_done.html", {"c": question, "flash": flash})
    messages.success(request, flash)
    return redirect("desks:unanswered")


def notify(request, conversation_id: int):
    def act(question, data):
        notified, missed = services.question_notify(
            actor=request.actor,
            conversation=question,
            usernames=data["usernames"],
            message=data["message"],
        )
        text = f"Notified {', '.join(str(p) for p in notified)}."
        if missed:
            text += f" Not notified (unknown, or cannot read this space): {', '.join(missed)}."
        return text

    return _question_action(request, conversation_id, NotifyForm, "desks/_notify_form.html", act)


def move(request, conversation_id: int):
    def act(question, data):
        target = Space.objects.filter(slug=data["to_space"]).first()
        if target is None or not policy.can_see_space(request.actor, target):
            raise NotFound("No such space.")
        services.question_move(
            actor=request.actor,
            conversation=question,
            to_space=target,
            confirm_wider=data["confirm_wider"],
        )
        return f"Moved to {target}."

    return _question_action(request, conversation_id, MoveForm, "desks/_move_form.html", act)


def duplicate(request, conversation_id: int):
    def act(question, data):
        closure = services.question_close_duplicate(
            actor=request.actor, conversation=question, original_id=data["original"]
        )
        return f"Closed as a duplicate of “{closure.original}”."

    return _question_action(
        request, conversation_id, DuplicateForm, "desks/_duplicate_form.html", act
    )


# -- Permission pages ------------------------------------------------------------------


def org(request):
    actor = request.actor
    if not policy.can_see_org_roles(actor):
        raise Forbidden(
            "The organisation's roles are shown to platform admins, directors and "
            "business collaboration leaders."
        )
    form = OrgRoleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        policy.require_change_org_roles(actor)
        if form.is_valid():
            person = (
                get_user_model()
                .objects.filter(username=form.cleaned_data["username"].strip().lower())
                .first()
            )
            if person is None:
                form.add_error("username", "No one has that username.")
            else:
                try:
                    services.org_role_set(
                        actor=actor, person=person, org_role=form.cleaned_data["org_role"]
                    )
                except HearthError as error:
                    form.add_error(
                        error.field if error.field in form.fields else None, error.message
                    )
                else:
                    messages.success(
                        request, f"{person} is now {person.get_org_role_display().lower()}."
                    )
                    return redirect("desks:org")
        status = 400
    return render(
        request,
        "desks/org.html",
        {
            "holders": selectors.org_role_holders(),
            "form": form,
            "can_change": policy.can_change_org_roles(actor),
            "units": BusinessUnit.objects.order_by("name")
            if (actor.is_platform_admin or actor.is_director)
            else BusinessUnit.objects.filter(pk=actor.unit_led_id),
        },
        status=status,
    )


def unit(request, slug: str):
    actor = request.actor
    business_unit = selectors.unit_get(actor=actor, slug=slug)
    form = OrgRoleForm(request.POST or None, initial={"org_role": "unit_leader"})
    status = 200
    if request.method == "POST":
        policy.require_change_org_roles(actor)
        if form.is_valid():
            person = (
                get_user_model()
                .objects.filter(username=form.cleaned_data["username"].strip().lower())
                .first()
            )
            if person is None:
                form.add_error("username", "No one has that username.")
            else:
                try:
                    services.org_role_set(
                        actor=actor,
                        person=person,
                        org_role=form.cleaned_data["org_role"],
                        business_unit=business_unit,
                    )
                except HearthError as error:
                    form.add_error(
                        error.field if error.field in form.fields else None, error.message
                    )
                else:
                    messages.success(
                        request, f"{person} is now {person.get_org_role_display().lower()}."
                    )
                    return redirect("desks:unit", slug=business_unit.slug)
        status = 400
    context = selectors.unit_permissions(actor=actor, unit=business_unit)
    context.update(
        {"unit": business_unit, "form": form, "can_change": policy.can_change_org_roles(actor)}
    )
    return render(request, "desks/unit.html", context, status=status)
