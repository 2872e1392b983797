#!/usr/bin/env python3
"""Fail when a module reads or assigns a private attribute of another object.

Hearth leans on no private attribute of Django's (or anyone's) objects, so that a
Django security release is a pin change: every ``X._name`` (not a dunder) is an
offence unless ``X`` is ``self`` or ``cls`` (an object's own state), or a name
defined in the same module (a module's own helpers), or the attribute is one of
the documented underscore APIs below. Written for Django's objects, it holds every
object to it: what another module keeps private is its own business too.

    python scripts/check-django-internals.py [paths…]   # default: src/

Prints ``path:line: text`` for each offence and exits 1 if there is any.
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

# Documented APIs with a leading underscore: Django's model options and instance
# state, and the named tuple's public methods.
ALLOWED = frozenset({"_meta", "_state", "_replace", "_asdict", "_fields", "_make"})
OWN = frozenset({"self", "cls"})


def _defined_names(tree: ast.Module) -> set[str]:
    """What the module itself defines at its top level (functions, classes, module
    variables): its own helpers, whose private parts it may use. Imported names and
    local variables do not count: they hold other code's objects."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(
                    n.id
                    for n in ast.walk(target)
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                )
    return names


def _root(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def offences(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    lines = source.splitlines()
    defined = _defined_names(tree)
    found = []
    attributes = (node for node in ast.walk(tree) if isinstance(node, ast.Attribute))
    for node in sorted(attributes, key=lambda node: (node.lineno, node.col_offset)):
        name = node.attr
        if not name.startswith("_") or (name.startswith("__") and name.endswith("__")):
            continue
        if name in ALLOWED:
            continue
        root = _root(node.value)
        if root in OWN or (root is not None and root in defined):
            continue
        shown = os.path.relpath(path) if path.is_absolute() else path
        found.append(f"{shown}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return found


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path(__file__).resolve().parent.parent / "src"]
    found = []
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for path in files:
            found.extend(offences(path))
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
