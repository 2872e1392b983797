"""Success-story pages: the platform-wide gallery with its totals, a space's
stories, a story, writing and editing one, and marking and promoting a
conversation (the space's facilitators and leaders)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.conversations.selectors import conversation_get
from hearth.core.errors import HearthError
from hearth.core.pages import form_error_add
from hearth.people.models import BusinessUnit
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context
from hearth.stories import policies, selectors, services
from hearth.stories.forms import OutcomeMarkForm, StoryForm
from hearth.stories.models import OutcomeKind, Story

PER_PAGE = 24


def _filters(request) -> selectors.StoryFilters:
    kind = request.GET.get("kind", "")
    return selectors.StoryFilters(
        space=request.GET.get("space", "")[:60],
        business_unit=request.GET.get("unit", "")[:60],
        outcome_kind=kind if kind in OutcomeKind.values else "",
    )


def gallery(request):
    """Every success story the viewer may read, with what they add up to."""
    actor = request.actor
    filters = _filters(request)
    page = Paginator(selectors.story_gallery(actor=actor, filters=filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    # The filter's spaces: those with a story the viewer may read (one query).
    spaces = list(
        Story.objects.visible_to(actor)
        .order_by("space__name")
        .values_list("space__slug", "space__name")
        .distinct()
    )
    return render(
        request,
        "stories/gallery.html",
        {
            "page": page,
            "stories": list(page.object_list),
            "totals": selectors.story_totals(actor=actor, filters=filters),
            "filters": filters,
            "spaces": spaces,
            "units": list(BusinessUnit.objects.order_by("name").values_list("slug", "name")),
            "kinds": OutcomeKind.choices,
            "filtered": bool(filters.space or filters.business_unit or filters.outcome_kind),
        },
    )


def space_stories(request, slug: str):
    actor = request.actor
    space = space_selectors.space_get(actor=actor, slug=slug)
    policy.require_read_space(actor, space)
    page = Paginator(selectors.story_list(actor=actor, space=space), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = space_page_context(request, space)
    context.update(
        {
            "page": page,
            "stories": list(page.object_list),
            "totals": selectors.story_totals(
                actor=actor, filters=selectors.StoryFilters(space=space.slug)
            ),
            "can_write": policies.can_write_story(actor, space),
        }
    )
    return render(request, "stories/space_stories.html", context)


def create(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_post_in_space(request.actor, space)
    form = StoryForm(request.POST or None, initial={"outcome_kind": OutcomeKind.TIME_SAVED})
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_create(
                actor=request.actor, space=space, fields=form.fields_value()
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, "Your story is in the gallery.")
            return redirect(story)
    return render(
        request,
        "stories/form.html",
        {
            "form": form,
            "space": space,
            "heading": f"Tell a success story of {space.name}",
            "submit": "Publish the story",
            "cancel": f"/s/{space.slug}/stories/",
        },
        status=400 if request.method == "POST" else 200,
    )


def detail(request, story_id: int):
    actor = request.actor
    story = selectors.story_get(actor=actor, story_id=story_id)
    return render(
        request,
        "stories/detail.html",
        {
            "story": story,
            "space": story.space,
            "can_edit": policies.can_edit_story(actor, story),
            # The source conversation is linked only while the reader may still read it.
            "source": story.source_conversation
            if story.source_conversation is not None
            and policy.can_read_conversation(actor, story.source_conversation)
            else None,
        },
    )


def edit(request, story_id: int):
    story = selectors.story_get(actor=request.actor, story_id=story_id)
    policies.require_edit_story(request.actor, story)
    form = StoryForm(
        request.POST or None,
        initial=StoryForm.initial_from(
            services.StoryFields(
                title=story.title,
                body=story.body,
                outcome_kind=story.outcome_kind,
                hours_saved=story.hours_saved,
                money_saved=story.money_saved,
                currency=story.currency,
                beneficiaries=story.beneficiaries,
            )
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.story_update(actor=request.actor, story=story, fields=form.fields_value())
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, "The story is saved.")
            return redirect(story)
    return render(
        request,
        "stories/form.html",
        {
            "form": form,
            "space": story.space,
            "heading": "Edit the story",
            "submit": "Save",
            "cancel": story.get_absolute_url(),
        },
        status=400 if request.method == "POST" else 200,
    )


def promote(request, conversation_id: int):
    """Promote a conversation to a story, from a form prefilled with its text."""
    actor = request.actor
    conversation = conversation_get(actor=actor, conversation_id=conversation_id)
    policies.require_curate_outcomes(actor, conversation)
    existing = Story.objects.filter(source_conversation=conversation).first()
    if existing is not None:
        messages.info(request, "This conversation is already a success story.")
        return redirect(existing)
    form = StoryForm(
        request.POST or None, initial=StoryForm.initial_from(services.promotion_draft(conversation))
    )
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_promote(
                actor=actor, conversation=conversation, fields=form.fields_value()
            )
        except HearthError as error:
            if error.status != 400:
                raise
            form_error_add(form, error)
        else:
            messages.success(
                request, "The conversation is now a success story; its author is told."
            )
            return redirect(story)
    return render(
        request,
        "stories/form.html",
        {
            "form": form,
            "space": conversation.space,
            "conversation": conversation,
            "heading": "Promote to a success story",
            "submit": "Publish the story",
            "cancel": conversation.get_absolute_url(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def outcome(request, conversation_id: int):
    """Mark a conversation as a business outcome, or take the mark away."""
    actor = request.actor
    conversation = conversation_get(actor=actor, conversation_id=conversation_id)
    if request.POST.get("mark") == "0":
        services.outcome_unmark(actor=actor, conversation=conversation)
        messages.success(request, "The business-outcome mark is taken away.")
    else:
        form = OutcomeMarkForm(request.POST)
        if not form.is_valid():
            policies.require_curate_outcomes(actor, conversation)
            messages.error(request, "Keep the note to 500 characters.")
        else:
            services.outcome_mark(
                actor=actor, conversation=conversation, note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                "Marked as a business outcome. Promote it to a story when the results are in.",
            )
    return redirect(conversation)
