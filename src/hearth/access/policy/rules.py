"""How a rule of the policy is declared: once, as its ``can_<verb>`` question.

``@rule`` on ``can_<verb>(actor, thing, ...) -> bool`` derives its raising twin,
``require_<verb>``, with the same arguments: it first runs the checks the rule
stands on (``first``: say, ``require_see_space`` so that a space one may not know
of is 404 before anything else), then raises ``refusal`` with ``message`` when
the question answers no. The module that declares the rule names the twin::

    @rule(first=(require_read_space,), message="Only the space's facilitators ...")
    def can_curate_ideas(actor: Actor, space) -> bool: ...

    require_curate_ideas = can_curate_ideas.require

A rule that grants a power over other people's spaces, members or posts is
``privileged``: a service that asks it must write an audit entry
(tests/audit/test_privileged_services.py holds every service to it).
``privileged_checks()`` lists them, twins included, from every policy module
imported so far; ``@privileged`` registers any other check: a question with no raising
twin, or a hand-written refusal that does more than raise (such as recording a
swapped role's attempt).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, Literal, Protocol, TypeVar

from hearth.core.errors import Forbidden, HearthError

Check = Callable[..., Any]
F = TypeVar("F", bound=Callable[..., Any])


class Rule(Protocol):
    """A ``can_<verb>`` declared with ``@rule``: the question, and its twin."""

    require: Callable[..., None]

    def __call__(self, *args: Any, **kwargs: Any) -> bool: ...


# (module, name) of every privileged check, in declaration order.
_PRIVILEGED: dict[tuple[str, str], None] = {}


def _register(module: str, name: str) -> None:
    _PRIVILEGED[(module, name)] = None


def privileged_checks(module_prefix: str = "") -> tuple[str, ...]:
    """The names of the privileged checks declared in modules whose name starts with
    ``module_prefix`` (every policy module imported so far, by default)."""
    return tuple(
        dict.fromkeys(name for module, name in _PRIVILEGED if module.startswith(module_prefix))
    )


def privileged(check: F) -> F:
    """Register a check that is not a ``@rule`` (a question without a twin, a
    hand-written ``require_…`` or refusal helper) as privileged."""
    _register(check.__module__, check.__name__)
    return check


def on_space(check: Check) -> Check:
    """``check(actor, thing.space)``: a space's check, as a first step of a rule
    about something in the space (a conversation, a poll, an event)."""

    def on_its_space(actor: Any, thing: Any, *args: Any, **kwargs: Any) -> None:
        check(actor, thing.space)

    on_its_space.__name__ = f"{check.__name__}_on_space"
    return on_its_space


def rule(
    *,
    message: str | None = None,
    refusal: type[HearthError] = Forbidden,
    first: Iterable[Check] = (),
    refusal_details: Callable[..., dict[str, Any]] | None = None,
    privileged: bool | Literal["twin"] = False,
) -> Callable[[F], F]:
    """Declare ``can_<verb>`` and derive ``require_<verb>`` as its ``.require``.

    ``message``: what the refusal says (``None``: the refusal's own default, as a
    plain ``NotFound``). ``refusal``: ``Forbidden`` (403) when the actor may know the
    thing exists, ``NotFound`` (404) when even that is not theirs to know.
    ``first``: checks run before, with the rule's arguments (``on_space`` adapts a
    space's check). ``refusal_details``: keyword arguments for the refusal, from the
    rule's arguments. ``privileged``: ``True`` registers the question and its twin,
    ``"twin"`` the twin alone (a question a page may ask freely, a refusal only a
    privileged service raises).
    """
    checks = tuple(first)

    def declare(can: F) -> F:
        name = can.__name__
        if not name.startswith("can_"):
            raise ValueError(f"a rule is a can_<verb> question, not {name}")
        module = can.__module__
        if privileged is True:
            _register(module, name)
        twin_name = "require_" + name.removeprefix("can_")

        @wraps(can)
        def require(*args: Any, **kwargs: Any) -> None:
            for check in checks:
                check(*args, **kwargs)
            if not can(*args, **kwargs):
                details = refusal_details(*args, **kwargs) if refusal_details else {}
                if message is None:
                    raise refusal(**details)
                raise refusal(message, **details)

        require.__name__ = require.__qualname__ = twin_name
        require.__doc__ = (
            f"Raise ``{refusal.__name__}`` unless ``{name}``"
            + (f" (after {', '.join(f'``{c.__name__}``' for c in checks)})" if checks else "")
            + "."
        )
        signature = inspect.signature(can)
        require.__signature__ = signature.replace(return_annotation=None)  # type: ignore[attr-defined]
        require.__annotations__ = {**can.__annotations__, "return": None}
        del require.__wrapped__  # its own signature, not the question's
        if privileged:
            _register(module, twin_name)
        can.require = require  # type: ignore[attr-defined]
        return can

    return declare
