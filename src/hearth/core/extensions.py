"""The extension registry: how apps add their parts to pages that other apps own.

A page names its *slots* (the conversation page's panels, a space's tabs, the home
page's strips); an app fills them from its ``AppConfig.ready()`` with
``register(slot, Part(...))``, so the page's own app imports none of the apps that
extend it (Wagtail's hooks and NetBox's template extensions work the same way).

A part knows its order on the page, its template, and how to compute its context
for the reader and the page's object. That computation is the part's whole cost:
it reads with a bounded number of queries (usually none or one) and answers the
same for every row it shows, never one query per row. A part whose context is
``None`` is not shown. Where the page's own query can tell whether a part has
anything to read ("does this conversation have polls?"), the part gives that as
``annotations``, and the page reads them with its object: a part with nothing to
show then costs no query.

Slots render in templates with ``{% slot "name" obj %}`` (``hearth`` tags); the
parts' templates see the page's context plus their own, as an ``include`` would.
A part that raises fails the page with its name noted: a broken part must be seen,
not silently left out. A part of an app that is not installed is never shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.signals import setting_changed
from django.db.models import Expression
from django.dispatch import receiver

# The slots Hearth's pages offer, and where each shows.
CONVERSATION_ACTIONS = "conversation.actions"  # buttons under the conversation's text
CONVERSATION_PANELS = "conversation.panels"  # sections between the text and its replies
SPACE_TABS = "space.tabs"  # a space's navigation, after its Overview
SPACE_HOME_CONTEXT = "space.home.context"  # data the space home's parts share
SPACE_HOME_BANNERS = "space.home.banners"  # above the space home's columns
SPACE_HOME_SECTIONS = "space.home.sections"  # the space home's main column, after About
SPACE_HOME_ASIDE = "space.home.aside"  # the space home's side column, after its team
HOME_STRIPS = "home.strips"  # the home page's main column, before the feed
# Not a page: ways of using a tag that make it known (each gives an Exists over the
# tag's id for the actor; see conversations' tag_visible_q).
TAG_USES = "tags.uses"

# context(request, obj, page) -> the part's context, or None to show nothing.
# ``page`` is the page's own context (read it, never change it).
ContextFunction = Callable[[Any, Any, Mapping[str, Any]], dict | None]


@dataclass(frozen=True)
class Part:
    """One app's contribution to a slot.

    ``app`` is the contributing app's module ("hearth.polls"), so that a part of an
    app left out of INSTALLED_APPS is never shown. ``order`` places it among the
    slot's parts (lower first; equal orders keep their registration order).
    ``annotations()`` gives the expressions the page reads with its object for this
    part (the same for every reader). ``value`` is for non-template slots
    (``TAG_USES``): what the slot's owner calls.
    """

    name: str
    app: str
    order: int = 100
    template: str = ""
    context: ContextFunction | None = None
    annotations: Callable[[], dict[str, Expression]] | None = None
    value: Any = None


@dataclass
class Registry:
    """Parts by slot. One registry for the whole site (``registry`` below); tests
    make their own."""

    _parts: dict[str, list[Part]] = field(default_factory=dict)
    # The slot's parts of installed apps, kept: a page asks for them at every
    # request, and the installed apps change only when a test changes the setting.
    _shown: dict[str, list[Part]] = field(default_factory=dict)

    def register(self, slot: str, part: Part) -> None:
        self._shown.clear()
        parts = self._parts.setdefault(slot, [])
        if any(p.name == part.name for p in parts):
            # ready() may run twice (a test runner reloading apps): once is enough.
            return
        parts.append(part)
        parts.sort(key=lambda p: p.order)

    def unregister(self, slot: str, name: str) -> None:
        self._shown.clear()
        self._parts[slot] = [p for p in self._parts.get(slot, []) if p.name != name]

    def forget_installed(self) -> None:
        """Ask the app registry again which apps are installed (see setting_changed)."""
        self._shown.clear()

    def parts(self, slot: str) -> list[Part]:
        """The slot's parts of installed apps, in their order."""
        shown = self._shown.get(slot)
        if shown is None:
            shown = [p for p in self._parts.get(slot, []) if apps.is_installed(p.app)]
            if apps.ready:
                self._shown[slot] = shown
        return shown

    def annotations(self, slot: str) -> dict[str, Expression]:
        """Every part's annotations, for the page to read with its object."""
        merged: dict[str, Expression] = {}
        for part in self.parts(slot):
            if part.annotations is not None:
                merged.update(part.annotations())
        return merged

    def contexts(
        self, slot: str, request: Any, obj: Any, page: Mapping[str, Any]
    ) -> list[tuple[Part, dict]]:
        """(part, its context) for each part that has something to show."""
        shown = []
        for part in self.parts(slot):
            try:
                context = part.context(request, obj, page) if part.context else {}
            except Exception as error:
                error.add_note(f"in the {slot!r} part {part.name!r}")
                raise
            if context is not None:
                shown.append((part, context))
        return shown

    def merged_context(self, slot: str, request: Any, obj: Any, page: Mapping[str, Any]) -> dict:
        """The slot's parts' contexts as one dict, for data several parts share."""
        merged: dict = {}
        for _, context in self.contexts(slot, request, obj, page):
            merged.update(context)
        return merged

    def values(self, slot: str) -> list[Any]:
        return [p.value for p in self.parts(slot)]


def shown_when(*keys: str) -> ContextFunction:
    """A context function for a part that adds nothing of its own and shows when
    every named key of the page's context is true (``shown_when("can_read")``)."""

    def context(request: Any, obj: Any, page: Mapping[str, Any]) -> dict | None:
        # A loop, not all(...): a space's page asks this of a dozen tabs per request.
        for key in keys:
            if not page.get(key):
                return None
        return {}

    return context


registry = Registry()
register = registry.register


@receiver(setting_changed)
def _installed_apps_changed(*, setting: str, **kwargs: Any) -> None:
    # A test that changes INSTALLED_APPS changes which parts are shown.
    if setting == "INSTALLED_APPS":
        registry.forget_installed()
