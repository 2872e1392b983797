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
        template = {404: "errors/404.html", 403: "errors/403.html"}.get(
            exception.status, "errors/400.html")
        if request.headers.get("HX-Request") and exception.status not in (403, 404):
            template = "errors/_inline.html"
        return render(request, template, {"error": exception}, status=exception.status)
