"""The rules the code's layout keeps (README, "How it is built"); the import layers themselves
are checked by ``lint-imports`` in CI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "newsearch"
MAX_LINES = 350


def _python(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


@pytest.mark.parametrize("path", _python(PACKAGE), ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_is_too_long(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(REPO)} has {lines} lines: split it"


def _private_uses(path: Path) -> list[str]:
    """Private names of newsearch that a file imports or reaches through a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newsearch"):
            parts = (node.module or "").split(".")
            names = [a.name for a in node.names]
            found += [f"{node.module}.{n}" for n in names + parts if n.startswith("_")]
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if "._" in a.name and a.name.startswith("new")]
    return found


OUTSIDE_BACKEND_TESTS = [
    p for p in _python(REPO / "tests") if "backend" not in p.relative_to(REPO / "tests").parts
]


@pytest.mark.parametrize(
    "path",
    _python(REPO / "benchmarks") + OUTSIDE_BACKEND_TESTS,
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_benchmarks_and_tests_use_the_public_api(path: Path) -> None:
    assert _private_uses(path) == []
    text = path.read_text(encoding="utf-8")
    if path.parent.name == "tests" and path.name != "test_layout.py":
        internals = "newsearch.backend." + "whoosh"
        assert internals not in text, "engine internals: tests/backend/ only"


#: Private-looking names that are public API: namedtuple methods, ``os._exit``.
_ALLOWED = {"_replace", "_asdict", "_fields", "_make", "_exit"}


@pytest.mark.parametrize(
    "path",
    [p for p in _python(PACKAGE) if p.name not in ("patches.py", "internals.py")],
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_private_attributes_only_where_whoosh_is_patched_or_read(path: Path) -> None:
    """Outside ``backend/whoosh/patches.py`` (Whoosh's bugs fixed) and ``internals.py`` (the
    internals newsearch reads) no code reaches into another object's private attributes
    (``x._ids``) or passes private keyword arguments (``_lk=False``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            dunder = node.attr.startswith("__") and node.attr.endswith("__")
            if owner not in ("self", "cls") and not dunder and node.attr not in _ALLOWED:
                found.append(f"line {node.lineno}: .{node.attr}")
        if isinstance(node, ast.keyword) and (node.arg or "").startswith("_"):
            found.append(f"line {node.lineno}: {node.arg}=")
    assert found == []
