"""The seed's texts, as TOML files beside this module.

Names, places, job titles, the demo's conversations, polls and ideas, and the large
organisation's templates are data: they live here, one file per seed module, and the
module that uses them reads its file once, at import, and gives it the shape its
code expects. The files ship with the package (``pyproject.toml``'s package data).
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any


def seed_data(name: str) -> dict[str, Any]:
    """The contents of ``<name>.toml`` in this folder."""
    return tomllib.loads(files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8"))
