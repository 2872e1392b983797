"""A space's suggested tags, chosen by its leaders and facilitators."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from hearth.access import policy
from hearth.conversations import selectors, services
from hearth.core.errors import HearthError
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context


class SuggestedTagsForm(forms.Form):
    tags = forms.CharField(
        label="Tags to suggest",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Comma-separated, in the order to suggest them (at most "
        f"{services.MAX_SUGGESTED_TAGS}). The space's most used tags follow them.",
    )


def space_tags(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_curate_tags(request.actor, space)
    form = SuggestedTagsForm(
        request.POST or None, initial={"tags": ", ".join(selectors.curated_tags(space=space))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.space_tags_suggest(
                actor=request.actor, space=space, tags=form.cleaned_data["tags"]
            )
        except HearthError as error:
            form.add_error("tags" if error.field == "tags" else None, error.message)
        else:
            messages.success(request, "The suggested tags are saved.")
            return redirect(space)
    return render(
        request,
        "conversations/space_tags.html",
        {
            **space_page_context(request, space),
            "form": form,
            "popular": selectors.tag_suggestions(actor=request.actor, space=space, limit=12),
        },
        status=400 if request.method == "POST" else 200,
    )
