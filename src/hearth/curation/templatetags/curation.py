"""The featured strip of the platform home page (one query)."""

from django import template

from hearth.curation.policies import can_curate_home
from hearth.curation.selectors import features_in_force

register = template.Library()


@register.inclusion_tag("curation/_featured_strip.html", takes_context=True)
def home_featured(context) -> dict:
    actor = context["request"].actor
    # The organisation role is on the actor already: no query for the link.
    return {"features": features_in_force(actor=actor), "can_curate": can_curate_home(actor)}
