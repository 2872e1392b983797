"""The Jinja2 environment for Hearth's hot partials.

Pages are Django templates. A few partials that repeat per item on busy pages
(the replies of a conversation) are Jinja2 templates (``*.jinja``) rendered
through Django's Jinja2 backend: it renders such loops several times faster,
with autoescaping on as in Django templates.
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import Environment

from hearth.core.templatetags.hearth import (
    avatar_html,
    date_tag,
    path,
    query_string,
    short_datetime,
)
from hearth.core.timesince import timesince


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(
        {
            "static": static,
            "url": reverse,
            "path": path,
            "avatar": avatar_html,
            "query_with": query_string,
            "current_timezone": timezone.get_current_timezone,
        }
    )
    env.filters.update(
        {
            "short_datetime": short_datetime,
            "date_tag": date_tag,
            "timesince": timesince,
        }
    )
    return env
