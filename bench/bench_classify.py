"""What the article-kind classifier costs per article, rule by rule, against a baseline.

Usage:
    .venv/bin/python bench/bench_classify.py            # the AllSides stream's dev articles

Each rule of ``newsdesk.classify.kind`` (URL, title marker, byline, the text's voice
cues, the learnt voice model) and the whole classifier (``classify_article``) run over
the same articles; the baseline, measured in the same process, is one pass of
``str.lower`` over each
article's title and text (reading the text at all). Printed: microseconds per article
and the ratio to the baseline. Issue 20's budget is under 1 ms per article.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

from newsdesk.classify.kind import (
    classify_article,
    kind_from_byline,
    kind_from_title,
    kind_from_url,
    voice_cues,
)
from newsdesk.classify.voice import voice_model
from newsdesk.models import Article

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides-stream"


def _time(run: Callable[[Article], object], articles: list[Article], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for article in articles:
            run(article)
    return (time.perf_counter() - start) / rounds / len(articles) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with gzip.open(args.data / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    articles = [
        Article(url=r["url"], title=r["title"], paragraphs=tuple(r["text"].split("\n")))
        for r in rows
    ]
    rules: dict[str, Callable[[Article], object]] = {
        "baseline (lower-case the text)": lambda a: (a.title + a.text).lower(),
        "url": lambda a: kind_from_url(a.url),
        "title marker": lambda a: kind_from_title(a.title),
        "byline": lambda a: kind_from_byline(", ".join(a.authors)),
        "text voice model": lambda a: voice_model().is_view(a.title, a.text),
        "text voice cues": lambda a: voice_cues(a.title, a.text),
        "classify_article (all)": classify_article,
    }
    base = 0.0
    print(f"{len(articles)} articles, {args.rounds} rounds")
    for name, rule in rules.items():
        micro = _time(rule, articles, args.rounds)
        base = base or micro
        print(f"{name:32} {micro:8.1f} us/article  x{micro / base:6.1f}")


if __name__ == "__main__":
    main()
