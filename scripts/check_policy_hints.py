"""Fail when a public policy function lacks a type hint.

Every public function of ``hearth.access.policy`` and of each app's
``policies`` module must annotate each of its parameters and its return.

    python scripts/check_policy_hints.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "hearth"


def policy_files() -> list[Path]:
    return sorted([*(SRC / "access" / "policy").glob("*.py"), *SRC.glob("*/policies.py")])


def missing_hints(path: Path) -> list[str]:
    problems = []
    for node in ast.parse(path.read_text()).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        args = node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        params += [a for a in (args.vararg, args.kwarg) if a is not None]
        unhinted = [a.arg for a in params if a.annotation is None]
        if node.returns is None:
            unhinted.append("return")
        if unhinted:
            where = f"{path.relative_to(SRC.parent.parent)}:{node.lineno}"
            problems.append(f"{where} {node.name}: no hint for {', '.join(unhinted)}")
    return problems


def main() -> int:
    problems = [problem for path in policy_files() for problem in missing_hints(path)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
