"""The API's input, checked once for every operation before it reaches a service.

Three kinds of value pass ninja's own validation and then fail in the database,
which is a server error: a JSON body that is not Unicode text (a lone surrogate such
as ``"\\ud800"``), an integer no 64-bit column holds (an offset or an id past
2**63 - 1), and text with a NUL character (PostgreSQL refuses it). The assembly
(``hearth.api.api``) installs ``JsonParser`` for every body and ``input_guard``
around every operation, so that each endpoint, today's and tomorrow's, answers them
with a readable 4xx in the error format (``docs/api.md``).
"""

import functools
import json
from collections.abc import Callable, Iterator

from ninja.errors import ValidationError
from ninja.parser import Parser
from pydantic import BaseModel

from hearth.core.bounds import BIGINT_MAX, int_fits, text_problem
from hearth.core.errors import Invalid


class JsonParser(Parser):
    """Ninja's JSON parser, refusing a body that is not Unicode text (400)."""

    def parse_body(self, request):
        try:
            data = json.loads(request.body)
        except UnicodeDecodeError as error:
            raise Invalid("The request body is not UTF-8 text.") from error
        except ValueError as error:
            raise Invalid(f"The request body is not valid JSON: {error}.") from error
        for where, text in _texts(data, ()):
            problem = text_problem(text)
            if problem:
                raise Invalid(
                    f"{_where(where) or 'The body'}: {problem}", field=_where(where) or None
                )
        return data


def _texts(value, where: tuple) -> Iterator[tuple[tuple, str]]:
    """Every string of a parsed JSON document (keys included), with where it is."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield where + (key,), key
            yield from _texts(item, where + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, where + (index,))


def _where(where: tuple) -> str:
    return ".".join(str(part) for part in where)


def _problems(value, where: tuple) -> Iterator[dict]:
    """Errors, in pydantic's shape, for integers of validated input that no 64-bit
    column holds; text that no column holds is refused at once (400), as in a body."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not int_fits(value):
            yield {
                "loc": where,
                "type": "int_out_of_range",
                "msg": f"Input should be a whole number of at most {BIGINT_MAX} in size (64 bits)",
            }
    elif isinstance(value, str):
        problem = text_problem(value)
        if problem:
            # A query or path parameter (a body's text was checked by the parser).
            raise Invalid(f"{_where(where)}: {problem}", field=_where(where) or None)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _problems(getattr(value, name), where + (name,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _problems(key, where)
            yield from _problems(item, where + (key,))
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from _problems(item, where + (index,))


def input_guard(view: Callable) -> Callable:
    """Wrap an operation so that it runs only on input every column can hold: an
    integer out of range is 422, like any other invalid value; text with a NUL
    character is 400, like a body's. It sees the values ninja validated: path and
    query parameters, pagination and bodies alike."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        errors = []
        for name, value in kwargs.items():
            # A schema's fields are named by themselves (as the client sent them);
            # a plain parameter by its name.
            errors += _problems(value, () if isinstance(value, BaseModel) else (name,))
        if errors:
            raise ValidationError(errors)
        return view(request, *args, **kwargs)

    return guarded
