"""The API's assembly: one NinjaAPI, token auth, one error format, and the apps' routers."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError

from hearth.actionplan import api as actionplan_api
from hearth.api import conversations as conversations_api
from hearth.api import endpoints
from hearth.api import follows as follows_api
from hearth.api.auth import BearerToken
from hearth.api.input import JsonParser, input_guard
from hearth.audit import api as audit_api
from hearth.core.errors import HearthError
from hearth.curation import api as curation_api
from hearth.desks import api as desks_api
from hearth.events import api as events_api
from hearth.gardening import api as gardening_api
from hearth.ideas import api as ideas_api
from hearth.launch import api as launch_api
from hearth.library import api as library_api
from hearth.lifecycle import api as lifecycle_api
from hearth.moderation import api as moderation_api
from hearth.polls import api as polls_api
from hearth.rules import api as rules_api
from hearth.search import api as search_api
from hearth.stories import api as stories_api
from hearth.structure import api as structure_api
from hearth.swaps import api as swaps_api

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


def _routers() -> list[tuple[str, Router]]:
    """Every app's routers, in the order they are mounted.

    The apps export ``routers`` and never import this module: the API depends on
    the apps, not the reverse. Paths under one prefix ("/spaces") are matched in
    this order.
    """
    return [
        endpoints.routers[0],  # /me
        *actionplan_api.routers,
        *endpoints.routers[1:],
        *conversations_api.routers,
        *follows_api.routers,
        *audit_api.routers,
        *curation_api.routers,
        *desks_api.routers,
        *events_api.routers,
        *gardening_api.routers,
        *ideas_api.routers,
        *launch_api.routers,
        *library_api.routers,
        *lifecycle_api.routers,
        *moderation_api.routers,
        *polls_api.routers,
        *rules_api.routers,
        *search_api.routers,
        *stories_api.routers,
        *structure_api.routers,
        *swaps_api.routers,
    ]


for _prefix, _router in _routers():
    api.add_router(_prefix, _router)
