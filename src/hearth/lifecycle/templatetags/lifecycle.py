"""Template pieces of a space's life: the state banner, the sub-navigation links,
and the home panel (charter scorecard and rules prompt)."""

from django import template

from hearth.access import policy
from hearth.lifecycle.selectors import archive_event, charter_get, charter_scorecard
from hearth.rules.selectors import rules_needs_acknowledgement

register = template.Library()


@register.inclusion_tag("lifecycle/_banner.html", takes_context=True)
def space_banner(context, space):
    return {"space": space, "archived": archive_event(space=space)}


@register.inclusion_tag("lifecycle/_subnav.html", takes_context=True)
def space_life_links(context, space):
    actor = context["request"].actor
    can_read = policy.can_read_space(actor, space)
    return {
        "space": space,
        "request": context["request"],
        "can_read": can_read,
        "can_administer": policy.can_administer_space(actor, space),
        "show_pilot": space.state == "pilot" and actor.has_role(space, "champion"),
    }


@register.inclusion_tag("lifecycle/_home_panel.html", takes_context=True)
def space_life_panel(context, space):
    """The charter's targets with their current values, and the rules prompt."""
    actor = context["request"].actor
    if not policy.can_read_space(actor, space):
        return {"show": False}
    charter = charter_get(actor=actor, space=space)
    return {
        "show": True,
        "space": space,
        "charter": charter,
        "scorecard": charter_scorecard(actor=actor, space=space, charter=charter),
        "csrf_token": context.get("csrf_token"),
        "ack_needed": rules_needs_acknowledgement(actor=actor, space=space),
    }
