"""Every public XSS payload we have, through the Markdown renderer, comes out inert.

The corpus (PayloadsAllTheThings, MIT) lives outside the project, in
``../shared/data/xss-payloads`` next to the repository, or wherever
``HEARTH_XSS_CORPUS`` points; without it these tests skip and say why.

Each payload is rendered as a whole body and inside the Markdown contexts that
produce attributes (link and image targets, link titles, reference
definitions) or sit inside other markup (inline text, a table cell). The output
is parsed with Python's ``html.parser`` and must hold only allowed tags and
attributes, no ``on*`` or ``style`` attribute, and only http(s), mailto or
relative URLs. One test per corpus file, failures summarised in its message.
"""

from __future__ import annotations

import os
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hearth.core.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    MENTION_RE,
    markdown_render,
    mentioned_usernames,
)


def _corpus_dir() -> Path:
    if os.environ.get("HEARTH_XSS_CORPUS"):
        return Path(os.environ["HEARTH_XSS_CORPUS"])
    return Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "xss-payloads"


CORPUS = _corpus_dir()
MISSING = (
    f"the XSS payload corpus is not at {CORPUS} (set HEARTH_XSS_CORPUS to the xss-payloads folder)"
)

# Never rendered, whatever the allow-list says: these run script or load documents.
FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "svg",
    "math",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "style",
    "meta",
    "link",
    "base",
    "template",
    "video",
    "audio",
    "source",
    "applet",
    "noscript",
}
# Attributes that hold a URL in some element, whether or not it is allowed.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "cite",
    "longdesc",
    "xlink:href",
    "data",
    "srcset",
    "lowsrc",
    "dynsrc",
    "codebase",
}
SAFE_SCHEMES = {"http", "https", "mailto"}
# Whitespace and control characters a browser drops from (or ignores in) a URL.
_URL_NOISE = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f"
    r"\u205f\u3000\ufeff]"
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")

# nh3 adds rel to links; every other attribute must be on the renderer's allow-list.
EXPECTED_ATTRIBUTES = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
EXPECTED_ATTRIBUTES.setdefault("a", set()).add("rel")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an attribute value, or None if relative.

    ``html.parser`` has already decoded character references once, as a browser
    does; a second decoding is applied too so that a double-encoded scheme
    would be flagged rather than trusted (stricter than a browser).
    """
    schemes = set()
    for candidate in (value, unescape(value)):
        cleaned = _URL_NOISE.sub("", candidate).lower()
        match = _SCHEME.match(cleaned)
        if match:
            schemes.add(match.group(1))
    unsafe = schemes - SAFE_SCHEMES
    return min(unsafe) if unsafe else (min(schemes) if schemes else None)


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in ALLOWED_TAGS or tag in FORBIDDEN_TAGS:
            self.problems.append(f"</{tag}>")

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.problems.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.problems.append(f"<![{data}]>")

    def _element(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"forbidden <{tag}>")
        elif tag not in ALLOWED_TAGS:
            self.problems.append(f"unexpected <{tag}>")
        allowed = EXPECTED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            elif name == "style":
                self.problems.append(f"<{tag} style=…>")
            elif name not in allowed:
                self.problems.append(f"<{tag}> attribute {name}")
            if name in URL_ATTRIBUTES:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"<{tag} {name}={scheme}:…>")


def html_problems(html: str) -> list[str]:
    """What is wrong with renderer output, as short descriptions (empty when clean)."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    # A belt to the parser's braces: html.parser and browsers disagree at the
    # edges, so the raw text must not open a dangerous tag in any spelling.
    for tag in ("script", "iframe", "object", "embed", "svg", "math", "style", "form"):
        if re.search(rf"<\s*/?\s*{tag}\b", html, re.IGNORECASE):
            inspector.problems.append(f"raw <{tag}")
    return inspector.problems


# -- Contexts: where in a body a payload may sit --------------------------------------

CONTEXTS = {
    "body": "{p}",
    "inline": "Before the payload, {p} and after it.",
    "link": "[x]({p})",
    "link-angle": "[x](<{p}>)",
    "link-title": '[x](https://example.org/ "{p}")',
    "image": "![x]({p})",
    "image-alt": "![{p}](https://example.org/a.png)",
    "reference": "[x][r]\n\n[r]: {p}",
    "autolink": "<{p}>",
    "table-cell": "| a | b |\n|---|---|\n| {p} | x |",
    "mention": "@ada {p} @ada",
}
# Mentions are linked before sanitising, so they run through the whole pipeline too.
MENTION_LINKS = {"ada": "/people/ada/"}


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    return [line.rstrip("\r") for line in text.split("\n") if line.strip("\r\n ")]


def corpus_payloads(name: str) -> list[str]:
    """The payloads of one corpus file, as strings to render."""
    path = CORPUS / name
    if name.endswith("MarioXSSVectors.txt"):
        # One vector per <div id="N">, spanning lines.
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        return [v for v in re.split(r'(?=<div id="\d+">)', text) if v.strip()]
    if name.endswith("event_handlers.txt"):
        # Attribute names, not payloads: put each where an attribute could appear.
        handlers = _lines(path)
        return [
            form.format(h=h)
            for h in handlers
            for form in (
                "<img src=x {h}=alert(1)>",
                "<a href=x {h}='alert(1)'>x</a>",
                '[x](https://example.org/ "a\\" {h}=alert(1) x=\\"")',
                "![x](https://example.org/a.png){{{h}=alert(1)}}",
            )
        ]
    return _lines(path)


def _corpus_files() -> list:
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING), id="corpus-missing")]
    names = [
        "payloads.txt",
        "markdown-payloads.txt",
        *sorted(f"source-lists/{p.name}" for p in (CORPUS / "source-lists").glob("*.txt")),
    ]
    return [
        pytest.param(name, id=f"{Path(name).name}-{len(corpus_payloads(name))}-payloads")
        for name in names
    ]


@pytest.mark.parametrize("name", _corpus_files())
def test_every_payload_renders_inert_in_every_context(name):
    payloads = corpus_payloads(name)
    assert payloads, f"{name} holds no payloads"
    failures: list[str] = []
    renderings = 0
    for number, payload in enumerate(payloads, start=1):
        for context, template in CONTEXTS.items():
            body = template.format(p=payload)
            html = markdown_render(body, mention_links=MENTION_LINKS)
            renderings += 1
            problems = html_problems(html)
            if problems:
                failures.append(
                    f"#{number} {context}: {sorted(set(problems))} "
                    f"in {payload[:80]!r} -> {html[:160]!r}"
                )
    assert not failures, (
        f"{len(failures)} of {renderings} renderings of {name} "
        f"({len(payloads)} payloads × {len(CONTEXTS)} contexts) are unsafe; "
        "first 20:\n" + "\n".join(failures[:20])
    )


@pytest.mark.skipif(not CORPUS.is_dir(), reason=MISSING)
def test_the_whole_main_corpus_as_one_body_renders_inert():
    """Payloads side by side can close or open each other's constructs."""
    payloads = corpus_payloads("payloads.txt")
    for glue in ("\n", "\n\n", " "):
        html = markdown_render(glue.join(payloads), mention_links=MENTION_LINKS)
        assert html_problems(html) == [], glue


# -- The checker itself catches what it must ----------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<a href="java&#x0A;script:alert(1)">x</a>',
        '<a href="javascript&amp;colon;alert(1)">x</a>',
        '<img src="data:text/html;base64,PHNjcmlwdD4=">',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<img src="x" onerror="alert(1)">',
        '<p style="background:url(x)">x</p>',
        "<script>alert(1)</script>",
        "<svg><g></g></svg>",
        '<iframe src="https://example.org"></iframe>',
        "<p><!-- a comment --></p>",
        '<img src="https://example.org/a.png" srcset="x 1x">',
    ],
)
def test_the_checker_flags_dangerous_html(html):
    assert html_problems(html)


def test_the_checker_passes_ordinary_output():
    html = markdown_render(
        "# Title\n\n**Bold** [a link](https://example.org/x?y=1) ![pic](/media/a.png) "
        "<mailto:ada@example.org> `code`\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        "3. three\n4. four\n\n@ada",
        mention_links=MENTION_LINKS,
    )
    assert html_problems(html) == []
    assert 'href="/people/ada/"' in html and 'href="https://example.org/x?y=1"' in html


def test_raw_html_comes_back_as_visible_text():
    html = markdown_render('<script>alert("x")</script> <img src=x onerror=alert(1)>')
    assert "&lt;script&gt;" in html and "&lt;img" in html
    assert "<script" not in html and "<img" not in html


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "javascript&#58;alert(1)",
        "java%0ascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "file:///etc/passwd",
        " javascript:alert(1)",
        "&#x6A;avascript:alert(1)",
    ],
)
def test_links_and_images_to_unsafe_schemes_lose_their_target(target):
    for body in (
        f"[x]({target})",
        f"![x]({target})",
        f"[x](<{target}>)",
        f"<{target}>",
        f"[x][r]\n\n[r]: {target}",
    ):
        html = markdown_render(body)
        assert html_problems(html) == [], (body, html)


# -- Mentions cannot be turned into markup -------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "`@ada`",
        "```\n@ada\n```",
        "~~~python\nprint('@ada')\n~~~",
        "    @ada in an indented code block",
        "[ask @ada](https://example.org/)",
        "[x](https://example.org/@ada)",
        "<https://example.org/@ada>",
        "![@ada](https://example.org/a.png)",
        '[x](https://example.org/ "@ada")',
        "write to ada@example.org",
        "a path/@ada",
        "@@ada",
    ],
)
def test_mentions_are_not_linked_inside_code_links_attributes_or_addresses(body):
    html = markdown_render(body, mention_links=MENTION_LINKS)
    assert 'class="mention"' not in html, html
    assert html.count("<a ") <= 1, html  # never a link nested inside another
    assert html_problems(html) == []


@pytest.mark.parametrize(
    "body", ["@ada", "Hi @ada!", "**@ada**", "# @ada", "- @ada", "| @ada |\n|---|"]
)
def test_mentions_are_linked_in_ordinary_text(body):
    html = markdown_render(body, mention_links=MENTION_LINKS)
    assert '<a class="mention" href="/people/ada/"' in html, html
    assert html_problems(html) == []


def test_a_mention_matches_no_quote_bracket_or_space():
    for text in [
        '@ada"onmouseover=alert(1)',
        "@ada'x",
        "@ada<b>",
        "@ada>x",
        "@ada&amp;",
        "@ada x",
        "@ada`x",
    ]:
        assert [m.group(1) for m in MENTION_RE.finditer(text)] == ["ada"], text
    assert mentioned_usernames('@ada" onclick="x @grace') == ["ada", "grace"]
    # A name that holds markup can be in the link table but never matched by a body.
    html = markdown_render(
        '@ada" onclick="alert(1)', mention_links={'ada" onclick="alert(1)': "/x/"}
    )
    assert html_problems(html) == [] and 'class="mention"' not in html


def test_a_hostile_mention_target_is_still_sanitised():
    # The targets come from Hearth, but the sanitiser does not trust them either.
    for href in ["javascript:alert(1)", '/x" onclick="alert(1)', "data:text/html,x"]:
        html = markdown_render("@ada", mention_links={"ada": href})
        assert html_problems(html) == [], html


@pytest.mark.django_db
def test_a_username_with_quotes_or_markup_cannot_be_created():
    from hearth.core.errors import Invalid
    from hearth.people.services import person_create
    from tests.conftest import actor_of
    from tests.factories import person_make

    admin = person_make(org_role="admin")
    for username in ['ada"x', "ada'x", "ada<b>", "ada x", "ada>", "ada&x", "ada`x"]:
        with pytest.raises(Invalid):
            person_create(
                actor=actor_of(admin),
                username=username,
                email="someone@example.org",
                display_name="Someone",
            )
