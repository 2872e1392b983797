from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than HEARTH_MAX_REQUEST_BODY
    (413), before any of it is read. Django reads no more than the declared
    Content-Length, so a body without one is read as empty."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "HEARTH_MAX_REQUEST_BODY", 11 * 1024 * 1024)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = f"This upload is too large: at most {limit // (1024 * 1024)} MB are taken."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            # A plain page: the session and the user are not loaded this early.
            return HttpResponse(
                f"<!doctype html><title>Too large</title><h1>Too large</h1>"
                f"<p>{escape(message)} Nothing was changed.</p>",
                status=413,
            )
        return self.get_response(request)
