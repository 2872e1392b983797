"""The rules page: current rules, versions with diffs, proposals and votes."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.core.errors import Conflict, HearthError, Invalid
from hearth.rules import selectors, services
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context


class ProposalForm(forms.Form):
    text = forms.CharField(
        label="The rules as you propose them",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    reason = forms.CharField(
        label="Why change them", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    days = forms.IntegerField(label="Days to vote", min_value=1, max_value=30, initial=7)


class FirstVersionForm(forms.Form):
    text = forms.CharField(
        label="The first rules of the space",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def rules(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    overview = selectors.rules_overview(actor=request.actor, space=space)
    current = overview["current"]
    proposal_form = ProposalForm(
        request.POST or None if request.POST.get("form") == "propose" else None,
        initial={"text": current.text if current else ""},
    )
    first_form = FirstVersionForm(
        request.POST or None if request.POST.get("form") == "first" else None
    )
    if request.method == "POST":
        form = proposal_form if request.POST.get("form") == "propose" else first_form
        if form.is_valid():
            try:
                if form is proposal_form:
                    services.rules_propose(
                        actor=request.actor,
                        space=space,
                        text=form.cleaned_data["text"],
                        reason=form.cleaned_data["reason"],
                        days=form.cleaned_data["days"],
                    )
                else:
                    services.rules_publish_first(
                        actor=request.actor, space=space, text=form.cleaned_data["text"]
                    )
            except HearthError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "Saved.")
                return redirect("rules:rules", slug=space.slug)
    context = space_page_context(request, space)
    context.update(overview)
    context.update(
        {
            "proposal_form": proposal_form,
            "first_form": first_form,
            "can_propose": policy.can_post_in_space(request.actor, space),
            "can_decide": policy.can_administer_space(request.actor, space)
            and not policy.is_archived(space),
        }
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "rules/rules.html", context, status=status)


@require_POST
def vote(request, slug: str, proposal_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    choice = request.POST.get("vote")
    if choice not in ("for", "against"):
        raise Invalid("A vote is for or against.")
    services.rules_vote(
        actor=request.actor, space=space, proposal_id=proposal_id, in_favour=choice == "for"
    )
    messages.success(
        request, f"Your vote {choice} is recorded; you may change it until the vote closes."
    )
    return redirect("rules:rules", slug=space.slug)


@require_POST
def decide(request, slug: str, proposal_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    decision = request.POST.get("decision")
    if decision not in ("adopt", "decline"):
        raise Invalid("A decision is adopt or decline.")
    try:
        services.rules_decide(
            actor=request.actor,
            space=space,
            proposal_id=proposal_id,
            adopt=decision == "adopt",
            comment=request.POST.get("comment", ""),
        )
    except (Invalid, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The decision is recorded.")
    return redirect("rules:rules", slug=space.slug)


@require_POST
def acknowledge(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.rules_acknowledge(actor=request.actor, space=space)
    messages.success(request, "Thank you for reading the rules.")
    return redirect(space)
