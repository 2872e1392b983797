"""The XSS payload corpus, posted as conversations, runs nothing in Chromium.

A writer whose display name is itself a payload posts every payload of the
corpus (``tests/core/test_markdown_xss.py`` says where it lives) as a body, as
replies in Markdown contexts, and as question titles that mention the reader.
The reader then opens every page that shows them. Before any page script runs,
a trap replaces ``alert``, ``confirm``, ``prompt`` and ``print`` and records
calls, and links to ``javascript:`` that get followed; a real dialog, a page
error, an ``on*`` or ``hx-on`` attribute, a ``javascript:`` URL, an inline
script or one not served from ``/static/`` fails the test.
"""

import re

import pytest

from hearth.access.actor import Actor
from hearth.conversations import services
from hearth.conversations.models import BODY_MAX
from tests.core.test_markdown_xss import CONTEXTS, CORPUS, MISSING, corpus_payloads
from tests.factories import membership_make, space_make

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    expect = None

HOSTILE_NAME = "\"'><img src=x onerror=alert('name')><svg onload=alert(2)>`${alert(3)}`"

TRAP = """
(() => {
  const calls = [];
  Object.defineProperty(window, "__xss", {value: calls});
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = function (message) {
      calls.push(name + "(" + String(message) + ")");
      return name === "confirm" ? false : null;
    };
  }
  const unsafe = (url) => /^[\\s\\x00-\\x1f]*(javascript|vbscript|data):/i.test(String(url));
  const open = window.open;
  window.open = function (url, ...rest) {
    if (unsafe(url)) { calls.push("open " + url); return null; }
    return open.call(window, url, ...rest);
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href], area[href]");
    if (link && unsafe(link.getAttribute("href"))) {
      calls.push("navigate " + link.getAttribute("href"));
      event.preventDefault();
    }
  }, true);
})();
"""

# Everything the page says about itself that a payload could have added.
INSPECT = """
() => {
  const problems = [];
  const unsafe = /^(javascript|vbscript|data):/i;
  const clean = (value) => value.replace(/[\\x00-\\x20\\x7f-\\x9f]/g, "");
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) problems.push(`${el.tagName} ${name}=${attr.value}`);
      if (name.startsWith("hx-on") || name.startsWith("data-hx-on")) {
        problems.push(`${el.tagName} ${name}`);
      }
      if (["href", "src", "action", "formaction", "xlink:href", "poster", "data",
           "background", "srcdoc"].includes(name) && unsafe.test(clean(attr.value))) {
        problems.push(`${el.tagName} ${name}=${attr.value.slice(0, 60)}`);
      }
    }
    if (el.closest(".prose, .search-results")) {
      for (const attr of el.attributes) {
        if (/^(hx-|data-hx|style$|id$|name$|form)/i.test(attr.name)) {
          problems.push(`user content ${el.tagName} ${attr.name}`);
        }
      }
    }
  }
  // As the browser resolved them; an href it cannot parse (protocol ":") goes nowhere.
  for (const link of document.querySelectorAll("a[href], area[href]")) {
    if (!["http:", "https:", "mailto:", ":"].includes(link.protocol)) {
      problems.push(`link to ${link.protocol} ${link.getAttribute("href").slice(0, 60)}`);
    }
  }
  for (const script of document.querySelectorAll("script")) {
    const src = script.getAttribute("src");
    if (!src) { problems.push("inline script: " + script.textContent.slice(0, 60)); continue; }
    const url = new URL(src, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith("/static/")) {
      problems.push("script from " + src);
    }
  }
  for (const tag of ["iframe", "frame", "object", "embed", "base", ".prose form",
                     ".prose input", ".prose svg", ".prose math", ".prose style",
                     "meta[http-equiv]"]) {
    for (const el of document.querySelectorAll(tag)) problems.push(`element ${tag}`);
  }
  return problems;
}
"""


def _chunks(texts: list[str], limit: int = BODY_MAX - 500) -> list[str]:
    """Texts joined into bodies no longer than a post may be."""
    bodies, current = [], ""
    for text in texts:
        text = text[:limit]
        if current and len(current) + len(text) + 2 > limit:
            bodies.append(current)
            current = ""
        current = f"{current}\n\n{text}" if current else text
    if current.strip():
        bodies.append(current)
    return bodies


def _all_payloads() -> list[str]:
    names = [
        "payloads.txt",
        "markdown-payloads.txt",
        *(f"source-lists/{p.name}" for p in sorted((CORPUS / "source-lists").glob("*.txt"))),
    ]
    seen: dict[str, None] = {}
    for name in names:
        for payload in corpus_payloads(name):
            seen.setdefault(payload, None)
    return list(seen)


@pytest.fixture
def hostile_forum(transactional_db, make_person):
    """An open space full of payloads, the reader a plain member (no edit buttons)."""
    if not CORPUS.is_dir():
        pytest.skip(MISSING)
    writer = make_person("writer", HOSTILE_NAME)
    reader = make_person("reader", "Reader")
    space = space_make(
        name="Guild \"><img src=x onerror=alert('space')>", slug="guild", leader=writer
    )
    membership_make(space=space, user=reader)
    actor = Actor.for_user(writer)
    payloads = _all_payloads()
    bodies = _chunks(payloads)
    for context in ("link", "image", "link-title", "table-cell", "inline"):
        bodies += _chunks([CONTEXTS[context].format(p=p) for p in payloads[:1090]])
    conversation, _ = services.conversation_create(
        actor=actor, space=space, kind="discussion", title="Payloads, all of them", body=bodies[0]
    )
    for body in bodies[1:]:
        services.reply_create(actor=actor, conversation=conversation, body=body)
    titled = []
    candidates = [p for p in payloads if "<" in p and len(" ".join(p.split())) >= 5]
    for payload in candidates[:: max(1, len(candidates) // 25)][:25]:
        question, _ = services.conversation_create(
            actor=actor,
            space=space,
            kind="question",
            title=payload[:200],
            body=f"{payload[:500]}\n\nWhat do you think, @reader?",
            tags=["xss-check"],
        )
        titled.append(question)
    return {
        "conversation": conversation,
        "titled": titled,
        "space": space,
        "posts": len(bodies),
        "payloads": len(payloads),
    }


def _open(new_page, sign_in):
    page = new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(TRAP)
    sign_in(page, "reader")
    return page, dialogs, errors


def _check(page, url: str, dialogs: list, errors: list) -> None:
    response = page.goto(url, wait_until="load")
    assert response.status == 200, (url, response.status)
    page.wait_for_timeout(300)  # let failed images fire their (absent) handlers
    problems = page.evaluate(INSPECT)
    calls = page.evaluate("window.__xss")
    assert not dialogs, f"a dialog opened on {url}: {dialogs}"
    assert not calls, f"script ran on {url}: {calls[:10]}"
    assert not errors, f"page errors on {url}: {errors[:5]}"
    assert not problems, f"{len(problems)} unsafe things on {url}: {problems[:15]}"


def test_no_payload_runs_on_the_conversation_page(new_page, sign_in, hostile_forum):
    page, dialogs, errors = _open(new_page, sign_in)
    conversation = hostile_forum["conversation"]
    _check(page, f"/c/{conversation.pk}/", dialogs, errors)
    replies = page.locator("article.reply")
    expect(replies).to_have_count(hostile_forum["posts"] - 1)

    # "Reply" to the writer: the script writes their hostile name as text.
    replies.first.get_by_role("button", name="Reply").click()
    note = page.locator("#replying-to")
    expect(note).to_be_visible()
    assert note.inner_text() == f"Replying to {HOSTILE_NAME}"
    assert note.evaluate("el => el.children.length") == 0
    # Hovering links in user content runs nothing either (a sample: it is slow).
    for link in page.locator(".prose a").all()[:50]:
        link.hover(timeout=1000, force=True)
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") == []
    assert not dialogs and not errors


def test_no_payload_runs_on_the_pages_that_list_them(new_page, sign_in, hostile_forum):
    page, dialogs, errors = _open(new_page, sign_in)
    titled = hostile_forum["titled"]
    assert titled, "no payload made a title"
    urls = [
        "/",
        "/s/guild/",
        "/s/guild/conversations/",
        "/s/guild/conversations/?kind=question",
        "/questions/unanswered/",
        "/tags/xss-check/",
        "/notifications/",
        "/search/?q=alert",
        "/search/?q=script",
        "/search/?q=onerror",
        *(f"/c/{c.pk}/" for c in titled[:10]),
    ]
    for url in urls:
        _check(page, url, dialogs, errors)
    # The titles arrive as text, whole.
    page.goto("/questions/unanswered/")
    shown = page.locator("a.conv-title, .list-row a").all_inner_texts()
    for question in titled[:5]:
        assert any(question.title in text for text in shown), question.title


def test_a_payload_as_the_search_query_is_only_echoed_as_text(new_page, sign_in, hostile_forum):
    page, dialogs, errors = _open(new_page, sign_in)
    queries = [p for p in _all_payloads() if "<" in p or "javascript" in p.lower()][::40][:15]
    for q in queries:
        page.goto("/search/")
        page.locator("#search-q").fill(q[:200])
        page.locator("#search-q").press("Enter")
        page.wait_for_load_state("load")
        problems = page.evaluate(INSPECT)
        assert not problems, (q, problems[:10])
        assert re.search(r"/search/\?", page.url)
    assert page.evaluate("window.__xss") == [] and not dialogs and not errors
