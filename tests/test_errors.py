"""The error tree: every exception newsdesk raises on purpose derives from NewsdeskError."""

import ast
import builtins
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import newsdesk
from newsdesk import errors
from newsdesk.errors import BodyError, NewsdeskError
from newsdesk.ingest import files
from newsdesk.models import Rejected, Source, SourceKind

SRC = Path(newsdesk.__file__).parent
# The abstract-method convention; never raised to a caller of a concrete class.
BUILTINS_ALLOWED = {"NotImplementedError"}


def _package_exceptions() -> list[type[BaseException]]:
    found: list[type[BaseException]] = []
    for info in pkgutil.walk_packages(newsdesk.__path__, "newsdesk."):
        if info.name == "newsdesk.__main__":  # importing it runs the CLI
            continue
        module = importlib.import_module(info.name)
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, BaseException)
            and value.__module__ == module.__name__
        ]
    return found


def _drawn_tree() -> dict[str, str | None]:
    """errors.py's drawing as {class name: parent name}."""
    parents: dict[str, str | None] = {}
    stack: list[str] = []
    for line in (errors.__doc__ or "").splitlines():
        match = re.match(r"^ {4}((?:[│ ] {3})*)(?:[├└]── )?([A-Za-z_]\w*)(?:\s|$)", line)
        if not match or not (match.group(2).endswith("Error") or "── " in line):
            continue
        depth = len(match.group(1)) // 4 + (1 if "── " in line else 0)
        del stack[depth:]
        parents[match.group(2)] = stack[-1] if stack else None
        stack.append(match.group(2))
    return parents


def test_every_exception_class_derives_from_newsdesk_error() -> None:
    classes = _package_exceptions()
    assert len(classes) > 10
    strays = [
        f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, NewsdeskError)
    ]
    assert strays == []


def test_the_drawing_in_errors_py_is_the_tree() -> None:
    actual = {}
    for cls in _package_exceptions():
        parent = next((b for b in cls.__bases__ if issubclass(b, NewsdeskError)), None)
        actual[cls.__name__] = parent.__name__ if parent else None
    assert _drawn_tree() == actual


def test_no_builtin_exception_is_raised_on_purpose() -> None:
    raised = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Raise) or node.exc is None:
                continue
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = target.id if isinstance(target, ast.Name) else None
            builtin = getattr(builtins, name, None) if name else None
            if (
                isinstance(builtin, type)
                and issubclass(builtin, BaseException)
                and name not in BUILTINS_ALLOWED
            ):
                raised.append(f"{path.relative_to(SRC)}:{node.lineno}: {name}")
    assert raised == []


def test_an_oversized_saved_page_is_one_counted_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "big.html").write_text("<p>" + "word " * 200 + "</p>", encoding="utf-8")
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    got = list(files.read_folder(Source(url=str(tmp_path), kind=SourceKind.FOLDER)))
    assert got == [(str(tmp_path / "big.html"), Rejected("unreadable", got[0][1].detail))]
    assert "big.html: larger than 100 bytes" in got[0][1].detail
    with pytest.raises(BodyError):
        files._read_bytes(tmp_path / "big.html")
