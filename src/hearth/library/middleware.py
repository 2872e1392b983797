from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than Hearth takes (413), before
    any of it is read: HEARTH_MAX_REQUEST_BODY for an upload (multipart: files go to
    disk), DATA_UPLOAD_MAX_MEMORY_SIZE for any other body (a form's fields or the
    API's JSON, read into memory; Django itself refuses a larger one, from the same
    Content-Length, with an error). Django reads no more than the declared
    Content-Length, so a body without one is read as empty."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if request.content_type == "multipart/form-data":
            limit = getattr(settings, "HEARTH_MAX_REQUEST_BODY", 11 * 1024 * 1024)
            what = "upload"
        else:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            what = "request"
        if limit is not None and length > limit:
            message = f"This {what} is too large: at most {limit // (1024 * 1024)} MB are taken."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            # A plain page: the session and the user are not loaded this early.
            return HttpResponse(
                f"<!doctype html><title>Too large</title><h1>Too large</h1>"
                f"<p>{escape(message)} Nothing was changed.</p>",
                status=413,
            )
        return self.get_response(request)
