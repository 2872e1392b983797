"""The search page: the same selector as the API, rendered on the server."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from hearth.core.bounds import BIGINT_MAX, page_number
from hearth.core.errors import Invalid
from hearth.search.selectors import (
    KINDS,
    QUERY_MAX,
    search,
    search_filters_parse,
    search_query_clean,
)

PAGE_SIZE = 20


def _page_number(value: str | None) -> int:
    # Past the last page shows the last page (below); past any offset the database
    # takes is clamped before it gets there.
    return page_number(value, maximum=BIGINT_MAX // PAGE_SIZE)


def results(request):
    q = request.GET.get("q", "")
    context = {
        "q": q,
        "kinds": KINDS,
        "query_max": QUERY_MAX,
        "params": request.GET,
        "action": reverse("search:results"),
    }
    if not q.strip():
        return render(request, "search/results.html", context)
    try:
        query = search_query_clean(q)
        filters = search_filters_parse(request.GET)
    except Invalid as error:
        return render(request, "search/results.html", {**context, "error": error}, status=400)
    number = _page_number(request.GET.get("page"))
    found = search(
        actor=request.actor,
        q=query,
        filters=filters,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    page = Paginator(range(found.count), PAGE_SIZE).get_page(number)
    if page.number != number:  # past the last page: show the last one
        found = search(
            actor=request.actor,
            q=query,
            filters=filters,
            limit=PAGE_SIZE,
            offset=(page.number - 1) * PAGE_SIZE,
        )
    return render(
        request,
        "search/results.html",
        {**context, "results": found, "page": page, "filters": filters},
    )
