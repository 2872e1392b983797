"""The featured strip of the platform home page (one query)."""

from django import template

from hearth.curation.selectors import features_in_force

register = template.Library()


@register.inclusion_tag("curation/_featured_strip.html", takes_context=True)
def home_featured(context) -> dict:
    return {"features": features_in_force(actor=context["request"].actor)}
