from django.shortcuts import render

from hearth.core.bounds import text_problem
from hearth.core.errors import HearthError, Invalid


class HearthErrorMiddleware:
    """Render errors raised by services and policies as pages with their message.

    404 for what may not be seen (never a hint it exists); 403 with a "request
    access" path when the actor may ask to join; 400/409 for bad input.

    An address that holds text no column stores (a NUL character: PostgreSQL refuses
    it) is refused here with a 400 page, before a view filters on it. Forms refuse
    it by their fields, and the API by its own guard (``hearth.api.input``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            problem = _address_problem(request)
            if problem:
                return render(request, "errors/400.html", {"error": Invalid(problem)}, status=400)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, HearthError) or request.path.startswith("/api/"):
            return None
        if request.headers.get("HX-Request"):
            # In-place actions show the message in the page's alert region and
            # leave the row they came from untouched.
            response = render(
                request, "errors/_inline.html", {"error": exception}, status=exception.status
            )
            response["HX-Retarget"] = "#htmx-alerts"
            response["HX-Reswap"] = "innerHTML"
            # Forms that swap the page's main part select it from the response;
            # the message is what to take from this one.
            response["HX-Reselect"] = ".flash"
            return response
        template = {404: "errors/404.html", 403: "errors/403.html"}.get(
            exception.status, "errors/400.html"
        )
        return render(request, template, {"error": exception}, status=exception.status)


def _address_problem(request) -> str | None:
    """Why the path or the query string cannot be taken, or None. (Query strings
    are decoded with replacement characters, so they are Unicode text; only NUL
    characters are left to refuse.)"""
    texts = [request.path_info]
    for key, values in request.GET.lists():
        texts += [key, *values]
    for text in texts:
        problem = text_problem(text)
        if problem:
            return f"This address cannot be read. {problem}"
    return None
