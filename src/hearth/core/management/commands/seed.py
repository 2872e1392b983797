"""Fill the database with a sample organisation: `hearth seed --preset demo|large`."""

import math
import time

from django.core.management.base import BaseCommand, CommandError

PRESETS = ("demo", "large")
MAX_SCALE = 10.0


class Command(BaseCommand):
    help = (
        "Seed a sample organisation. 'demo' (idempotent): 300 people, 12 spaces and one "
        "sign-in per role. 'large': 200,000 people in 27 units and 64 countries with 3,000 "
        "spaces, times --scale, for benchmarks on an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--preset",
            default="demo",
            help=f"Which organisation: {' or '.join(PRESETS)} (default demo).",
        )
        parser.add_argument(
            "--scale",
            default=None,
            help="For 'large': people and spaces times this factor, "
            f"above 0 and at most {MAX_SCALE:g} (default 1).",
        )

    def handle(self, *args, preset: str, scale, **options):
        self.verbosity = options.get("verbosity", 1)
        if preset not in PRESETS:
            raise CommandError(f"Unknown preset “{preset}”: choose {' or '.join(PRESETS)}.")
        started = time.monotonic()
        if preset == "demo":
            if scale is not None:
                raise CommandError("--scale applies to the large preset only.")
            from hearth.seed.demo import seed_demo

            lines = seed_demo()
        else:
            from hearth.seed.large import seed_large

            lines = seed_large(scale=self._scale(scale), progress=self._progress)
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Seeded in {time.monotonic() - started:.1f} s."))

    def _scale(self, raw) -> float:
        if raw is None:
            return 1.0
        try:
            scale = float(raw)
        except (TypeError, ValueError):
            raise CommandError(f"--scale must be a number, not “{raw}”.") from None
        if not math.isfinite(scale) or not 0 < scale <= MAX_SCALE:
            raise CommandError(f"--scale must be above 0 and at most {MAX_SCALE:g} (got {raw}).")
        return scale

    def _progress(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"  {message}")
