"""Offline sources: a folder of saved HTML pages and a JSONL dump (and, through
``warc``, WARC archives), read as streams.

Each file or line becomes one RawDocument, stored as it is; parsing waits for extract.
A JSONL line is kept as its own JSON bytes (content type application/json), so that the
extractor sees exactly what the dump held: url, title, html or text, date.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from newsdesk.errors import SourceError
from newsdesk.ingest.limits import BodyTooLarge
from newsdesk.ingest.warc import read_warc
from newsdesk.models import RawDocument, Rejected, Source, SourceKind

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
JSONL_REJECTIONS = ("bad_json", "no_url", "no_content", "too_large", "unreadable")
MAX_FILE_BYTES = 20_000_000


def _read_bytes(path: Path) -> bytes:
    if path.name.endswith(".gz"):
        with gzip.open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    else:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise BodyTooLarge(f"larger than {MAX_FILE_BYTES} bytes")
    return data


def _saved(
    key: str, url: str, body: bytes, fetched: datetime, content_type: str, source: Source
) -> RawDocument:
    """A document read from a saved copy: no redirect, no HTTP headers, status 200."""
    return RawDocument(
        key=key,
        url=url,
        final_url=url,
        status=200,
        headers={},
        body=body,
        fetched_at=fetched,
        content_type=content_type,
        source_id=source.id,
    )


def read_folder(source: Source) -> Iterator[RawDocument | tuple[str, Rejected]]:
    """Yield one RawDocument per saved HTML page in the folder (sorted, recursive).

    An unreadable file is yielded as (path, Rejected) so the run can count it and go on.
    """
    root = Path(source.url).expanduser()
    if not root.is_dir():
        raise SourceError(f"{root}: not a folder")
    for path in sorted(root.rglob("*")):
        if not path.is_file() or not path.name.lower().endswith(HTML_SUFFIXES):
            continue
        try:
            body = _read_bytes(path)
        except (OSError, BodyTooLarge, EOFError, zlib.error) as exc:
            yield str(path), Rejected("unreadable", f"{path.name}: {exc}")
            continue
        stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        uri = path.resolve().as_uri()
        yield _saved(uri, uri, body, stamp, "text/html", source)


class _LineReader(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


def _lines(fh: _LineReader, limit: int) -> Iterator[bytes | None]:
    """The file's lines; None in place of a line longer than ``limit``, never held whole."""
    while line := fh.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := fh.readline(limit + 1)) and not rest.endswith(b"\n"):
            pass
        yield None


def _jsonl_record(line: bytes, source: Source, fetched: datetime) -> RawDocument | Rejected:
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            return Rejected("bad_json", "not an object")
        url = record.get("url")
        if not isinstance(url, str) or not url:
            return Rejected("no_url", "each line needs a url")
        if not isinstance(record.get("html") or record.get("text"), str):
            return Rejected("no_content", "each line needs html or text")
        body = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
    except (ValueError, RecursionError) as exc:  # JSON, Unicode, nesting too deep to read
        return Rejected("bad_json", f"{type(exc).__name__}: {exc}"[:200])
    return _saved(str(record.get("guid") or url), url, body, fetched, "application/json", source)


def read_jsonl(source: Source) -> Iterator[RawDocument | tuple[str, Rejected]]:
    """Yield one RawDocument per line of a JSONL dump (optionally gzipped).

    Each line needs a ``url`` and either ``html`` or ``text``; ``title``, ``date``,
    ``authors``, ``site_name`` and ``summary`` are optional. A bad line (not JSON, nested
    too deep, longer than MAX_FILE_BYTES) is yielded as (where, Rejected) and the rest
    of the file is still read.
    """
    path = Path(source.url).expanduser()
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    opener = gzip.open if path.name.endswith(".gz") else open
    fetched = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    try:
        with opener(path, "rb") as fh:
            for lineno, line in enumerate(_lines(fh, MAX_FILE_BYTES), 1):
                where = f"{path.name}:{lineno}"
                if line is None:
                    yield where, Rejected("too_large", f"line over {MAX_FILE_BYTES} bytes")
                    continue
                if not line.strip():
                    continue
                item = _jsonl_record(line, source, fetched)
                yield (where, item) if isinstance(item, Rejected) else item
    except (OSError, EOFError, zlib.error) as exc:
        yield str(path), Rejected("unreadable", str(exc)[:200])


def read_local(source: Source) -> Iterator[RawDocument | tuple[str, Rejected]]:
    """Read an offline source by its kind."""
    if source.kind is SourceKind.FOLDER:
        return read_folder(source)
    if source.kind is SourceKind.JSONL:
        return read_jsonl(source)
    if source.kind is SourceKind.WARC:
        return read_warc(source)
    raise SourceError(f"{source.url}: {source.kind.value} is not an offline source kind")
