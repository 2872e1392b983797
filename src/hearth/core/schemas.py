"""The API's shared shapes: the error body and the helpers every app's ``api.py`` uses.

They live here, below every app, so that an app's API module depends on ``core``
and not on the API's assembly (``hearth.api``), which imports the apps' routers.
"""

from typing import Annotated

from django.db.models import TextChoices
from ninja import Field, Schema
from pydantic import WithJsonSchema


def choices_named(choices: type[TextChoices], name: str):
    """``choices`` as a field type, documented inline under ``name``.

    django-ninja files every enum in the OpenAPI document under its class name, and
    several models have a ``Status`` or a ``Kind``: the last one filed would stand
    for all of them. Inlined, each field lists its own values.
    """
    schema = {"title": name, "type": "string", "enum": [str(v) for v in choices.values]}
    return Annotated[choices, WithJsonSchema(schema)]


class ErrorOut(Schema):
    detail: str
    field: str | None = None


# The answers every operation may give besides its own, in the error format.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class DecisionIn(Schema):
    note: str = Field("", max_length=500)
