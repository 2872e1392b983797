"""The CI check that no module reads or assigns a private attribute of another object
(``scripts/check-django-internals.py``)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check-django-internals.py"

BAD = """
from django.db.models import QuerySet

_cache = {}


class Helper:
    _slot = 1

    def read(self, rows: QuerySet):
        self._seen = rows._result_cache  # a queryset's private cache
        return Helper._slot, _cache.__class__, self._seen


def run(rows, compiler):
    compiler._current = [1]  # assigning one
    return rows.model._meta, rows.model()._state, rows._replace, len(_cache)
"""


def _run(*paths) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, paths)], capture_output=True, text=True
    )


def test_a_module_that_reads_or_assigns_a_private_attribute_fails(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text(BAD)
    result = _run(sample)
    assert result.returncode == 1
    offences = result.stdout.splitlines()
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in offences] == ["11", "16"]
    assert "rows._result_cache" in offences[0] and "compiler._current" in offences[1]


def test_the_documented_underscore_apis_and_a_modules_own_names_pass(tmp_path):
    sample = tmp_path / "good.py"
    sample.write_text(
        "from collections import namedtuple\n"
        "Point = namedtuple('Point', 'x y')\n"
        "def f(obj):\n"
        "    return obj._meta, obj._state, Point(1, 2)._replace(x=3)._asdict(), Point._fields\n"
    )
    assert _run(sample).returncode == 0


def test_hearths_code_passes():
    result = _run(ROOT / "src")
    assert result.returncode == 0, result.stdout
