"""Take the screenshots in docs/screenshots/ from a running Hearth demo.

Start the demo in one terminal, then run this script in another:

    make demo                                   # seeds the demo and serves http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py     # writes docs/screenshots/<name>.png

The script starts nothing itself. It drives Debian's Chromium (/usr/bin/chromium,
`apt-get install chromium`) through Playwright, signs in as the demo's space
leader (`leader`, password `hearth-demo`) and saves, at 1280x800:

    login           the sign-in page (signed out)
    home            the home page
    spaces          the space directory
    space-home      a space the leader leads (the one with the most pending requests)
    space-members   its members
    space-requests  its pending access requests
    structure-editor, launch, onboarding-checklist, action-plan-calendar, key-users
                    its home sections, invitations, checklist, plan, and all key users
    people          the people directory
    profile         a colleague's profile
    profile-edit    the leader's own profile form
    demo-charter, demo-rules, demo-playbook, demo-pilot
                    a demo space's charter, rules and playbook, and the pilot's feedback
    review-queue    the community managers' review queue (moderation)
    review-case     its oldest case, with the decision form
    space-guidelines  that space's moderation guidelines
    space-conversations, conversation, unanswered, search
    notifications   the leader's notifications
    following       the spaces, conversations and tags the leader follows
    library         a space's library (--library-space, default lean-continuous-improvement)
    document        a document in it with several revisions
    document-history  its revisions
    document-diff   the last change to it
    poll            a quick poll with its results chart (in the demo's lean space)
    ideas-board     that space's ideas board, with its campaign
    event           its next event, with RSVP
    stories-gallery the platform-wide success stories gallery, with its totals
    home-featured   the home page with the featured strip the director curated
and spaces-mobile, the space directory 390x844 wide as on a phone. Then, as
`director`: desk-access-requests, desk-unanswered, audit-log and org-roles; as
`unitlead`: desk-unanswered-unit (the Operations unit's questions).

Options: --base-url, --username, --password, --space SLUG, --person USERNAME,
--out DIR, --full-page (whole pages instead of the first screenful).
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}
SPACE_LINK = re.compile(r"^/s/([\w-]+)/$")
PROFILE_LINK = re.compile(r"^/people/([\w.@+-]+)/$")
CONVERSATION_LINK = re.compile(r"^(/c/\d+/)$")
CASE_LINK = re.compile(r"^(/moderation/cases/\d+/)$")
DOCUMENT_LINK = re.compile(r"^(/d/\d+/)$")
POLL_LINK = re.compile(r"^(/polls/\d+/)$")
EVENT_LINK = re.compile(r"^(/events/\d+/)$")
# The demo space with polls, an ideas campaign and events (hearth.seed.demo_working).
WORKING_SPACE = "lean-continuous-improvement"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="leader")
    parser.add_argument("--password", default="hearth-demo")
    parser.add_argument("--space", help="slug of the space to show (default: found)")
    parser.add_argument("--person", help="username whose profile to show (default: found)")
    parser.add_argument(
        "--library-space",
        default="lean-continuous-improvement",
        help="slug of the space whose library to show",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--full-page", action="store_true", help="capture whole pages")
    return parser.parse_args(argv)


def check_demo_is_running(base_url: str) -> None:
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:
            response.read()
    except (urllib.error.URLError, OSError) as error:
        sys.exit(f"Hearth does not answer at {base_url} ({error}). Start it with `make demo`.")


class Shooter:
    def __init__(self, browser, args: argparse.Namespace) -> None:
        self.browser = browser
        self.args = args
        self.base_url = args.base_url.rstrip("/")
        self.problems: list[str] = []
        args.out.mkdir(parents=True, exist_ok=True)

    def new_page(self, viewport: dict, **options):
        context = self.browser.new_context(base_url=self.base_url, viewport=viewport, **options)
        context.set_default_timeout(15_000)
        # A stylesheet or script that fails to load spoils every picture: say so.
        context.on("response", self.note_failed_asset)
        return context.new_page()

    def note_failed_asset(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            problem = f"{urlsplit(response.url).path} answered {response.status}"
            if problem not in self.problems:
                self.problems.append(problem)

    def open(self, page, path: str) -> bool:
        response = page.goto(path, wait_until="networkidle")
        status = response.status if response else 0
        if status != 200:
            self.problems.append(f"{path} answered {status}")
        return status == 200

    def shot(self, page, name: str, path: str) -> None:
        self.open(page, path)
        target = self.args.out / f"{name}.png"
        page.screenshot(path=str(target), full_page=self.args.full_page)
        shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        print(f"{name:<15} {path:<32} -> {shown}")

    def sign_in(self, page) -> None:
        self.open(page, "/accounts/login/")
        page.get_by_role("textbox", name="Username").fill(self.args.username)
        page.get_by_role("textbox", name="Password").fill(self.args.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")
        if urlsplit(page.url).path.startswith("/accounts/login/"):
            sys.exit(f"Could not sign in as {self.args.username!r}: is the demo seeded?")

    def links(self, page, pattern: re.Pattern) -> list[str]:
        hrefs = page.eval_on_selector_all(
            "main a[href]", "els => els.map(e => e.getAttribute('href'))"
        )
        found: list[str] = []
        for href in hrefs:
            match = pattern.match(urlsplit(href).path)
            if match and match.group(1) not in found:
                found.append(match.group(1))
        return found

    def choose_space(self, page) -> str:
        """The leader's space with the most pending requests (the richest page)."""
        if self.args.space:
            return self.args.space
        self.open(page, "/spaces/?mine=on")
        best, best_count = "", -1
        for slug in self.links(page, SPACE_LINK)[:24]:
            response = page.goto(f"/s/{slug}/requests/")
            if not response or response.status != 200:
                continue
            count = page.get_by_role("button", name="Approve").count()
            if count > best_count:
                best, best_count = slug, count
        if not best:
            sys.exit(f"{self.args.username!r} leads no space: pass --space SLUG.")
        return best

    def choose_person(self, page) -> str:
        if self.args.person:
            return self.args.person
        self.open(page, "/people/")
        others = [u for u in self.links(page, PROFILE_LINK) if u != self.args.username]
        return others[0] if others else self.args.username

    def shoot_working_together(self, page) -> None:
        """A poll with its chart, the ideas board and an upcoming event."""
        self.open(page, f"/s/{WORKING_SPACE}/polls/")
        polls = self.links(page, POLL_LINK)
        if polls:
            self.shot(page, "poll", polls[0])
        self.shot(page, "ideas-board", f"/s/{WORKING_SPACE}/ideas/")
        self.open(page, f"/s/{WORKING_SPACE}/events/")
        events = self.links(page, EVENT_LINK)
        if events:
            self.shot(page, "event", events[0])

    def run(self) -> None:
        page = self.new_page(DESKTOP)
        self.shot(page, "login", "/accounts/login/")
        self.sign_in(page)
        slug = self.choose_space(page)
        person = self.choose_person(page)
        self.shot(page, "home", "/")
        self.shot(page, "spaces", "/spaces/")
        self.shot(page, "space-home", f"/s/{slug}/")
        self.shot(page, "space-members", f"/s/{slug}/members/")
        self.shot(page, "space-requests", f"/s/{slug}/requests/")
        self.shot(page, "structure-editor", f"/s/{slug}/structure/")
        self.shot(page, "launch", f"/s/{slug}/launch/")
        self.shot(page, "onboarding-checklist", f"/s/{slug}/welcome/")
        self.shot(page, "action-plan-calendar", f"/s/{slug}/plan/calendar/")
        self.shot(page, "key-users", "/key-users/")
        self.shot(page, "people", "/people/")
        self.shot(page, "profile", f"/people/{person}/")
        self.shot(page, "profile-edit", "/people/me/")
        self.shot(page, "space-conversations", f"/s/{slug}/conversations/")
        self.open(page, f"/s/{slug}/conversations/")
        conversations = self.links(page, CONVERSATION_LINK)
        if conversations:
            self.shot(page, "conversation", conversations[0])
        self.shot(page, "unanswered", "/questions/unanswered/")
        self.shot(page, "search", "/search/?q=community")
        # The life of the demo spaces (hearth.seed.demo_lifecycle): charter and rules of a
        # space the leader leads, its playbook, and the pilot's feedback.
        lean = "lean-continuous-improvement"
        self.shot(page, "demo-charter", f"/s/{lean}/charter/")
        self.shot(page, "demo-rules", f"/s/{lean}/rules/")
        self.shot(page, "demo-playbook", f"/s/{lean}/playbook/")
        self.shot(page, "demo-pilot", "/s/digital-workplace-pilot/pilot/")
        # The demo seeds open reports in the community managers' network, which the
        # demo's leader leads.
        self.shot(page, "review-queue", "/s/community-managers/review/")
        self.open(page, "/s/community-managers/review/")
        cases = self.links(page, CASE_LINK)
        if cases:
            self.shot(page, "review-case", cases[0])
        self.shot(page, "space-guidelines", "/s/community-managers/guidelines/")
        self.shot(page, "notifications", "/notifications/")
        self.shot(page, "following", "/following/")
        library = f"/s/{self.args.library_space}/library/"
        self.shot(page, "library", library)
        documents = self.links(page, DOCUMENT_LINK)
        if documents:
            self.shot(page, "document", documents[0])
            self.shot(page, "document-history", f"{documents[0]}history/")
            self.shot(page, "document-diff", f"{documents[0]}diff/")
        self.shoot_working_together(page)
        self.shot(page, "stories-gallery", "/stories/")
        self.shot(page, "home-featured", "/")

        phone = self.browser.new_context(
            base_url=self.base_url,
            viewport=MOBILE,
            is_mobile=True,
            has_touch=True,
            storage_state=page.context.storage_state(),
        ).new_page()
        self.shot(phone, "spaces-mobile", "/spaces/")
        self.desk_shots()

    def desk_shots(self) -> None:
        """The leaders' desks and the audit log, as the director of collaboration
        (every space) and the Operations collaboration leader (one unit)."""
        for username, shots in (
            (
                "director",
                [
                    ("desk-access-requests", "/desk/access-requests/"),
                    ("desk-unanswered", "/desk/unanswered/"),
                    ("audit-log", "/audit/"),
                    ("org-roles", "/org/"),
                ],
            ),
            ("unitlead", [("desk-unanswered-unit", "/desk/unanswered/?unit=operations")]),
        ):
            page = self.new_page(DESKTOP)
            self.args.username, saved = username, self.args.username
            self.sign_in(page)
            self.args.username = saved
            for name, path in shots:
                self.shot(page, name, path)
            page.context.close()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    check_demo_is_running(args.base_url.rstrip("/"))
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is not at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        shooter = Shooter(browser, args)
        try:
            shooter.run()
        except PlaywrightError as error:
            sys.exit(f"The browser failed: {error}")
        finally:
            browser.close()
    for problem in shooter.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 1 if shooter.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
