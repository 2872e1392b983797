"""What curation adds to shared pages (see hearth.core.extensions): the featured
strip of the home page."""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from hearth.core import extensions
from hearth.core.extensions import Part
from hearth.curation.policies import can_curate_home
from hearth.curation.selectors import features_in_force


def featured_strip(request: HttpRequest, obj: None, page: Mapping[str, Any]) -> dict:
    actor = request.actor
    # One query; the organisation role is on the actor already: none for the link.
    return {"features": features_in_force(actor=actor), "can_curate": can_curate_home(actor)}


def register_parts() -> None:
    extensions.register(
        extensions.HOME_STRIPS,
        Part(
            name="curation.featured",
            app="hearth.curation",
            template="curation/_featured_strip.html",
            context=featured_strip,
        ),
    )
