"""Run the web server and the background worker together, for the demo."""

import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from hearth.core.demo import DEMO_PASSWORD, DEMO_SIGN_INS


def _die_with_parent() -> None:
    """Ask Linux to stop the worker when this process dies, however it dies
    (a killed demo must not leave an orphan worker holding the database)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the finally block below still stops it
        pass


class Command(BaseCommand):
    help = "Serve Hearth on ADDR with a background worker beside it (Ctrl-C stops both)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, addr: str, **options):
        worker = subprocess.Popen(
            [sys.executable, "-m", "hearth", "db_worker"], preexec_fn=_die_with_parent
        )
        # Reminders and the ends of role swaps and sanctions, queued every 15 minutes.
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "hearth", "run_schedule"], preexec_fn=_die_with_parent
        )
        self.stdout.write(self.style.SUCCESS(f"\nHearth is starting on http://{addr}/\n"))
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for username, role in DEMO_SIGN_INS:
            self.stdout.write(f"  {username:<12} {role}")
        self.stdout.write("")
        try:
            call_command("runserver", addr, use_reloader=False)
        finally:
            scheduler.terminate()
            worker.send_signal(signal.SIGINT)
            for process in (worker, scheduler):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
