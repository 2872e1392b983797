"""The Content-Security-Policy: on every response, and no template needs more.

The policy allows no inline script, so a template with an ``onsubmit="..."``, an
inline ``<script>``, a ``javascript:`` link or an htmx ``hx-on`` attribute would
break in the browser: the scan below fails on a new one, naming where it is.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

import hearth
from hearth.core.csp import csp_header
from tests.factories import (
    conversation_make,
    document_make,
    event_make,
    idea_make,
    membership_make,
    person_make,
    poll_make,
    reply_make,
    space_make,
    story_make,
)

SOURCE = Path(hearth.__file__).parent
POLICY = re.compile(r"script-src 'self'(;|$)")

# -- Every template: nothing the policy would block -----------------------------------------

INLINE_HANDLER = re.compile(r"<[a-zA-Z][^<>]*?\s(on[a-z]+)\s*=", re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
SCRIPT_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
HX_ON = re.compile(r"\s(data-)?hx-on[:\-]", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def inline_code_in(text: str) -> list[str]:
    """What in ``text`` (a template, or HTML a Python module writes) the policy blocks."""
    found = [f"inline handler {m.group(1)}=" for m in INLINE_HANDLER.finditer(text)]
    found += [f"inline script {m.group(0)}" for m in INLINE_SCRIPT.finditer(text)]
    found += [f"javascript: URL in {m.group(1)}" for m in SCRIPT_URL.finditer(text)]
    found += ["htmx hx-on attribute" for _ in HX_ON.finditer(text)]
    found += ["<style> element" for _ in STYLE_ELEMENT.finditer(text)]
    return found


def _templates() -> list[Path]:
    return sorted(
        path
        for path in SOURCE.rglob("*")
        if path.is_file()
        and path.suffix in {".html", ".jinja", ".txt"}
        and {"templates", "jinja2"} & set(path.relative_to(SOURCE).parts)
    )


def test_the_scan_finds_each_kind_of_inline_code():
    assert inline_code_in('<form method="post" onsubmit="return confirm(\'Sure?\')">')
    assert inline_code_in('<select name="role"\n  onchange="this.form.submit()">')
    assert inline_code_in("<script>alert(1)</script>")
    assert inline_code_in('<a href="javascript:history.back()">Back</a>')
    assert inline_code_in('<button hx-on:click="go()">') and inline_code_in('<b hx-on-click="x">')
    assert inline_code_in("<style>p { color: red }</style>")
    assert not inline_code_in('<form data-confirm="Remove this reply?" class="inline">')
    assert not inline_code_in('<script src="/static/hearth/app.js" defer></script>')
    assert not inline_code_in("<p>Send it on Monday: one=two</p>")


def test_no_template_has_inline_script():
    templates = _templates()
    assert len(templates) > 100  # the templates of every app were found
    offenders = {
        str(path.relative_to(SOURCE)): found
        for path in templates
        if (found := inline_code_in(path.read_text()))
    }
    assert offenders == {}


def test_no_python_module_writes_inline_script():
    """Template tags and views that build HTML themselves (format_html) too."""
    offenders = {
        str(path.relative_to(SOURCE)): found
        for path in sorted(SOURCE.rglob("*.py"))
        if "migrations" not in path.parts and (found := inline_code_in(path.read_text()))
    }
    assert offenders == {}


# -- Every response: the header -------------------------------------------------------------


def test_the_header_says_what_the_setting_says(settings):
    policy = {"default-src": ["'self'"], "img-src": ["https:"]}
    settings.HEARTH_CONTENT_SECURITY_POLICY = policy
    assert csp_header(policy) == "default-src 'self'; img-src https:"
    response = Client().get("/accounts/login/")
    assert response.headers["Content-Security-Policy"] == "default-src 'self'; img-src https:"


def test_the_policy_allows_no_inline_script_and_no_framing(settings):
    header = csp_header(settings.HEARTH_CONTENT_SECURITY_POLICY)
    assert POLICY.search(header) and "'unsafe-inline'" not in header.split("style-src-attr")[0]
    assert "'unsafe-eval'" not in header and "frame-ancestors 'none'" in header
    assert "object-src 'none'" in header


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "hx-get"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.links.append(attrs.get("action") or "")


# Pages a walk must not follow: signing out ends the walk's session.
NOT_FOLLOWED = ("/accounts/logout/",)


def _walk(client: Client, start: list[str], limit: int) -> dict[str, int]:
    """Follow same-site links breadth first from ``start``; every response, whatever
    its status, must carry the policy. Returns the status of each page seen."""
    seen: dict[str, int] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        header = response.headers.get("Content-Security-Policy", "")
        assert POLICY.search(header), f"{url} ({response.status_code}) has no policy"
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(NOT_FOLLOWED) or parts.path in seen:
                continue
            queue.append(parts.path)  # query strings would only multiply the same pages
    return seen


@pytest.mark.django_db
def test_every_page_of_a_walk_carries_the_policy():
    leader = person_make(org_role="admin")
    member = person_make()
    space = space_make(name="Gardening club", slug="gardening", leader=leader)
    membership_make(space=space, user=member)
    conversation = conversation_make(space=space, author=member, title="When to plant?")
    reply_make(conversation=conversation, author=leader)
    document_make(space=space, owner=leader)
    poll_make(space=space, author=leader)
    idea_make(space=space, author=member)
    event_make(space=space, host=leader)
    story_make(space=space, author=leader)
    client = Client()
    client.force_login(leader)
    seen = _walk(
        client,
        [
            "/",
            "/s/gardening/",
            f"/c/{conversation.pk}/",
            "/api/v1/docs",
            "/api/v1/openapi.json",
            "/no/such/page/",
        ],
        limit=400,
    )
    assert len(seen) > 60, sorted(seen)  # the walk went through the whole site
    assert 500 not in seen.values()
    assert {200, 404} <= set(seen.values()), seen
    assert any(url.startswith("/s/gardening/") and url != "/s/gardening/" for url in seen)


@pytest.mark.django_db
def test_pages_for_anonymous_visitors_carry_the_policy():
    client = Client()
    for url in (
        "/",
        "/accounts/login/",
        "/accounts/password_reset/",
        "/healthz",
        "/static/hearth/app.js",
        "/api/v1/me",
    ):
        response = client.get(url)
        assert POLICY.search(response.headers.get("Content-Security-Policy", "")), url
