"""`newsdesk eval sections`: the section classifier against a stream's topic labels.

The AllSides stream labels each story with one of AllSides' topics ("Coronavirus",
"US House"); a mapping file (``topic<TAB>section`` lines, ``#`` comments) says which
section each topic belongs in. Each gold story (all its articles) is classified and
compared with its topic's section; a topic the mapping lacks is an error, not a guess.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newsdesk.classify.section import SECTIONS, classify_section
from newsdesk.errors import EvalDataError
from newsdesk.evaluate.clustering import record_to_article
from newsdesk.evaluate.data import iter_records


def read_topic_map(path: Path) -> dict[str, str]:
    """The topic -> section lines of a mapping file (a header line ``topic section``)."""
    mapping = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(("#", "topic\t")):
            continue
        topic, tab, section = line.partition("\t")
        if not tab or section not in SECTIONS:
            raise EvalDataError(
                f"{path}:{lineno}: expected 'topic<TAB>section', section one of "
                f"{', '.join(SECTIONS)}"
            )
        mapping[topic.strip()] = section.strip()
    return mapping


def run_section_eval(
    data: Path, mapping: Path, out: Path | None = None, limit: int | None = None
) -> dict[str, Any]:
    """Classify every story of the stream; accuracy overall and per section.

    Args:
        data: the stream (a folder holding its articles' ``*.jsonl.gz``, or that file).
        mapping: the topic -> section file.
        out: also write one JSON line per story (id, topic, expected, got) here.
        limit: only the first N stories.

    Returns:
        ``stories``, ``accuracy``, and per section its ``stories`` (gold), ``recall``
        (share of them classified there), ``precision`` and ``predicted`` counts.
    """
    sections = read_topic_map(mapping)
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in iter_records(data):
        grouped[str(record["cluster_id"])].append(record)
    rows = []
    for n, (cluster, records) in enumerate(grouped.items()):
        if limit is not None and n >= limit:
            break
        topic = str(records[0].get("topic", ""))
        if topic not in sections:
            raise EvalDataError(f"{mapping}: no section for the topic {topic!r} ({cluster})")
        got = classify_section([record_to_article(r, i) for i, r in enumerate(records, 1)])
        rows.append({"id": cluster, "topic": topic, "expected": sections[topic], "got": got})
    gold = Counter(r["expected"] for r in rows)
    predicted = Counter(r["got"] for r in rows)
    right = Counter(r["expected"] for r in rows if r["expected"] == r["got"])
    per_section = {
        s: {
            "stories": gold[s],
            "recall": round(right[s] / gold[s], 3) if gold[s] else None,
            "precision": round(right[s] / predicted[s], 3) if predicted[s] else None,
            "predicted": predicted[s],
        }
        for s in SECTIONS
    }
    if out is not None:
        with out.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {
        "stories": len(rows),
        "accuracy": round(sum(right.values()) / len(rows), 3) if rows else 0.0,
        "sections": per_section,
    }
