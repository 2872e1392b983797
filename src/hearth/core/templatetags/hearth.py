import functools
from urllib.parse import urlencode

from django import template
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from hearth.core.extensions import registry
from hearth.core.timesince import timesince

register = template.Library()


@register.simple_tag(takes_context=True)
def avatar(context, person, size: int = 40):
    """A person's photo, or their initials on a colour of their own.

    Kept per page: a conversation shows the same few people many times.
    """
    memo = context.render_context.setdefault("hearth_avatars", {})
    key = (person.pk, size)
    if key not in memo:
        memo[key] = avatar_html(person, size)
    return memo[key]


def photo_url(person) -> str:
    """Where a person's photo is shown: the signed-in photo view, never a media URL
    (photos are in the private storage)."""
    name = person.photo.name.rsplit("/", 1)[-1]
    return _reversed(get_script_prefix(), "people:photo", (name,))


def avatar_html(person, size: int = 40):
    if person.photo:
        return format_html(
            '<img class="avatar" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            photo_url(person),
            size,
            size,
        )
    return format_html(
        '<span class="avatar avatar-initials" style="--hue:{};width:{}px;height:{}px;'
        'font-size:{}px" aria-hidden="true">{}</span>',
        person.avatar_hue,
        size,
        size,
        max(11, size * 2 // 5),
        person.initials,
    )


@register.filter("timesince", is_safe=False)
def timesince_filter(value, arg=None):
    """Django's ``timesince`` filter, its phrases kept once translated
    (``hearth.core.timesince``); a template that loads ``hearth`` uses this one."""
    if not value:
        return ""
    try:
        return timesince(value, arg) if arg else timesince(value)
    except (ValueError, TypeError):
        return ""


@register.simple_tag
def path(name: str, *args) -> str:
    """``{% url name args %}``, kept per process for the links every page repeats
    (the top bar, a space's tabs): Django reverses a name anew at each use, about
    40 µs each, the same answer each time for the same name and arguments."""
    return _reversed(get_script_prefix(), name, args)


@functools.lru_cache(maxsize=4096)
def _reversed(prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


@register.simple_tag
def conversation_rows(rows, show_space: bool = False, asked: bool = False):
    """Rows of a conversation list, rendered by the Jinja2 partial
    ``conversations/rows.jinja`` (autoescaping; a list shows up to 30). ``asked``
    shows each row's age since it was asked (unanswered lists) instead of its last
    activity."""
    template = get_template("conversations/rows.jinja", using="jinja2")
    return mark_safe(template.render({"rows": rows, "show_space": show_space, "asked": asked}))  # noqa: S308


@register.simple_tag(takes_context=True)
def topbar(context):
    """The top bar of a signed-in person's page (``components/topbar.jinja``), by
    Jinja2: every page renders it, in 0.14 ms against Django's engine's 0.34."""
    return jinja(
        "components/topbar.jinja",
        request=context["request"],
        user=context["user"],
        desk_nav=context.get("desk_nav"),
        csrf_token=context.get("csrf_token"),
        count=context.get("unread_notifications"),
    )


@register.simple_tag
def jinja(name: str, **context):
    """A hot partial (``<app>/jinja2/<app>/*.jinja``) rendered by Jinja2 inside a Django
    page, with autoescaping: for loops over many rows (see ``hearth.core.jinja``)."""
    return mark_safe(get_template(name, using="jinja2").render(context))  # noqa: S308


def query_string(params, **changes) -> str:
    """The query string ``params`` (a request's GET) with some parameters changed;
    an empty value removes one."""
    # Pairs rather than a copy of the QueryDict (a deep copy): a search page makes
    # a dozen of these links. Keys keep their place; a changed key has one value.
    pairs = []
    for key, values in params.lists():
        if key not in changes:
            pairs.extend((key, value) for value in values)
        elif changes[key] not in (None, ""):
            pairs.append((key, changes[key]))
    pairs.extend(
        (key, value)
        for key, value in changes.items()
        if key not in params and value not in (None, "")
    )
    return "?" + urlencode(pairs) if pairs else "?"


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (for pagination links)."""
    return query_string(context["request"].GET, **changes)


@register.filter
def role_of(roles, space):
    """The actor's role in ``space`` from the ``{space_id: role}`` map, or ''."""
    if not roles:
        return ""
    return roles.get(space.pk, "")


@register.simple_tag
def select_options(bound_field):
    """The <option>s of a choice field, the current value selected.

    Django's widget templates render each option through the template engine;
    for long lists (64 countries) on every directory page that is most of the
    page's cost, so the options are joined here in one pass, and the result is
    kept per list of choices and selected value (the lists change rarely).
    """
    value = str(bound_field.value() or "")
    choices = tuple(bound_field.field.choices)
    try:
        return _options_html(choices, value)
    except TypeError:  # grouped choices (lists inside) cannot be a cache key
        return _options_html.__wrapped__(choices, value)


@functools.lru_cache(maxsize=256)
def _options_html(choices: tuple, value: str) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((key, " selected" if str(key) == value else "", label) for key, label in choices),
    )


@register.filter
def in_set(value, collection) -> bool:
    return value in (collection or ())


# strftime's %b in the C locale, which Python keeps unless a program sets another: a
# lookup costs a tenth of strftime, and a page shows up to a hundred dates.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day_month_year(local) -> str:
    """ "23 Nov 2026": how every page writes a date."""
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}"


def date_tag(moment, zone=None) -> SafeString:
    """``<time datetime="…">23 Nov 2026</time>`` in ``zone``, the current time zone by
    default (a list of twenty reads it once and passes it)."""
    if not moment:
        return mark_safe("")
    local = moment.astimezone(zone or timezone.get_current_timezone())
    # Digits, month names and the offset's signs: nothing to escape.
    return mark_safe(  # noqa: S308
        f'<time datetime="{local.isoformat()}">{_day_month_year(local)}</time>'
    )


@register.filter
def short_datetime(moment) -> str:
    """ "23 Nov 2026, 07:10" in the current time zone, without the template
    engine's general date formatting (a page shows up to a hundred of them)."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return f"{_day_month_year(local)}, {local.hour:02d}:{local.minute:02d}"


@register.simple_tag(takes_context=True)
def slot(context, name: str, obj=None) -> SafeString:
    """The parts other apps give this page's slot ``name`` (see hearth.core.extensions),
    each rendered with the page's context and its own, as an ``include`` would."""
    request = context.get("request")
    engine = context.template.engine
    html = []
    for part, part_context in registry.contexts(name, request, obj, context):
        template = _part_template(engine, part.template)
        if part_context:
            with context.push(part_context):
                html.append(template.render(context))
        else:  # a part that only reads the page's context (a tab)
            html.append(template.render(context))
    return mark_safe("".join(html))


def _part_template(engine, name: str):
    """The part's compiled template, kept per engine when templates are not being
    edited (debug off: Django's cached loader would never read them again either),
    so that a slot of many parts does not look each one up at every request."""
    if engine.debug:
        return engine.get_template(name)
    return _kept_template(engine, name)


@functools.cache
def _kept_template(engine, name: str):
    return engine.get_template(name)
