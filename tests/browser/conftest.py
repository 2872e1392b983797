"""Fixtures for the browser tests: Debian's Chromium driven by Playwright.

The tests run against pytest-django's ``live_server`` (a real HTTP server on a
transactional test database). They are skipped, with the reason shown, where
``/usr/bin/chromium`` or Playwright is missing, so ``make test`` works anywhere;
with ``HEARTH_REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail there instead.

On a failure each open page is saved as a PNG under pytest's temporary
directory; the path is printed with the failure.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a-long-browser-test-passphrase"
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so fixtures can tell a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _cannot_run(reason: str):
    if os.environ.get("HEARTH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and HEARTH_REQUIRE_BROWSER=1 requires the browser tests")
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the tests of this package, closed after them.

    Playwright's sync API keeps an event loop running in this thread while it
    is started, and Django refuses ORM calls under a running loop unless told it
    is safe: it is, since every call here is synchronous. The permission lasts
    only as long as the browser, so the rest of the suite keeps Django's check.
    """
    if not CHROMIUM.exists():
        _cannot_run(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        _cannot_run("browser tests need Playwright (pip install -e '.[dev]')")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def new_page(request, browser, live_server, tmp_path_factory):
    """Open a page in a fresh browser context (its own cookies: one person each).

    ``new_page()`` returns a page whose relative URLs resolve against the live
    server. On failure every page opened is screenshotted.
    """
    contexts = []

    def open_page(*, viewport=None):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport or {"width": 1280, "height": 800}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        folder = tmp_path_factory.mktemp("browser-failures")
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                path = folder / f"{name}-{i}-{j}.png"
                try:
                    page.screenshot(path=str(path), full_page=True)
                except Exception as error:  # the page may have crashed; keep going
                    print(f"could not screenshot {page.url}: {error}")
                else:
                    print(f"screenshot of {page.url}: {path}")
    for context in contexts:
        context.close()


@pytest.fixture
def make_person(transactional_db):
    """Create a person who can sign in with ``PASSWORD``."""

    def make(username: str, display_name: str):
        return get_user_model().objects.create_user(
            username=username, password=PASSWORD, display_name=display_name
        )

    return make


@pytest.fixture
def sign_in():
    """Sign a page in through the login form, as a person would."""

    def sign_in(page, username: str, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.get_by_role("textbox", name="Username", exact=True).fill(username)
        page.get_by_role("textbox", name="Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return sign_in


@pytest.fixture
def run_worker(settings):
    """Queue tasks in the database, as in production; calling this runs the worker once.

    The worker drains the queue (``db_worker --batch``) in the test's thread, so
    what the tasks write is visible to the live server straight after.
    """
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }

    def run() -> None:
        call_command("db_worker", batch=True, interval=0)

    return run
