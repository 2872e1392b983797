from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware, get_user
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from hearth.access.actor import Actor, user_is_suspended


class ActorMiddleware:
    """Attach ``request.actor``, built lazily once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A suspension ends every session at once: the user row is loaded anyway,
        # so the check costs no query. The API's token authentication checks too.
        if not request.path_info.startswith("/api/"):
            # The person itself from here on, not Django's lazy stand-in for them (the
            # same read, kept on the request): pages and the policy read the person
            # a hundred times, and each read through the stand-in costs three calls.
            user = request.user = get_user(request)
            if user.is_authenticated and user_is_suspended(user):
                return suspended_response(request, user)
        request.actor = SimpleLazyObject(lambda: Actor.for_user(request.user))
        return self.get_response(request)


def suspended_response(request, user):
    """Sign the person out and show why, and until when, they cannot sign in."""
    from hearth.moderation.selectors import suspension_in_force

    sanction = suspension_in_force(person=user)
    logout(request)
    return render(
        request,
        "moderation/suspended.html",
        {"sanction": sanction, "until": user.suspended_until},
        status=403,
    )


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in person (an intranet). The API is left to its
    own bearer-token authentication, which answers 401 in JSON, not a redirect."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
