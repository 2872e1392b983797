"""Launching a space: bulk invitations with a preview and a progress bar, the
welcome message, and each member's onboarding page."""

import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.core.errors import HearthError, Invalid
from hearth.launch import onboarding, services
from hearth.launch.forms import CsvForm, PeopleForm, PreferencesForm, UnitForm, WelcomeForm
from hearth.launch.models import InvitationBatch, SpaceWelcome
from hearth.launch.policies import require_launch
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context


def _launch_page(request, space, *, status=200, **forms):
    welcome = SpaceWelcome.objects.filter(space=space).prefetch_related("key_tags").first()
    context = space_page_context(request, space)
    context.update(
        {
            "people_form": forms.get("people_form") or PeopleForm(prefix="people"),
            "unit_form": forms.get("unit_form") or UnitForm(prefix="unit"),
            "csv_form": forms.get("csv_form") or CsvForm(prefix="csv"),
            "welcome_form": forms.get("welcome_form")
            or WelcomeForm(
                initial={
                    "message": welcome.message if welcome else "",
                    "key_tags": ", ".join(t.slug for t in welcome.key_tags.all())
                    if welcome
                    else "",
                }
            ),
            "batches": list(
                InvitationBatch.objects.filter(space=space).select_related("created_by")[:20]
            ),
        }
    )
    return render(request, "launch/launch.html", context, status=status)


def launch(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    require_launch(request.actor, space)
    return _launch_page(request, space)


def _preview(request, space, form_name: str, form, make):
    if form.is_valid():
        try:
            batch = make(form.cleaned_data)
        except HearthError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("launch:batch", slug=space.slug, batch_id=batch.pk)
    return _launch_page(request, space, status=400, **{form_name: form})


@require_POST
def invite_people(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    require_launch(request.actor, space)
    return _preview(
        request,
        space,
        "people_form",
        PeopleForm(request.POST, prefix="people"),
        lambda data: services.batch_preview_people(
            actor=request.actor,
            space=space,
            usernames=re.split(r"[,\s]+", data["usernames"]),
            message=data["message"],
        ),
    )


@require_POST
def invite_unit(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    require_launch(request.actor, space)
    return _preview(
        request,
        space,
        "unit_form",
        UnitForm(request.POST, prefix="unit"),
        lambda data: services.batch_preview_unit(
            actor=request.actor,
            space=space,
            business_unit=data["business_unit"],
            country=data["country"],
            message=data["message"],
        ),
    )


@require_POST
def invite_csv(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    require_launch(request.actor, space)
    form = CsvForm(request.POST, request.FILES, prefix="csv")
    return _preview(
        request,
        space,
        "csv_form",
        form,
        lambda data: services.batch_preview_csv(
            actor=request.actor,
            space=space,
            data=data["file"].read(),
            filename=data["file"].name,
            message=data["message"],
        ),
    )


def batch(request, slug: str, batch_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    found = services.batch_get(actor=request.actor, space=space, batch_id=batch_id)
    context = space_page_context(request, space)
    context.update({"batch": found, "errors": found.errors[:200]})
    return render(request, "launch/batch.html", context)


def progress(request, slug: str, batch_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    found = services.batch_get(actor=request.actor, space=space, batch_id=batch_id)
    return render(request, "launch/_progress.html", {"batch": found, "space": space})


@require_POST
def send(request, slug: str, batch_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    found = services.batch_send(actor=request.actor, space=space, batch_id=batch_id)
    messages.success(request, f"Sending {found.total} invitation{'s' * (found.total != 1)}.")
    return redirect("launch:batch", slug=space.slug, batch_id=found.pk)


@require_POST
def welcome_edit(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_edit_space(request.actor, space)
    form = WelcomeForm(request.POST, prefix="welcome")
    if form.is_valid():
        try:
            services.welcome_update(
                actor=request.actor,
                space=space,
                message=form.cleaned_data["message"],
                key_tags=form.cleaned_data["key_tags"].split(","),
            )
        except HearthError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The welcome message is saved.")
            return redirect("launch:launch", slug=space.slug)
    return _launch_page(request, space, status=400, welcome_form=form)


def welcome(request, slug: str):
    """A member's getting-started page: the leaders' welcome and their checklist."""
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    welcome_row, checklist = onboarding.onboarding_get(actor=request.actor, space=space)
    context = space_page_context(request, space)
    prefs = PreferencesForm(initial={"email": request.user.email_notifications})
    context.update({"welcome": welcome_row, "checklist": checklist, "prefs_form": prefs})
    return render(request, "launch/welcome.html", context)


@require_POST
def preferences(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    form = PreferencesForm(request.POST)
    if not form.is_valid():
        raise Invalid("Choose how much you hear about this space and whether by email.")
    onboarding.onboarding_preferences_set(
        actor=request.actor,
        space=space,
        level=form.cleaned_data["level"],
        email=form.cleaned_data["email"],
    )
    messages.success(request, "Your alert and email choices are saved.")
    return redirect("launch:welcome", slug=space.slug)
