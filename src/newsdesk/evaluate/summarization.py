"""`newsdesk eval summarize`: the writer on NeuS (neus-allsides) story clusters.

Each item's articles go through the real writer and verifier. Headline + " " + summary
is scored against the reference title + " " + summary with rouge-score (F1, Porter
stemmer, x100), as the data README describes; the headline alone is scored against the
reference title. References are read only for scoring.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from newsdesk.errors import EvalDataError
from newsdesk.evaluate.data import iter_records
from newsdesk.models import Article
from newsdesk.verify import write_verified
from newsdesk.write.base import Writer
from newsdesk.write.extractive import ExtractiveWriter


def _articles(record: dict[str, Any]) -> list[Article]:
    articles = []
    for n, item in enumerate(record.get("articles", []), 1):
        text = str(item.get("text") or "")
        articles.append(
            Article(
                url=f"urn:newsdesk-eval:{item.get('id', n)}",
                title=str(item.get("title") or ""),
                paragraphs=(text,) if text else (),
                site_name=f"outlet {n}",
                id=n,
            )
        )
    return articles


def run_summarize_eval(
    data: Path, out: Path | None = None, limit: int | None = None, writer: Writer | None = None
) -> dict[str, Any]:
    """Score the writer on a NeuS-format dataset; see the module docstring."""
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:  # an optional extra
        raise EvalDataError(
            "eval summarize needs rouge-score: pip install 'newsdesk[eval]'"
        ) from exc
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    default = ExtractiveWriter()
    writer = writer or default
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0, "headline_rougeL": 0.0}
    items = words = unsupported = fell_back = 0
    started = time.perf_counter()
    sink = out.open("w", encoding="utf-8") if out else None
    try:
        for record in iter_records(data):
            if limit is not None and items >= limit:
                break
            reference = record.get("reference")
            if not isinstance(reference, dict) or "articles" not in record:
                raise EvalDataError(f"{data}: not a NeuS-format dataset (articles + reference)")
            articles = _articles(record)
            draft, report = write_verified(articles, writer, default)
            unsupported += len(report.dropped)
            fell_back += report.fell_back
            prediction = f"{draft.headline} {draft.summary.text}"
            target = f"{reference.get('title', '')} {reference.get('summary', '')}"
            scores = scorer.score(target, prediction)
            for key in ("rouge1", "rouge2", "rougeL"):
                totals[key] += scores[key].fmeasure
            headline = scorer.score(str(reference.get("title", "")), draft.headline)
            totals["headline_rougeL"] += headline["rougeL"].fmeasure
            words += len(prediction.split())
            items += 1
            if sink:
                sink.write(
                    json.dumps(
                        {
                            "id": record.get("id"),
                            "headline": draft.headline,
                            "summary": draft.summary.text,
                            "body": "\n\n".join(
                                " ".join(s.text for s in p) for p in draft.paragraphs
                            ),
                            "sentences": [
                                {"text": s.text, "sources": list(s.sources)}
                                for s in draft.sentences()
                            ],
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    finally:
        if sink:
            sink.close()
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {"items": items}
    for key, value in totals.items():
        result[key] = round(100 * value / items, 2) if items else 0.0
    result.update(
        mean_words=round(words / items, 1) if items else 0.0,
        unsupported_claims=unsupported,
        fell_back=fell_back,
        items_per_second=round(items / elapsed, 1) if elapsed else 0.0,
    )
    return result
