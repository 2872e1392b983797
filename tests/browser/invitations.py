"""Steps of a CSV invitation through the browser, shared by the launch and lifecycle
walks: upload a CSV, check the preview reports the bad rows before anything is sent,
send, and watch the progress bar complete while the worker runs.
"""

from collections.abc import Callable
from pathlib import Path

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture skips (or fails) with the reason
    Page = expect = None

# The progress bar polls every second; give the worker and the poll room on a busy machine.
PROGRESS_TIMEOUT_MS = 30_000


def csv_invitation_preview(
    page: "Page", *, slug: str, csv_file: Path, bad_row: str, error: str
) -> None:
    """Upload ``csv_file`` on the space's launch page and check its preview.

    The preview must show the bad row with its error, before anything is sent.
    """
    page.goto(f"/s/{slug}/launch/")
    page.locator("#id_csv-file").set_input_files(str(csv_file))
    page.locator("form[action$='/launch/csv/']").get_by_role(
        "button", name="Upload and preview"
    ).click()
    expect(page.get_by_role("heading", name="Preview: nothing is sent yet")).to_be_visible()
    expect(page.get_by_role("heading", name="Rows that will not be invited")).to_be_visible()
    expect(page.get_by_role("cell", name=bad_row)).to_be_visible()
    expect(page.get_by_text(error)).to_be_visible()


def csv_invitation_send(page: "Page", *, count: int, run_worker: Callable[[], None]) -> None:
    """Send the previewed invitations, run the worker, and wait for the progress to finish.

    The previewed bad rows stay listed, now as rows that were not invited.
    """
    page.get_by_role("button", name=f"Send {count} invitations").click()
    expect(page.get_by_text("Waiting for the worker")).to_be_visible()
    run_worker()
    expect(page.get_by_text(f"{count} of {count} processed: {count} invited")).to_be_visible(
        timeout=PROGRESS_TIMEOUT_MS
    )
    expect(page.get_by_role("progressbar", name="Invitations sent")).to_have_attribute(
        "aria-valuenow", "100"
    )
    expect(page.get_by_role("heading", name="Rows that were not invited")).to_be_visible()
