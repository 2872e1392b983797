"""Pages of a space's life: its state, pilot feedback, charter, playbook, export
and import. Reads through selectors, writes through services."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.core.errors import Forbidden, Gone, HearthError, Invalid
from hearth.core.files import private_file_response
from hearth.core.pages import form_error_add
from hearth.lifecycle import selectors, services
from hearth.lifecycle.exchange import (
    can_export_space,
    export_job_expired,
    export_job_get,
    space_export,
    space_import,
)
from hearth.lifecycle.forms import (
    CharterForm,
    FeedbackForm,
    ImportForm,
    ResolveForm,
    TransitionForm,
)
from hearth.lifecycle.playbook import playbook_for
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context


def _context(request, space) -> dict:
    return space_page_context(request, space)


NEXT_STEP = {"draft": "pilot", "pilot": "live", "archived": "live"}


def lifecycle(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_administer_space(request.actor, space)
    form = TransitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.space_transition(
                actor=request.actor,
                space=space,
                state=form.cleaned_data["state"],
                reason=form.cleaned_data["reason"],
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, f"{space} is now {event.get_to_state_display().lower()}.")
            return redirect("lifecycle:lifecycle", slug=space.slug)
    allowed = services.transitions_for(actor=request.actor, space=space)
    form.fields["state"].choices = [
        (s, label) for s, label in form.fields["state"].choices if s in allowed
    ] or form.fields["state"].choices
    # The selector offers the lifecycle's next step first: a draft goes to its
    # pilot, a pilot goes live, an archived space comes back live.
    forward = NEXT_STEP.get(space.state)
    if not form.is_bound and forward in allowed:
        form.fields["state"].initial = forward
    context = _context(request, space)
    context.update(
        {
            "form": form,
            "allowed": allowed,
            "can_export": can_export_space(request.actor, space),
            "history": selectors.lifecycle_history(actor=request.actor, space=space),
        }
    )
    return render(
        request,
        "lifecycle/lifecycle.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def pilot(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    items = selectors.pilot_feedback_list(actor=request.actor, space=space)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_feedback_create(
                actor=request.actor, space=space, text=form.cleaned_data["text"]
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, "Thank you: the leaders will look at your feedback.")
            return redirect("lifecycle:pilot", slug=space.slug)
    context = _context(request, space)
    context.update(
        {
            "items": list(items[:200]),
            "form": form,
            "resolve_form": ResolveForm(),
            "can_resolve": policy.can_administer_space(request.actor, space)
            and not policy.is_archived(space),
            "can_give": space.state == "pilot" and request.actor.has_role(space, "champion"),
        }
    )
    return render(
        request, "lifecycle/pilot.html", context, status=400 if request.method == "POST" else 200
    )


@require_POST
def pilot_resolve(request, slug: str, feedback_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        raise Invalid("Say how the feedback was resolved.")
    item = services.pilot_feedback_resolve(
        actor=request.actor, space=space, feedback_id=feedback_id, note=form.cleaned_data["note"]
    )
    if request.headers.get("HX-Request"):
        return render(
            request,
            "lifecycle/_feedback_row.html",
            {"item": item, "space": space, "can_resolve": False},
        )
    messages.success(request, "The feedback is resolved.")
    return redirect("lifecycle:pilot", slug=space.slug)


def charter(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    charter = selectors.charter_get(actor=request.actor, space=space)
    context = _context(request, space)
    context.update(
        {
            "charter": charter,
            "scorecard": selectors.charter_scorecard(
                actor=request.actor, space=space, charter=charter
            ),
            "can_administer": policy.can_administer_space(request.actor, space)
            and not policy.is_archived(space),
        }
    )
    return render(request, "lifecycle/charter.html", context)


def charter_edit(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_administer_space(request.actor, space)
    policy.require_write_in_space(request.actor, space)
    charter = selectors.charter_get(actor=request.actor, space=space)
    initial = {"vision": charter.vision, "audience": charter.audience} if charter else {}
    targets = {t.metric: t.target for t in charter.targets.all()} if charter else {}
    form = CharterForm(request.POST or None, initial=initial, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.charter_update(
                actor=request.actor,
                space=space,
                vision=form.cleaned_data["vision"],
                audience=form.cleaned_data["audience"],
                targets=form.targets(),
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, "The charter is saved.")
            return redirect("lifecycle:charter", slug=space.slug)
    context = _context(request, space)
    context["form"] = form
    return render(
        request,
        "lifecycle/charter_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def playbook(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_administer_space(request.actor, space)
    context = _context(request, space)
    context["steps"] = playbook_for(space)
    return render(request, "lifecycle/playbook.html", context)


@require_POST
def playbook_tick(request, slug: str, item: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    ticked = request.POST.get("ticked") == "1"
    services.playbook_tick(actor=request.actor, space=space, item=item, ticked=ticked)
    if request.headers.get("HX-Request"):
        step = next(s for s in playbook_for(space) if any(i["key"] == item for i in s["items"]))
        row = next(i for i in step["items"] if i["key"] == item)
        return render(request, "lifecycle/_playbook_item.html", {"i": row, "space": space})
    return redirect("lifecycle:playbook", slug=space.slug)


@require_POST
def export(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    raw = space_export(actor=request.actor, space=space)
    response = HttpResponse(raw, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{space.slug}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


def export_download(request, job_id: int):
    """The archive of a finished export job, for those who may export the space,
    until it expires (410 after: export the space again)."""
    job = export_job_get(actor=request.actor, job_id=job_id)
    if export_job_expired(job):
        raise Gone("This export has expired and its archive is deleted: export the space again.")
    if job.status != "done":
        raise Invalid("This export is not finished yet.")
    return private_file_response(
        name=job.archive.name, filename=f"{job.space.slug}.zip", content_type="application/zip"
    )


def import_space(request):
    if not request.actor.is_platform_admin:
        raise Forbidden("Only platform admins import spaces.")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            space = space_import(
                actor=request.actor,
                raw=form.cleaned_data["archive"].read(),
                slug=form.cleaned_data["slug"],
                name=form.cleaned_data["name"],
                via="web",
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, f"{space} is imported.")
            return redirect(space)
    return render(
        request,
        "lifecycle/import.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
