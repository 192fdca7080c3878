"""Finding and streaming an evaluation dataset.

``--data`` names either a dataset folder, which holds exactly one uniform ``*.jsonl.gz``
(whatever its name) plus the files its lines point to, or that file itself.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsdesk.errors import EvalDataError


def dataset_file(path: Path) -> Path:
    """Return the ``*.jsonl.gz`` file that ``path`` names or holds.

    Raises:
        EvalDataError: when there is no such file, or more than one in the folder.
    """
    if path.is_file():
        return path
    if not path.is_dir():
        raise EvalDataError(f"no dataset at {path}")
    found = sorted(path.glob("*.jsonl.gz"))
    if len(found) > 1:
        # A folder may also keep the original files (wcxb: ground-truth-original.jsonl.gz);
        # the uniform file is the one whose records have our common fields.
        found = [f for f in found if _is_uniform(f)]
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        raise EvalDataError(f"{path} must hold exactly one *.jsonl.gz file (found: {names})")
    return found[0]


UNIFORM_FIELDS = frozenset({"html_file", "cluster_id", "articles"})


def _is_uniform(file: Path) -> bool:
    try:
        with gzip.open(file, "rt", encoding="utf-8") as fh:
            first = json.loads(fh.readline() or "{}")
    except (OSError, ValueError):
        return False
    return isinstance(first, dict) and "id" in first and bool(UNIFORM_FIELDS & first.keys())


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a dataset, one per line, streaming."""
    file = dataset_file(path)
    opener = gzip.open if file.name.endswith(".gz") else open
    with opener(file, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalDataError(f"{file}:{lineno}: not JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise EvalDataError(f"{file}:{lineno}: expected a JSON object")
            yield record


def resolve_member(path: Path, relative: str) -> Path:
    """Resolve a file that a dataset line points to (``html_file``), inside the dataset."""
    base = dataset_file(path).parent.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base):
        raise EvalDataError(f"{relative!r} points outside the dataset folder")
    return target
