"""The API's assembly: one NinjaAPI, token auth, one error format."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from hearth.api.auth import BearerToken
from hearth.api.input import JsonParser, input_guard
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
    # Bodies must be Unicode text (400 otherwise)...
    parser=JsonParser(),
)
# ...and what every operation receives must fit the columns (422 otherwise).
api.add_decorator(input_guard, mode="operation")


@api.exception_handler(HearthError)
def hearth_error(request, exc: HearthError):
    body = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # Ninja wraps whatever its parser raised ("Cannot parse request body"); the
    # parser's own refusal says what was wrong.
    if isinstance(exc.__cause__, HearthError):
        return hearth_error(request, exc.__cause__)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request, exc):
    # Usually refused from its Content-Length before this (RequestBodyLimitMiddleware);
    # this is the same answer for a body found too large while it is read.
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return api.create_response(
        request, {"detail": f"This request is too large: at most {limit} MB are taken."}, status=413
    )


@api.exception_handler(TooManyFieldsSent)
def too_many_fields(request, exc):
    return api.create_response(request, {"detail": "This request has too many fields."}, status=400)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    problems = []
    for error in exc.errors:
        where = ".".join(str(p) for p in error.get("loc", []) if p not in ("body", "payload"))
        problems.append(f"{where}: {error.get('msg')}" if where else error.get("msg"))
    return api.create_response(
        request,
        {"detail": "Invalid input. " + "; ".join(problems), "errors": exc.errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request,
        {"detail": "Sign in with a valid token: Authorization: Bearer <token>."},
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
