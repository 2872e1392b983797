"""Small helpers every app's pages share."""

from hearth.core.errors import HearthError


def is_htmx(request) -> bool:
    """Whether htmx sent the request (it swaps a fragment in place, not a page)."""
    return bool(request.headers.get("HX-Request"))


def form_error_add(form, error: HearthError) -> None:
    """Show a service's refusal on the form: on its field when the form has one,
    otherwise above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
