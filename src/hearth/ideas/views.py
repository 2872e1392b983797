"""Idea pages: the board (by votes or newest, per campaign), an idea with its
comments and status history; voting swaps the vote button in place."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.core.bounds import whole_number
from hearth.core.errors import HearthError
from hearth.core.pages import form_error_add, is_htmx
from hearth.ideas import policies, selectors, services
from hearth.ideas.forms import CampaignForm, CommentForm, IdeaForm, StatusForm
from hearth.ideas.models import Idea
from hearth.spaces import selectors as space_selectors
from hearth.spaces.pages import space_page_context


def board(request, slug: str):
    actor = request.actor
    space = space_selectors.space_get(actor=actor, slug=slug)
    policy.require_read_space(actor, space)
    sort = request.GET.get("sort", "votes")
    sort = sort if sort in selectors.SORTS else "votes"
    status = request.GET.get("status", "")
    status = status if status in Idea.Status.values else ""
    campaigns = list(selectors.campaign_list(actor=actor, space=space)[:20])
    campaign = None
    wanted = whole_number(request.GET.get("campaign"))
    if wanted is not None:
        campaign = next((c for c in campaigns if c.pk == wanted), None)
    elif request.GET.get("campaign") != "all" and campaigns and campaigns[0].is_open():
        # The board opens on the running campaign; "all" shows every idea.
        campaign = campaigns[0]
    rows = selectors.idea_list(
        actor=actor, space=space, sort=sort, campaign=campaign, status=status
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    ideas = list(page.object_list)
    can_take_part = policies.can_take_part(actor, space)
    for idea in ideas:
        idea.can_vote = can_take_part and (idea.campaign is None or idea.campaign.is_open())
    context = space_page_context(request, space)
    context.update(
        {
            "page": page,
            "ideas": ideas,
            "sort": sort,
            "status": status,
            "statuses": Idea.Status,
            "campaigns": campaigns,
            "campaign": campaign,
            "voted": selectors.voted_ids(actor=actor, idea_ids=[i.pk for i in ideas]),
            "can_take_part": can_take_part,
            "can_curate": policies.can_curate_ideas(actor, space),
            "campaign_open": campaign is None or campaign.is_open(),
            "form": IdeaForm(initial={"campaign": campaign.pk if campaign else None}),
        }
    )
    return render(request, "ideas/board.html", context)


def submit(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policy.require_post_in_space(request.actor, space)
    form = IdeaForm(request.POST or None, initial={"campaign": request.GET.get("campaign")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = (
                selectors.campaign_get(
                    actor=request.actor, space=space, campaign_id=data["campaign"]
                )
                if data.get("campaign")
                else None
            )
            idea = services.idea_submit(
                actor=request.actor,
                space=space,
                title=data["title"],
                body=data["body"],
                campaign=campaign,
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, "Your idea is on the board.")
            return redirect(idea)
    return render(
        request,
        "ideas/form.html",
        {"form": form, "space": space},
        status=400 if request.method == "POST" else 200,
    )


def campaign_create(request, slug: str):
    space = space_selectors.space_get(actor=request.actor, slug=slug)
    policies.require_curate_ideas(request.actor, space)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                actor=request.actor,
                space=space,
                question=data["question"],
                description=data["description"],
                ends_at=data["ends_at"],
            )
        except HearthError as error:
            form_error_add(form, error)
        else:
            messages.success(request, "The campaign is open for ideas.")
            return redirect(f"/s/{space.slug}/ideas/?campaign={campaign.pk}")
    return render(
        request,
        "ideas/campaign_form.html",
        {"form": form, "space": space},
        status=400 if request.method == "POST" else 200,
    )


def detail(request, idea_id: int):
    actor = request.actor
    idea = selectors.idea_get(actor=actor, idea_id=idea_id)
    return render(
        request,
        "ideas/detail.html",
        {
            "idea": idea,
            "space": idea.space,
            "comments": list(selectors.comment_list(actor=actor, idea=idea)[:200]),
            "history": list(selectors.status_history(actor=actor, idea=idea)),
            "voted": selectors.voted_ids(actor=actor, idea_ids=[idea.pk]),
            "can_take_part": policies.can_take_part(actor, idea.space),
            "can_curate": policies.can_curate_ideas(actor, idea.space),
            "can_vote": policies.can_take_part(actor, idea.space)
            and (idea.campaign is None or idea.campaign.is_open()),
            "comment_form": CommentForm(),
            "status_form": StatusForm(initial={"status": idea.status}),
        },
    )


@require_POST
def vote(request, idea_id: int):
    idea = selectors.idea_get(actor=request.actor, idea_id=idea_id)
    if request.POST.get("vote") == "0":
        services.idea_unvote(actor=request.actor, idea=idea)
        voted = False
    else:
        services.idea_vote(actor=request.actor, idea=idea)
        voted = True
    if is_htmx(request):
        return render(
            request, "ideas/_vote.html", {"idea": idea, "is_voted": voted, "can_vote": True}
        )
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith(f"/s/{idea.space.slug}/ideas/")
        else idea.get_absolute_url()
    )


@require_POST
def comment(request, idea_id: int):
    idea = selectors.idea_get(actor=request.actor, idea_id=idea_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write your comment first (at most 10,000 characters).")
        return redirect(idea)
    services.idea_comment(actor=request.actor, idea=idea, body=form.cleaned_data["body"])
    return redirect(f"{idea.get_absolute_url()}#comments")


@require_POST
def status(request, idea_id: int):
    idea = selectors.idea_get(actor=request.actor, idea_id=idea_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.idea_status_set(
                actor=request.actor,
                idea=idea,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except HearthError as error:
            if error.status != 400:
                raise
            messages.error(request, error.message)
        else:
            messages.success(
                request, "The status is changed; the submitter and voters are told why."
            )
    else:
        policies.require_curate_ideas(request.actor, idea.space)
        messages.error(request, "Choose a status and give the reason.")
    return redirect(idea)
