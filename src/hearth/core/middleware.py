from django.shortcuts import render

from hearth.core.errors import HearthError


class HearthErrorMiddleware:
    """Render errors raised by services and policies as pages with their message.

    404 for what may not be seen (never a hint it exists); 403 with a "request
    access" path when the actor may ask to join; 400/409 for bad input.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, HearthError) or request.path.startswith("/api/"):
            return None
        if request.headers.get("HX-Request"):
            # In-place actions show the message in the page's alert region and
            # leave the row they came from untouched.
            response = render(request, "errors/_inline.html", {"error": exception},
                              status=exception.status)
            response["HX-Retarget"] = "#htmx-alerts"
            response["HX-Reswap"] = "innerHTML"
            # Forms that swap the page's main part select it from the response;
            # the message is what to take from this one.
            response["HX-Reselect"] = ".flash"
            return response
        template = {404: "errors/404.html", 403: "errors/403.html"}.get(
            exception.status, "errors/400.html")
        return render(request, template, {"error": exception}, status=exception.status)
