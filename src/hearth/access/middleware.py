from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.utils.functional import SimpleLazyObject

from hearth.access.actor import Actor


class ActorMiddleware:
    """Attach ``request.actor``, built lazily once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: Actor.for_user(request.user))
        return self.get_response(request)


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in person (an intranet). The API is left to its
    own bearer-token authentication, which answers 401 in JSON, not a redirect."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
