"""Poll pages: the space's polls, a poll with its chart; voting swaps the poll in place."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.conversations.selectors import conversation_get
from hearth.core.bounds import whole_number
from hearth.core.errors import HearthError
from hearth.core.pages import is_htmx
from hearth.polls import policies, selectors, services
from hearth.polls.forms import PollForm
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context


def _poll_context(request, poll, *, error: str = "") -> dict:
    actor = request.actor
    return {
        "poll": poll,
        "results": selectors.poll_results(actor=actor, poll=poll),
        "can_vote": policies.can_vote(actor, poll),
        "can_close": policies.can_close_poll(actor, poll),
        "vote_error": error,
    }


def space_polls(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    state = request.GET.get("state", "")
    if state not in ("", "open", "closed"):
        state = ""
    rows = selectors.poll_list(actor=request.actor, space=space, state=state)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    context = space_page_context(request, space)
    context.update(
        {
            "page": page,
            "state": state,
            "now": timezone.now(),
            "can_create": policies.can_create_poll(request.actor, space),
        }
    )
    return render(request, "polls/space_list.html", context)


def create(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_post_in_space(request.actor, space)
    form = PollForm(request.POST or None, initial={"conversation": request.GET.get("conversation")})
    conversation = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("conversation"):
                conversation = conversation_get(
                    actor=request.actor, conversation_id=data["conversation"]
                )
            poll = services.poll_create(
                actor=request.actor,
                space=space,
                question=data["question"],
                options=form.option_labels(),
                multiple=data["multiple"],
                anonymous=data["anonymous"],
                closes_at=data["closes_at"],
                conversation=conversation,
            )
        except HearthError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Your poll is open.")
            return redirect(poll)
    return render(
        request,
        "polls/form.html",
        {"form": form, "space": space},
        status=400 if request.method == "POST" else 200,
    )


def detail(request, poll_id: int):
    poll = selectors.poll_get(actor=request.actor, poll_id=poll_id)
    context = _poll_context(request, poll)
    context["space"] = poll.space
    return render(request, "polls/detail.html", context)


@require_POST
def vote(request, poll_id: int):
    poll = selectors.poll_get(actor=request.actor, poll_id=poll_id)
    ids = [n for n in map(whole_number, request.POST.getlist("option")) if n is not None]
    error = ""
    try:
        services.poll_vote(actor=request.actor, poll=poll, option_ids=ids)
    except HearthError as refused:
        if not is_htmx(request):
            raise
        error = refused.message
    if is_htmx(request):
        return render(
            request,
            "polls/_poll.html",
            _poll_context(request, poll, error=error),
            status=400 if error else 200,
        )
    messages.success(request, "Your vote is counted. You may change it until the poll closes.")
    return redirect(poll)


@require_POST
def close(request, poll_id: int):
    poll = selectors.poll_get(actor=request.actor, poll_id=poll_id)
    services.poll_close(actor=request.actor, poll=poll)
    messages.success(request, "The poll is closed; its results stay.")
    return redirect(poll)
