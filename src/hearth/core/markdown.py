"""Markdown to safe HTML: markdown-it-py renders, nh3 sanitises.

Raw HTML in a body is not rendered (markdown-it's ``html`` option is off), and
whatever the renderer produces is passed through an allow-list sanitiser, so a
bug or an extension in one layer cannot open a hole alone. Links get
``rel="nofollow noopener"``; only http(s) and mailto URLs survive.
"""

import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.enable(["table", "strikethrough"])

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
    "span": {"class"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

MENTION_RE = re.compile(
    r"(?<![\w@/])@([a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?)(?![\w@])", re.IGNORECASE
)


def markdown_render(text: str, *, mention_links: dict[str, str] | None = None) -> str:
    """Render Markdown to sanitised HTML.

    ``mention_links`` maps usernames that may be linked (people who can see the
    content) to their profile URL; other ``@names`` stay plain text.
    """
    html = _md.render(text or "")
    if mention_links:
        html = _link_mentions(html, mention_links)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def _link_mentions(html: str, links: dict[str, str]) -> str:
    # Only outside tags and outside <code>/<pre>/<a>: split on tags and track them.
    parts = re.split(r"(<[^>]+>)", html)
    depth = 0
    for i, part in enumerate(parts):
        if part.startswith("<"):
            tag = re.match(r"</?\s*(\w+)", part)
            if tag and tag.group(1).lower() in {"code", "pre", "a"}:
                depth += -1 if part.startswith("</") else 1
            continue
        if depth == 0:
            parts[i] = MENTION_RE.sub(lambda m: _mention_link(m, links), part)
    return "".join(parts)


def _mention_link(match: re.Match, links: dict[str, str]) -> str:
    name = match.group(1)
    href = links.get(name.lower())
    if href is None:
        return match.group(0)
    return f'<a class="mention" href="{href}">@{name}</a>'


def mentioned_usernames(text: str, *, as_written: bool = False) -> list[str]:
    """The @usernames in a Markdown body, lower-cased (or, with ``as_written``, as first
    written), in order, once each whatever their case.

    Read from the parsed text, so that ``@name`` inside code or a link (which is
    shown as written, not linked) notifies no one either.
    """
    seen: dict[str, str] = {}
    for token in _md.parse(text or ""):
        if token.type != "inline":
            continue
        in_link = 0
        for child in token.children or []:
            if child.type == "link_open":
                in_link += 1
            elif child.type == "link_close":
                in_link -= 1
            elif child.type == "text" and not in_link:
                for match in MENTION_RE.finditer(child.content):
                    seen.setdefault(match.group(1).lower(), match.group(1))
    return list(seen.values() if as_written else seen)
