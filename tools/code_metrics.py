"""Code shape metrics for review notes: import edges inside a package and function lengths.

Usage: python tools/code_metrics.py [PACKAGE_DIR] [--edges]
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_edges(root: Path, top: Path) -> set[tuple[str, str]]:
    prefix = module_name(top, root / "__init__.py")
    modules = {module_name(top, p): p for p in root.rglob("*.py")}
    edges: set[tuple[str, str]] = set()
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                target = node.module
                if node.level:
                    base = name.split(".")[: -node.level or None]
                    if path.name == "__init__.py":
                        base = name.split(".")[: len(name.split(".")) - node.level + 1]
                    target = ".".join([*base, node.module])
                if target.startswith(prefix) and target in modules and target != name:
                    edges.add((name, target))
    return edges


def function_lengths(src: Path) -> list[int]:
    lengths = []
    for path in src.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lengths.append((node.end_lineno or node.lineno) - node.lineno + 1)
    return lengths


def main() -> None:
    root = Path(
        sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "src/storyline"
    )
    pipeline = root / "pipeline"
    edges = import_edges(pipeline, root)
    modules = sorted({module_name(root, p) for p in pipeline.rglob("*.py")})
    print(f"pipeline modules: {len(modules)}; import edges inside pipeline: {len(edges)}")
    packages = sorted(module_name(root, p) for p in pipeline.rglob("__init__.py"))
    print(f"pipeline packages: {', '.join(packages)}")
    if "--edges" in sys.argv:
        for a, b in sorted(edges):
            print(f"  {a} -> {b}")
    lengths = function_lengths(root)
    q = statistics.quantiles(lengths, n=10)
    median = statistics.median(lengths)
    print(f"functions: {len(lengths)}; median length {median}; 90th percentile {q[8]:.0f}")
    long = [str(p) for p in root.rglob("*.py") if len(p.read_text().splitlines()) > 500]
    print(f"modules over 500 lines: {long}")


if __name__ == "__main__":
    main()
