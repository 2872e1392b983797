"""Pages to shape a space's home (sections, featured items, guidance) and its key users."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.conversations.selectors import conversation_list
from hearth.core.errors import HearthError, Invalid
from hearth.events.selectors import event_list
from hearth.ideas.selectors import idea_list
from hearth.library.selectors import document_list
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context
from hearth.stories.selectors import story_list
from hearth.structure import selectors, services
from hearth.structure.forms import FeatureForm, KeyUserForm, LayoutForm
from hearth.structure.policies import require_edit_structure


def _feature_choices(request, space):
    """What leaders may feature, grouped by kind: the latest of each, as each app
    lists them for the leader (values are "kind:id")."""
    actor = request.actor
    groups = [
        ("Conversations", "conversation", conversation_list(actor=actor, space=space)[:50]),
        (
            "Library documents",
            "document",
            document_list(actor=actor, space=space)
            .exclude(status="draft")
            .select_related(None)
            .prefetch_related(None)  # only titles are shown: no tags query
            .only("id", "title")[:50],
        ),
        ("Upcoming events", "event", event_list(actor=actor, space=space, when="upcoming")[:20]),
        ("Ideas", "idea", idea_list(actor=actor, space=space, sort="votes")[:20]),
        ("Success stories", "story", story_list(actor=actor, space=space)[:20]),
    ]
    return [
        (label, [(f"{kind}:{row.pk}", row.title[:90]) for row in rows])
        for label, kind, rows in groups
    ]


def editor(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    require_edit_structure(request.actor, space)
    layout = selectors.layout_of(space=space)
    form = LayoutForm(
        request.POST or None, sections=list(layout.sections), initial={"guidance": layout.guidance}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.layout_update(
                actor=request.actor,
                space=space,
                sections=form.ordered_sections(),
                guidance=form.cleaned_data["guidance"],
            )
        except HearthError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The space's home is saved.")
            return redirect("structure:editor", slug=space.slug)
    context = space_page_context(request, space)
    context.update(
        {
            "form": form,
            "featured": selectors.featured_items(actor=request.actor, space=space),
            "feature_form": FeatureForm(choices=_feature_choices(request, space)),
        }
    )
    return render(
        request, "structure/editor.html", context, status=400 if request.method == "POST" else 200
    )


@require_POST
def feature_add(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    require_edit_structure(request.actor, space)
    form = FeatureForm(request.POST, choices=_feature_choices(request, space))
    if not form.is_valid():
        raise Invalid("Choose one of the space's conversations, documents, events or ideas.")
    kind, item_id = form.cleaned_data["item"]
    services.featured_add(actor=request.actor, space=space, kind=kind, item_id=item_id)
    messages.success(request, "Featured in the top content.")
    return redirect("structure:editor", slug=space.slug)


@require_POST
def feature_move(request, slug: str, item_id: int, direction: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    if direction not in ("up", "down"):
        raise Invalid("Move an item up or down.")
    services.featured_move(
        actor=request.actor,
        space=space,
        item_id=item_id,
        step=-1 if direction == "up" else 1,
    )
    return redirect("structure:editor", slug=space.slug)


@require_POST
def feature_remove(request, slug: str, item_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.featured_remove(actor=request.actor, space=space, item_id=item_id)
    messages.success(request, "No longer featured.")
    return redirect("structure:editor", slug=space.slug)


def key_users(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    rows = selectors.key_user_list(actor=request.actor, space=space)
    context = space_page_context(request, space)
    form = KeyUserForm(request.POST or None)
    if request.method == "POST":
        require_edit_structure(request.actor, space)
        if form.is_valid():
            user = (
                get_user_model()
                .objects.filter(username=form.cleaned_data["username"].strip().lower())
                .first()
            )
            try:
                services.key_user_add(
                    actor=request.actor,
                    space=space,
                    user=user,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except HearthError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"{user} is a key user of {space}.")
                return redirect("structure:key_users", slug=space.slug)
    context.update({"key_users": list(rows[:500]), "form": form})
    return render(
        request,
        "structure/key_users.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def key_user_remove(request, slug: str, user_id: int):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    services.key_user_remove(actor=request.actor, space=space, user_id=user_id)
    messages.success(request, "Removed from the key users.")
    return redirect("structure:key_users", slug=space.slug)


def key_users_everywhere(request):
    """The platform-wide key-users group, for cross-community meetings."""
    rows = list(selectors.key_users_everywhere(actor=request.actor)[:2000])
    people: dict[int, dict] = {}
    for row in rows:
        entry = people.setdefault(row.user_id, {"user": row.user, "spaces": []})
        entry["spaces"].append(row)
    return render(request, "structure/key_users_everywhere.html", {"people": list(people.values())})
