"""The role swaps page of a space: who holds another role for a while, and granting one."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.errors import HearthError
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context
from hearth.swaps import selectors, services
from hearth.swaps.forms import SwapForm
from hearth.swaps.policies import require_change_swaps, require_manage_swaps


def swaps(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    if request.method == "POST":  # a refused grant by a swapped leader is recorded
        require_change_swaps(
            request.actor,
            space,
            attempt="role_swap.start",
            user=request.POST.get("username", "").strip().lower(),
            details={"role": request.POST.get("role", "")},
        )
    require_manage_swaps(request.actor, space)
    tomorrow = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    form = SwapForm(request.POST or None, initial={"until": tomorrow})
    if request.method == "POST" and form.is_valid():
        user = (
            get_user_model()
            .objects.filter(username=form.cleaned_data["username"].strip().lower())
            .first()
        )
        try:
            swap = services.role_swap_create(
                actor=request.actor,
                space=space,
                user=user,
                role=form.cleaned_data["role"],
                until=form.cleaned_data["until"],
            )
        except HearthError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                f"{swap.user} is {swap.get_role_display().lower()} until {swap.until_label}.",
            )
            return redirect("swaps:list", slug=space.slug)
    context = space_page_context(request, space)
    context.update(
        {
            "form": form,
            "now": timezone.now(),
            "swaps": list(selectors.swap_list(actor=request.actor, space=space)[:100]),
            "swap_banners": selectors.swap_banners(actor=request.actor, space=space),
        }
    )
    return render(
        request, "swaps/swaps.html", context, status=400 if request.method == "POST" else 200
    )


@require_POST
def end(request, slug: str, swap_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    swap = services.role_swap_end(actor=request.actor, space=space, swap_id=swap_id)
    messages.success(request, f"{swap.user} is back to {swap.usual_role}.")
    return redirect("swaps:list", slug=space.slug)
