#!/usr/bin/env python
"""Check that every module under src/hearth imports on its own, after django.setup().

A module that only works when something else happened to import first (a cycle that
an import order hides, a name another module puts in place) fails here. For each
module this forks a child of an interpreter that has run ``django.setup()`` and
nothing else, so each child starts as a fresh interpreter would after setup; the
children run a few at a time.

    python scripts/check-imports-isolated.py            every module (migrations aside)
    python scripts/check-imports-isolated.py -j 4       four at a time (default 2)
    python scripts/check-imports-isolated.py hearth.polls.views ...   only these

Exits 1 and names each module that failed, with the last line of its error.
"""

import argparse
import os
import sys
import traceback
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
SKIP_PARTS = {"migrations", "templates", "static"}


def modules() -> list[str]:
    names = []
    for path in sorted((SRC / "hearth").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if SKIP_PARTS & set(parts) or parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def _child(name: str, write_fd: int) -> None:
    import importlib

    code = 0
    try:
        importlib.import_module(name)
    except BaseException:  # noqa: BLE001 - every failure is the answer
        lines = traceback.format_exc().strip().splitlines()
        os.write(write_fd, lines[-1].encode()[:2000])
        code = 1
    os._exit(code)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()

    sys.path.insert(0, str(SRC))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings.test")
    # The production settings refuse to load without a secret key; any will do to
    # import them.
    os.environ.setdefault("HEARTH_SECRET_KEY", "isolated-import-check-" + "x" * 40)
    import django

    django.setup()

    pending = args.names or modules()
    total = len(pending)
    running: dict[int, tuple[str, int]] = {}
    failures: list[tuple[str, str]] = []
    while pending or running:
        while pending and len(running) < args.jobs:
            name = pending.pop(0)
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_fd)
                _child(name, write_fd)
            os.close(write_fd)
            running[pid] = (name, read_fd)
        pid, status = os.wait()
        name, read_fd = running.pop(pid)
        with os.fdopen(read_fd, "rb") as pipe:
            message = pipe.read().decode(errors="replace")
        if os.waitstatus_to_exitcode(status) != 0:
            failures.append((name, message or f"exit status {status}"))

    for name, message in failures:
        print(f"{name}: {message}")
    print(f"{total - len(failures)} of {total} modules import on their own.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
