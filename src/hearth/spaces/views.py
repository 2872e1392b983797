"""Space pages. Each view reads through selectors and writes through services;
the policy decides, and HearthErrorMiddleware renders what it refuses."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.conversations.models import Follow
from hearth.conversations.selectors import recent_in_space, space_follow_level_annotation
from hearth.core.errors import HearthError, Invalid
from hearth.core.extensions import SPACE_HOME_CONTEXT, registry
from hearth.core.pages import is_htmx
from hearth.spaces import selectors, services
from hearth.spaces.forms import (
    AccessRequestForm,
    DecisionForm,
    InviteForm,
    RoleForm,
    SpaceFilterForm,
    SpaceForm,
)
from hearth.spaces.models import Role
from hearth.spaces.pages import space_page_context


def directory(request):
    form = SpaceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    spaces = selectors.space_list(
        actor=request.actor,
        q=filters.get("q") or "",
        business_unit=filters.get("business_unit") or "",
        visibility=filters.get("visibility") or "",
        mine=bool(filters.get("mine")),
    )
    page = Paginator(spaces, settings.HEARTH_PAGE_SIZE).get_page(request.GET.get("page"))
    cards = selectors.space_cards(actor=request.actor, spaces=page.object_list)
    template = "spaces/_results.html" if is_htmx(request) else "spaces/directory.html"
    return render(request, template, {"form": form, "page": page, "cards": cards})


def create(request):
    form = SpaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            space = services.space_create(
                actor=request.actor,
                name=data["name"],
                slug=data["slug"],
                description=data["description"],
                visibility=data["visibility"],
                business_unit=data["business_unit"],
            )
        except HearthError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"{space} is ready. Invite its first members.")
            return redirect(space)
    status = 400 if request.method == "POST" else 200
    return render(request, "spaces/form.html", {"form": form, "creating": True}, status=status)


def edit(request, slug: str):
    space = selectors.space_get(actor=request.actor, slug=slug)
    policy.require_edit_space(request.actor, space)
    initial = {
        "name": space.name,
        "slug": space.slug,
        "description": space.description,
        "business_unit": space.business_unit,
        "visibility": space.visibility,
    }
    form = SpaceForm(request.POST or None, initial=initial)
    form.fields["slug"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.space_update(
                actor=request.actor,
                space=space,
                name=data["name"],
                description=data["description"],
                visibility=data["visibility"],
                business_unit=data["business_unit"],
            )
        except HearthError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The space's settings are saved.")
            return redirect(space)
    status = 400 if request.method == "POST" else 200
    return render(request, "spaces/form.html", {"form": form, "space": space}, status=status)


# What the space home reads with the space itself: the rows it shows of its layout,
# charter and rules, and the viewer's follow level (each used only if the policy lets
# the viewer read the space).
HOME_RELATED = ("layout", "charter", "rules")


def _home_annotations(user_id: int) -> dict:
    return {"viewer_follow_level": space_follow_level_annotation(user_id)}


def home(request, slug: str):
    space = selectors.space_get(
        actor=request.actor, slug=slug, related=HOME_RELATED, annotations=_home_annotations
    )
    context = space_page_context(request, space)
    if context["can_read"]:
        context["leaders"] = selectors.space_team(actor=request.actor, space=space)
        context["recent"] = recent_in_space(actor=request.actor, space=space, limit=8)
        # What other apps' parts of the home read (the structure's sections, key users
        # and swap banners), computed once for all of them.
        context.update(registry.merged_context(SPACE_HOME_CONTEXT, request, space, context))
        context["space_follow_level"] = space.viewer_follow_level
        context["follow_levels"] = Follow.Level.choices
        context["can_curate_tags"] = policy.can_curate_tags(request.actor, space)
    else:
        context["pending_request"] = selectors.pending_request_of(actor=request.actor, space=space)
        context["request_form"] = AccessRequestForm()
        context["invitation"] = (
            selectors.invitation_list_for(actor=request.actor).filter(space=space).first()
        )
    return render(request, "spaces/home.html", context)


@require_POST
def join(request, slug: str):
    space = selectors.space_get(actor=request.actor, slug=slug)
    services.space_join(actor=request.actor, space=space)
    messages.success(request, f"Welcome to {space}!")
    return redirect(space)


@require_POST
def leave(request, slug: str):
    space = selectors.space_get(actor=request.actor, slug=slug)
    try:
        services.space_leave(actor=request.actor, space=space)
    except Invalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You left {space}.")
    return redirect(space if policy.can_see_space(request.actor, space) else "spaces:directory")


def request_access(request, slug: str):
    space = selectors.space_get(actor=request.actor, slug=slug)
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.access_request_create(
                actor=request.actor, space=space, message=form.cleaned_data["message"]
            )
        except HearthError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your request is sent; the leaders will answer soon.")
            return redirect(space)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "spaces/request_access.html", {"space": space, "form": form}, status=status
    )


def members(request, slug: str):
    space = selectors.space_get(actor=request.actor, slug=slug)
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    rows = selectors.member_list(actor=request.actor, space=space, role=role)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = space_page_context(request, space)
    context.update(
        {"page": page, "role_filter": role, "roles": Role.choices, "invite_form": InviteForm()}
    )
    return render(request, "spaces/members.html", context)


@require_POST
def invite(request, slug: str):
    space = selectors.space_get(actor=request.actor, slug=slug)
    policy.require_invite(request.actor, space)
    form = InviteForm(request.POST)
    if form.is_valid():
        user = (
            get_user_model()
            .objects.filter(username=form.cleaned_data["username"].strip().lower())
            .first()
        )
        if user is None:
            form.add_error("username", "No one has that username.")
        else:
            try:
                services.invitation_create(
                    actor=request.actor,
                    space=space,
                    user=user,
                    role=form.cleaned_data["role"],
                    message=form.cleaned_data["message"],
                )
            except HearthError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"{user} is invited.")
                return redirect("spaces:members", slug=space.slug)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("spaces:members", slug=space.slug)


@require_POST
def change_role(request, slug: str, user_id: int):
    space = selectors.space_get(actor=request.actor, slug=slug)
    form = RoleForm(request.POST)
    if not form.is_valid():
        raise Invalid("Choose one of the roles: leader, facilitator, champion, member.")
    membership = services.member_change_role(
        actor=request.actor, space=space, user_id=user_id, role=form.cleaned_data["role"]
    )
    if is_htmx(request):
        return render(
            request,
            "spaces/_member_row.html",
            {
                "m": membership,
                "space": space,
                "roles": Role.choices,
                "can_manage": True,
                "flash": f"{membership.user} is now {membership.get_role_display().lower()}.",
            },
        )
    messages.success(request, f"{membership.user} is now {membership.get_role_display().lower()}.")
    return redirect("spaces:members", slug=space.slug)


@require_POST
def remove_member(request, slug: str, user_id: int):
    space = selectors.space_get(actor=request.actor, slug=slug)
    services.member_remove(actor=request.actor, space=space, user_id=user_id)
    if is_htmx(request):
        return render(request, "spaces/_removed_row.html")
    messages.success(request, "The member is removed.")
    return redirect("spaces:members", slug=space.slug)


def requests(request, slug: str):
    space = selectors.space_get(actor=request.actor, slug=slug)
    rows = selectors.access_request_list(actor=request.actor, space=space)
    context = space_page_context(request, space)
    context.update({"requests": rows[:200], "decision_form": DecisionForm()})
    return render(request, "spaces/requests.html", context)


@require_POST
def decide(request, slug: str, request_id: int, decision: str):
    space = selectors.space_get(actor=request.actor, slug=slug)
    if decision not in ("approve", "deny"):
        raise Invalid("A decision is either approve or deny.")
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    access_request = services.access_request_decide(
        actor=request.actor,
        space=space,
        request_id=request_id,
        approve=decision == "approve",
        note=note,
    )
    if is_htmx(request):
        return render(request, "spaces/_decided_row.html", {"r": access_request})
    messages.success(request, f"Request from {access_request.user} {access_request.status}.")
    return redirect("spaces:requests", slug=space.slug)


def invitations(request):
    rows = selectors.invitation_list_for(actor=request.actor)
    return render(request, "spaces/invitations.html", {"invitations": rows})


@require_POST
def invitation_decline(request, invitation_id: int):
    services.invitation_decline(actor=request.actor, invitation_id=invitation_id)
    messages.success(request, "Invitation declined.")
    return redirect("spaces:invitations")
