"""The extension registry (hearth.core.extensions): how other apps' parts reach a page."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from hearth.core import extensions
from hearth.core.extensions import Part, Registry, shown_when


def _part(name: str, order: int = 100, **kwargs) -> Part:
    return Part(name=name, app="hearth.core", order=order, **kwargs)


def test_parts_come_in_their_order_then_registration_order():
    registry = Registry()
    registry.register("page.slot", _part("late", order=30))
    registry.register("page.slot", _part("first", order=10))
    registry.register("page.slot", _part("second", order=10))
    assert [p.name for p in registry.parts("page.slot")] == ["first", "second", "late"]


def test_registering_a_part_twice_keeps_one():
    registry = Registry()
    registry.register("page.slot", _part("once"))
    registry.register("page.slot", _part("once"))
    assert len(registry.parts("page.slot")) == 1


def test_a_part_returning_nothing_is_not_shown():
    registry = Registry()
    registry.register("page.slot", _part("hidden", context=lambda request, obj, page: None))
    registry.register("page.slot", _part("shown", context=lambda request, obj, page: {"x": 1}))
    shown = registry.contexts("page.slot", None, None, {})
    assert [(part.name, context) for part, context in shown] == [("shown", {"x": 1})]


def test_a_part_that_raises_fails_the_page_with_its_name():
    def broken(request, obj, page):
        raise ValueError("broken")

    registry = Registry()
    registry.register("page.slot", _part("broken", context=broken))
    with pytest.raises(ValueError) as raised:
        registry.contexts("page.slot", None, None, {})
    assert "'broken'" in "".join(raised.value.__notes__)


def test_a_part_of_an_app_not_installed_is_never_shown():
    registry = Registry()
    registry.register("page.slot", Part(name="gone", app="hearth.not_installed"))
    registry.register(
        "page.slot", Part(name="gone.annotated", app="hearth.not_installed", annotations=dict)
    )
    assert registry.parts("page.slot") == []
    assert registry.annotations("page.slot") == {}
    assert registry.contexts("page.slot", None, None, {}) == []


def test_an_empty_slot_shows_nothing():
    assert Registry().contexts("no.such.slot", None, None, {}) == []


def test_annotations_of_every_part_are_merged():
    registry = Registry()
    registry.register("page.slot", _part("a", annotations=lambda: {"has_a": 1}))
    registry.register("page.slot", _part("b", annotations=lambda: {"has_b": 2}))
    assert registry.annotations("page.slot") == {"has_a": 1, "has_b": 2}


def test_shown_when_reads_the_page_context():
    context = shown_when("can_read", "can_decide")
    assert context(None, None, {"can_read": True, "can_decide": True}) == {}
    assert context(None, None, {"can_read": True}) is None


def test_the_slot_tag_renders_parts_with_the_page_context_and_their_own(monkeypatch):
    registry = Registry()
    registry.register(
        "test.slot",
        _part(
            "greeting",
            order=20,
            template="test/greeting.html",
            context=lambda request, obj, page: {"name": obj},
        ),
    )
    registry.register("test.slot", _part("never", context=lambda request, obj, page: None))
    monkeypatch.setattr("hearth.core.templatetags.hearth.registry", registry)
    monkeypatch.setattr(
        "django.template.engine.Engine.get_template",
        lambda engine, name: Template("{{ greeting }}, {{ name }}!"),
    )
    page = Template('{% load hearth %}[{% slot "test.slot" who %}]')
    html = page.render(
        Context({"request": RequestFactory().get("/"), "greeting": "Hello", "who": "Ada"})
    )
    assert html == "[Hello, Ada!]"


def test_the_site_registry_holds_the_shared_pages_parts():
    """Each app fills its slots in its AppConfig.ready()."""
    names = {
        slot: [p.name for p in extensions.registry.parts(slot)]
        for slot in (extensions.CONVERSATION_PANELS, extensions.CONVERSATION_ACTIONS)
    }
    assert names[extensions.CONVERSATION_PANELS] == [
        "library.files",
        "polls.conversation",
        "stories.outcome",
    ]
    assert names[extensions.CONVERSATION_ACTIONS] == ["gardening.menu"]
    tabs = [p.name for p in extensions.registry.parts(extensions.SPACE_TABS)]
    assert tabs[:6] == [
        "conversations.tab",
        "library.tab",
        "polls.tab",
        "ideas.tab",
        "events.tab",
        "stories.tab",
    ]
    assert tabs[-1] == "spaces.requests_tab"


def test_a_part_leaves_with_its_app_and_comes_back_with_it(settings):
    from django.test import override_settings

    installed = [app for app in settings.INSTALLED_APPS if app != "hearth.polls"]
    with override_settings(INSTALLED_APPS=installed):
        panels = [p.name for p in extensions.registry.parts(extensions.CONVERSATION_PANELS)]
        assert panels == ["library.files", "stories.outcome"]
        assert "has_polls" not in extensions.registry.annotations(extensions.CONVERSATION_PANELS)
    panels = [p.name for p in extensions.registry.parts(extensions.CONVERSATION_PANELS)]
    assert "polls.conversation" in panels
