"""The API's assembly: one NinjaAPI, token auth, one error format."""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from hearth.api.auth import BearerToken
from hearth.core.errors import HearthError

api = NinjaAPI(
    title="Hearth API",
    version="1",
    description="Hearth's REST API. Authenticate with `Authorization: Bearer <token>` "
    "(create one with `hearth token create USERNAME`). Errors come back as "
    '`{"detail": "a readable message"}`.',
    auth=BearerToken(),
    urls_namespace="api",
    # The document and the interactive docs are for signed-in employees.
    docs_decorator=login_required,
)


@api.exception_handler(HearthError)
def hearth_error(request, exc: HearthError):
    body = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    problems = []
    for error in exc.errors:
        where = ".".join(str(p) for p in error.get("loc", []) if p not in ("body", "payload"))
        problems.append(f"{where}: {error.get('msg')}" if where else error.get("msg"))
    return api.create_response(
        request, {"detail": "Invalid input. " + "; ".join(problems), "errors": exc.errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request, {"detail": "Sign in with a valid token: Authorization: Bearer <token>."},
        status=401,
    )


import hearth.actionplan.api  # noqa: E402,F401  (registers the action plan router)
import hearth.api.conversations  # noqa: E402,F401  (registers their routers)
import hearth.api.follows  # noqa: E402,F401  (registers the follow and tag routers)
import hearth.audit.api  # noqa: E402,F401  (registers the audit router)
import hearth.curation.api  # noqa: E402,F401  (registers the home page curation router)
import hearth.desks.api  # noqa: E402,F401  (registers the desk router)
import hearth.events.api  # noqa: E402,F401  (registers the events routers)
import hearth.gardening.api  # noqa: E402,F401  (registers the gardening routers)
import hearth.ideas.api  # noqa: E402,F401  (registers the ideas routers)
import hearth.launch.api  # noqa: E402,F401  (registers the bulk invitations router)
import hearth.library.api  # noqa: E402,F401  (registers the library's routers)
import hearth.lifecycle.api  # noqa: E402,F401  (registers the lifecycle routers)
import hearth.moderation.api  # noqa: E402,F401  (registers the moderation router)
import hearth.polls.api  # noqa: E402,F401  (registers the polls routers)
import hearth.rules.api  # noqa: E402,F401  (registers the rules router)
import hearth.search.api  # noqa: E402,F401  (registers the search router)
import hearth.stories.api  # noqa: E402,F401  (registers the success stories routers)
import hearth.structure.api  # noqa: E402,F401  (registers the top content router)
import hearth.swaps.api  # noqa: E402,F401  (registers the role swaps router)
from hearth.api import endpoints  # noqa: E402,F401  (registers the routers)
