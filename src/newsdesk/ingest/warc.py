"""WARC archives (WARC and WARC.gz, as in news crawls such as CC-NEWS), read as a stream.

Only ``response`` records of HTML content become RawDocuments; requests, metadata and
non-HTML responses are passed over. A record that cannot be read is yielded as
(where, Rejected) and the rest of the archive is still read; a file that breaks off
mid-way ends the stream with one Rejected for the break.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from newsdesk.errors import SourceError
from newsdesk.models import RawDocument, Rejected, Source

MAX_RECORD_BYTES = 20_000_000
WARC_REJECTIONS = ("bad_record", "too_large", "unreadable")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def _warc_date(value: str | None) -> datetime:
    if value:
        try:
            stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.now(UTC)


def _record(record: object, source: Source, where: str) -> RawDocument | Rejected | None:
    """One WARC record as a RawDocument; None when it is not an HTML response."""
    if getattr(record, "format", "warc") != "warc":
        # warcio reads bytes that are no WARC at all as an ARC record.
        return Rejected("bad_record", f"{where}: not a WARC record")
    if getattr(record, "rec_type", "") != "response":
        return None
    http = getattr(record, "http_headers", None)
    if http is None:
        return None
    content_type = str(http.get_header("Content-Type") or "")
    if content_type.lower().split(";")[0].strip() not in HTML_TYPES:
        return None
    headers_in = record.rec_headers  # type: ignore[attr-defined]
    url = str(headers_in.get_header("WARC-Target-URI") or "").strip("<> ")
    if not url:
        return Rejected("bad_record", f"{where}: response without WARC-Target-URI")
    try:
        status = int(str(http.get_statuscode() or "0"))
    except ValueError:
        status = 0
    body = record.content_stream().read(MAX_RECORD_BYTES + 1)  # type: ignore[attr-defined]
    if len(body) > MAX_RECORD_BYTES:
        return Rejected("too_large", f"{where}: {url} over {MAX_RECORD_BYTES} bytes")
    return RawDocument(
        key=url,
        url=url,
        final_url=url,
        status=status,
        headers={str(k).lower(): str(v) for k, v in http.headers},
        body=body,
        fetched_at=_warc_date(headers_in.get_header("WARC-Date")),
        content_type=content_type,
        source_id=source.id,
    )


def read_warc(source: Source) -> Iterator[RawDocument | tuple[str, Rejected]]:
    """Yield one RawDocument per HTML response record of a WARC or WARC.gz file.

    Args:
        source: a source of kind ``warc`` whose ``url`` is the file's path.

    Yields:
        RawDocuments in file order, or (where, Rejected) for a record that cannot be read.

    Raises:
        SourceError: the file does not exist (raised on the first ``next``).
    """
    path = Path(source.url).expanduser()
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    number = 0
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for number, record in enumerate(records, 1):
                where = f"{path.name}#{number}"
                try:
                    item = _record(record, source, where)
                except Exception as exc:  # warcio has no error contract: one record, one reason
                    yield where, Rejected("bad_record", f"{type(exc).__name__}: {exc}"[:200])
                    continue
                if isinstance(item, Rejected):
                    yield where, item
                elif item is not None:
                    yield item
    except Exception as exc:  # ArchiveLoadFailed, and AttributeError on a cut header
        yield (
            f"{path.name}#{number + 1}",
            Rejected("unreadable", f"{type(exc).__name__}: {exc}"[:200]),
        )
        return
    if number == 0 and path.stat().st_size > 0:
        # warcio passes over bytes that are not WARC at all without a word.
        yield f"{path.name}#1", Rejected("unreadable", "no WARC record in the file")
