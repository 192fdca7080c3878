"""The package keeps the shape docs/architecture.md draws: imports go down, no circles.

Every module of ``src/newsdesk`` is read as source (nothing is imported), each import is
resolved to the module it names, and three rules are checked: a unit imports only units
of lower layers (and the one same-layer pair the page allows); below the commands and
the long-running jobs, nothing imports a concrete store; no module reaches itself
through its imports. And no module is over 600 lines.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_LINES = 600

# docs/architecture.md, "What may import what": one row a layer, lowest first. The
# package itself (``newsdesk``: the models and __version__) is a unit of its own.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "text"),
    ("models",),
    ("ratings",),
    ("newsdesk", "config"),
    ("store",),
    ("embed", "features", "metrics", "classify", "workers", "backfill_engine", "mail", "controls"),
    ("ingest", "extract", "dedupe", "cluster", "verify", "write", "retention", "publish"),
    ("pipeline", "evaluate", "export", "digest"),
    ("backfill", "watch", "alerts"),
    ("outbox",),
    ("cli",),
    ("__main__",),
)
SAME_LAYER = frozenset({("write", "verify")})  # the write stage verifies its own drafts
CONCRETE_STORE_MODULES = (
    "newsdesk.store.sqlite",
    "newsdesk.store.postgres",
    "newsdesk.store.sql",
    "newsdesk.store.migrate",
    "newsdesk.store.rows",
)
CONCRETE_STORE_NAMES = frozenset({"SQLiteStore", "PostgresStore"})
MAY_OPEN_A_STORE = frozenset({"store", "backfill", "watch", "cli", "__main__"})
# Modules still over the limit, each with who is splitting it. A name that is gone or
# has come under the limit fails too, so that this list only ever shrinks.
STILL_LONG: Mapping[str, str] = {}
# Modules that still take a private (underscore) name from another module, each with
# what it takes; like STILL_LONG, this list only ever shrinks.
STILL_PRIVATE: Mapping[str, str] = {}


@dataclass(frozen=True, slots=True)
class Import:
    """One import statement's target, resolved to a module of the package."""

    source: str  # the importing module, dotted
    target: str  # the imported module, dotted
    names: tuple[str, ...]  # what ``from target import ...`` took; () for ``import``
    line: int


def modules(root: Path) -> dict[str, Path]:
    """Every module below ``root`` (a folder holding the package), by dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(root: Path, package: str = "newsdesk") -> Iterator[Import]:
    """Every import of a module of ``package`` made anywhere in its modules' source."""
    known = modules(root)
    for name, path in known.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(name, _known_prefix(alias.name, known), (), node.lineno)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    target = sub if sub in known else _known_prefix(base, known)
                    yield Import(name, target, (alias.name,), node.lineno)


def _known_prefix(dotted: str, known: Mapping[str, Path]) -> str:
    parts = dotted.split(".")
    while parts and ".".join(parts) not in known:
        parts.pop()
    return ".".join(parts)


def unit_of(module: str) -> str:
    """``newsdesk.extract.body`` -> ``extract``; ``newsdesk`` -> ``newsdesk``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def layer_of() -> dict[str, int]:
    return {unit: n for n, units in enumerate(LAYERS) for unit in units}


def wrong_directions(found: list[Import]) -> list[str]:
    """Imports of a unit of the same or a higher layer (but for ``SAME_LAYER``)."""
    layer = layer_of()
    wrong = []
    for imp in found:
        a, b = unit_of(imp.source), unit_of(imp.target)
        if a == b or b not in layer or a not in layer:
            continue
        if layer[b] > layer[a] or (layer[b] == layer[a] and (a, b) not in SAME_LAYER):
            wrong.append(f"{imp.source}:{imp.line} imports {imp.target} ({a} may not import {b})")
    return wrong


def concrete_store_imports(found: list[Import]) -> list[str]:
    """Imports of a concrete store by a unit that is not allowed to open one."""
    wrong = []
    for imp in found:
        if unit_of(imp.source) in MAY_OPEN_A_STORE:
            continue
        concrete = imp.target.startswith(CONCRETE_STORE_MODULES) or (
            imp.target == "newsdesk.store" and CONCRETE_STORE_NAMES.intersection(imp.names)
        )
        if concrete:
            wrong.append(f"{imp.source}:{imp.line} imports a concrete store ({imp.target})")
    return wrong


def circles(found: list[Import]) -> list[list[str]]:
    """The import circles between modules: each strongly connected group of two or more,
    or a module that imports itself."""
    graph: dict[str, set[str]] = {}
    for imp in found:
        if imp.target:
            graph.setdefault(imp.source, set()).add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def private_imports(found: list[Import]) -> list[str]:
    """Imports of another module's private name (``from x import _helper``): what one
    module uses of another is its public, named interface."""
    return [
        f"{imp.source}:{imp.line} takes {name} from {imp.target}"
        for imp in found
        for name in imp.names
        if name.startswith("_") and not name.startswith("__") and imp.target != imp.source
    ]


def long_modules(root: Path) -> dict[str, int]:
    """Modules over ``MAX_LINES`` lines, by path below ``root``."""
    sizes = {
        path.relative_to(root).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in root.rglob("*.py")
    }
    return {path: n for path, n in sorted(sizes.items()) if n > MAX_LINES}


@pytest.fixture(scope="module")
def found() -> list[Import]:
    return [imp for imp in imports(SRC) if imp.target.startswith("newsdesk")]


def test_every_unit_has_a_layer() -> None:
    layer = layer_of()
    units = {unit_of(name) for name in modules(SRC)}
    missing = sorted(units - set(layer))
    assert not missing, f"give these a row in docs/architecture.md and LAYERS: {missing}"
    assert sorted(set(layer) - units) == [], "LAYERS names a unit that is gone"


def test_imports_go_down_the_layers(found: list[Import]) -> None:
    assert wrong_directions(found) == []


def test_only_the_commands_and_jobs_import_a_concrete_store(found: list[Import]) -> None:
    assert concrete_store_imports(found) == []


def test_no_import_circles(found: list[Import]) -> None:
    assert circles(found) == []


def test_no_module_takes_a_private_name_from_another(found: list[Import]) -> None:
    taking = {line.split(":")[0] for line in private_imports(found)}
    assert sorted(taking - set(STILL_PRIVATE)) == [], private_imports(found)
    assert sorted(set(STILL_PRIVATE) - taking) == [], "public now: drop from STILL_PRIVATE"


def test_no_module_is_over_600_lines() -> None:
    over = long_modules(SRC)
    assert sorted(set(over) - set(STILL_LONG)) == [], over
    assert sorted(set(STILL_LONG) - set(over)) == [], "under the limit now: drop from STILL_LONG"


def test_the_checks_catch_what_they_forbid(tmp_path: Path) -> None:
    """Each rule on a small package that breaks it, so that none can pass vacuously."""
    package = tmp_path / "newsdesk"
    files = {
        "__init__.py": "",
        "pipeline.py": "from newsdesk.extract import extract\n",
        "extract/__init__.py": "from newsdesk.extract.body import body\n",
        "extract/body.py": "from newsdesk import pipeline\nfrom newsdesk.extract import x\n",
        "verify.py": "import newsdesk.write.base\n",
        "write/__init__.py": "",
        "write/base.py": "from newsdesk import verify\n",
        "publish/site.py": "from newsdesk.store import SQLiteStore\n",
        "publish/api.py": "from newsdesk.store.postgres import PostgresStore\n",
        "store/__init__.py": "from newsdesk.store.sqlite import SQLiteStore\n",
        "store/sqlite.py": "",
        "store/postgres.py": "",
        "cli.py": "from newsdesk.store import SQLiteStore\n",
        "publish/page.py": "from newsdesk.publish.site import _render, render\n",
        "long.py": "x = 1\n" * (MAX_LINES + 1),
    }
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    found = list(imports(tmp_path))

    directions = wrong_directions(found)
    assert "newsdesk.extract.body:1 imports newsdesk.pipeline" in " ".join(directions)
    assert any("extract may not import pipeline" in w for w in directions)
    assert any("verify may not import write" in w for w in directions)
    assert not any("write may not import verify" in w for w in directions)
    assert sorted(w.split(":")[0] for w in concrete_store_imports(found)) == [
        "newsdesk.publish.api",
        "newsdesk.publish.site",
    ]
    assert sorted(map(tuple, circles(found))) == [
        ("newsdesk.extract", "newsdesk.extract.body", "newsdesk.pipeline"),
        ("newsdesk.verify", "newsdesk.write.base"),
    ]
    assert long_modules(tmp_path) == {"newsdesk/long.py": MAX_LINES + 1}
    assert private_imports(found) == [
        "newsdesk.publish.page:1 takes _render from newsdesk.publish.site"
    ]
