"""`newsdesk eval extract`: run the extract stage over a benchmark and score it.

The dataset is recognised by the fields of its records:

* ``article_body`` -> article-extraction-benchmark (4-token shingle F1),
* ``main_content`` -> wcxb-articles (word F1, page mean; title/author/date accuracy),
* ``with`` and ``without`` -> trafilatura-eval (segment F-score, micro; metadata where
  the page has gold).

Gold fields are read only to score; extraction sees the page bytes and its URL.
"""

from __future__ import annotations

import ast
import gzip
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import trafilatura

from newsdesk.errors import EvalDataError
from newsdesk.evaluate.data import dataset_file, iter_records, resolve_member
from newsdesk.evaluate.extraction_metrics import MetaCounts, SegmentCounts, score_aeb, score_wcxb
from newsdesk.extract import ExtractOptions, extract
from newsdesk.models import Article, RawDocument

__all__ = ["Prediction", "detect_dataset", "run_extraction_eval", "score_predictions"]

# Benchmarks hold article pages only: score the text even of a page we would reject.
EVAL_OPTIONS = ExtractOptions(min_words=0, reject_non_articles=False)


@dataclass(frozen=True, slots=True)
class Prediction:
    """What a system extracted from one page."""

    id: str  # the record's
    text: str  # the body
    title: str = ""  # the metadata it found, "" where none: the headline,
    author: str = ""  # the authors (joined with "; "),
    date: str = ""  # the publication day, YYYY-MM-DD


def detect_dataset(record: dict[str, Any]) -> str:
    """Name the benchmark a record belongs to, from its fields.

    Args:
        record: one dataset line.

    Returns:
        "aeb", "wcxb" or "trafilatura-eval".

    Raises:
        EvalDataError: when the fields fit none of them.
    """
    if "article_body" in record:
        return "aeb"
    if "main_content" in record:
        return "wcxb"
    if "with" in record and "without" in record:
        return "trafilatura-eval"
    raise EvalDataError(
        "not an extraction dataset: records need article_body, main_content or with/without"
    )


def _segments(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str) and value.startswith("["):
        parsed = ast.literal_eval(value)
        return [str(v) for v in parsed]
    return [str(value)] if value else []


def _gold_meta(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": record.get("title"),
        "author": record.get("author"),
        "date": record.get("publish_date") or record.get("date"),
    }


def score_predictions(
    records: list[dict[str, Any]], predictions: dict[str, Prediction]
) -> dict[str, Any]:
    """Score predictions against a dataset with that dataset's own metric.

    Args:
        records: the dataset lines (all of one dataset).
        predictions: by record id; a missing id scores as an empty extraction.

    Returns:
        ``dataset``, ``items``, ``precision``, ``recall``, ``f1``, ``accuracy`` where
        defined, and ``title_accuracy``/``author_accuracy``/``date_accuracy`` where the
        dataset has gold metadata.
    """
    if not records:
        return {"dataset": "", "items": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    kind = detect_dataset(records[0])
    empty = Prediction(id="", text="")

    def pred(r: dict[str, Any]) -> Prediction:
        return predictions.get(str(r["id"]), empty)

    result: dict[str, Any] = {"dataset": kind}
    if kind == "aeb":
        result.update(score_aeb((str(r["article_body"]), pred(r).text) for r in records))
        return result
    meta = MetaCounts()
    for r in records:
        p = pred(r)
        meta.add(_gold_meta(r), {"title": p.title, "author": p.author, "date": p.date})
    if kind == "wcxb":
        result.update(score_wcxb((str(r["main_content"]), pred(r).text) for r in records))
    else:
        counts = SegmentCounts()
        for r in records:
            counts.add(pred(r).text, _segments(r["with"]), _segments(r["without"]))
        result["items"] = len(records)
        result.update(counts.scores())
    result.update(meta.scores())
    return result


def _page_url(record: dict[str, Any]) -> str:
    url = str(record.get("url") or "")
    return url if url.startswith(("http://", "https://")) else ""


def predict_newsdesk(record: dict[str, Any], html: bytes) -> Prediction:
    """Our extract stage on one page."""
    url = _page_url(record)
    raw = RawDocument(
        key=str(record["id"]),
        url=url,
        final_url=url,
        status=200,
        headers={},
        body=html,
        fetched_at=datetime.now(UTC),
        content_type="text/html",
    )
    result = extract(raw, EVAL_OPTIONS)
    if not isinstance(result, Article):
        return Prediction(id=str(record["id"]), text="")
    return Prediction(
        id=str(record["id"]),
        text=result.text,
        title=result.title,
        author="; ".join(result.authors),
        date=result.published_at.date().isoformat() if result.published_at else "",
    )


def predict_trafilatura(record: dict[str, Any], html: bytes) -> Prediction:
    """Plain trafilatura, as the dataset READMEs ran it (comments kept except on
    trafilatura-eval), with its own metadata."""
    comments = detect_dataset(record) != "trafilatura-eval"
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=comments,
        include_tables=True,
        include_formatting=False,
    )
    if doc is None or isinstance(doc, dict):
        return Prediction(id=str(record["id"]), text="")
    text = str(doc.text or "")
    if comments and doc.comments:
        text = f"{text}\n{doc.comments}"
    return Prediction(
        id=str(record["id"]),
        text=text,
        title=str(doc.title or ""),
        author=str(doc.author or ""),
        date=str(doc.date or "")[:10],
    )


SYSTEMS: dict[str, Callable[[dict[str, Any], bytes], Prediction]] = {
    "newsdesk": predict_newsdesk,
    "trafilatura": predict_trafilatura,
}


def _dataset(data: Path) -> Path:
    """The dataset file: ``dataset_file``'s choice, or, where a folder holds several
    ``*.jsonl.gz`` (wcxb ships its original ground truth beside), the one whose records
    point at pages."""
    try:
        return dataset_file(data)
    except EvalDataError:
        if not data.is_dir():
            raise
        found = [
            f for f in sorted(data.glob("*.jsonl.gz")) if "html_file" in next(iter_records(f), {})
        ]
        if len(found) != 1:
            raise
        return found[0]


def _pages(data: Path, limit: int | None) -> Iterator[tuple[dict[str, Any], bytes]]:
    data = _dataset(data)
    for n, record in enumerate(iter_records(data)):
        if limit is not None and n >= limit:
            return
        if "html_file" not in record or "id" not in record:
            raise EvalDataError("extraction records need id and html_file")
        path = resolve_member(data, str(record["html_file"]))
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise EvalDataError(f"cannot read {path}: {exc}") from exc
        yield record, gzip.decompress(raw) if path.name.endswith(".gz") else raw


def run_extraction_eval(
    data: Path,
    out: Path | None = None,
    limit: int | None = None,
    system: str = "newsdesk",
) -> dict[str, Any]:
    """Extract every page of a benchmark and score it with the benchmark's metric.

    Args:
        data: a dataset folder (one ``*.jsonl.gz``) or that file.
        out: when given, one JSON line per page: ``id``, ``text``, ``title``, ``author``,
            ``date``.
        limit: score only the first ``limit`` pages.
        system: "newsdesk" (the extract stage) or "trafilatura" (plain, for comparison).

    Returns:
        The scores (fractions in [0, 1]) plus ``items_per_second`` of extraction.
    """
    predict = SYSTEMS[system]
    records: list[dict[str, Any]] = []
    predictions: dict[str, Prediction] = {}
    spent = 0.0
    fh = out.open("w", encoding="utf-8") if out else None
    try:
        for record, html in _pages(data, limit):
            start = time.perf_counter()
            pred = predict(record, html)
            spent += time.perf_counter() - start
            records.append(record)
            predictions[pred.id] = pred
            if fh:
                line = {
                    "id": pred.id,
                    "text": pred.text,
                    "title": pred.title,
                    "author": pred.author,
                    "date": pred.date,
                }
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if fh:
            fh.close()
    result = score_predictions(records, predictions)
    result["system"] = system
    result["items_per_second"] = len(records) / spent if spent > 0 else 0.0
    return result
