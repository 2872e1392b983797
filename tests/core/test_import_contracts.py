"""The import contracts of ``.importlinter`` can fail: run on a small package that
breaks them, they say so.

Hearth's own tree is checked by ``lint-imports`` in CI; these tests hold the contracts
themselves to catching a cycle and an upward import.
"""

import configparser
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("importlinter")

CONFIG = Path(__file__).resolve().parents[2] / ".importlinter"


def _package(root: Path, modules: dict[str, str]) -> None:
    for name, body in {"__init__": "", **modules}.items():
        path = root / "town" / f"{name.replace('.', '/')}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(textwrap.dedent(body))


def _lint(root: Path, contract: str, **options: str) -> subprocess.CompletedProcess:
    """Run Hearth's ``contract``, pointed at the package ``town`` under ``root``."""
    ours = configparser.ConfigParser()
    ours.read(CONFIG)
    config = configparser.ConfigParser()
    config["importlinter"] = {"root_package": "town"}
    section = f"importlinter:contract:{contract}"
    config[section] = {**ours[section], **options}
    path = root / ".importlinter"
    with path.open("w") as out:
        config.write(out)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command;"
            " sys.exit(lint_imports_command())",
            "--config",
            str(path),
            "--no-cache",
        ],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_no_cycles_between_apps_refuses_a_cycle(tmp_path):
    _package(
        tmp_path,
        {
            "shops.models": "from town.streets import models\n",
            "streets.models": "",
            "streets.views": "from town.shops.models import *\n",
        },
    )
    result = _lint(tmp_path, "acyclic", ancestors="\ntown")
    assert result.returncode == 1, result.stdout
    assert "No cycles are allowed in town" in result.stdout


def test_no_cycles_between_apps_keeps_a_one_way_tree(tmp_path):
    _package(tmp_path, {"shops.models": "from town.streets import models\n", "streets.models": ""})
    result = _lint(tmp_path, "acyclic", ancestors="\ntown")
    assert result.returncode == 0, result.stdout


def test_layers_refuse_an_import_from_above(tmp_path):
    _package(
        tmp_path,
        {"core.models": "from town.api import routes\n", "api.routes": "", "access.policy": ""},
    )
    layers = "\napi\naccess\ncore"
    result = _lint(tmp_path, "layers", containers="\ntown", layers=layers, exhaustive="false")
    assert result.returncode == 1, result.stdout
    assert "town.core is not allowed to import town.api" in result.stdout
