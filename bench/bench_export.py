"""Export benchmark: memory and time of `newsdesk export` at 10,000 and at 100,000 stories.

The figures are ratios measured in the same run: the peak resident memory of a process
exporting the large store over that of one exporting the small store (each a fresh
process, so SQLite's memory counts and the build's does not), and time per story
likewise. A streamed export keeps both near 1.0; one that held every record would take
about ten times the memory.

    .venv/bin/python bench/bench_export.py --small 10000 --large 100000 --format jsonl

Stories are made from the real NeuS (AllSides) clusters in tests/fixtures (two outlets per
story, round-robin), written into a SQLite store through the Store API; the large store is
the small one grown, so both exports read the same kind of rows.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.evaluate.data import iter_records
from newsdesk.export import export_stories
from newsdesk.models import (
    Article,
    Draft,
    Leaning,
    RawDocument,
    Sentence,
    Source,
    SourceKind,
    StoryVersion,
    VerifyReport,
)
from newsdesk.publish import SiteOptions
from newsdesk.store.sqlite import SQLiteStore

NEUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "datasets" / "neus-allsides"
OUTLETS = (("Outlet A", Leaning.LEFT), ("Outlet B", Leaning.CENTER))


def grow(store: SQLiteStore, start: int, stop: int, records: list[dict[str, object]]) -> None:
    """Add stories ``start`` to ``stop`` (exclusive), each with two articles and a version."""
    sources = [
        store.upsert_source(
            Source(f"https://{name[-1].lower()}.example/feed", SourceKind.FEED, name, leaning=lean)
        )
        for name, lean in OUTLETS
    ]
    begin = datetime(2026, 1, 1, tzinfo=UTC)
    with store.transaction():
        for n in range(start, stop):
            record = records[n % len(records)]
            articles = record["articles"]
            assert isinstance(articles, list)
            at = begin + timedelta(minutes=n)
            ids = []
            for i, article in enumerate(articles[:2]):
                url = f"https://{OUTLETS[i][0][-1].lower()}.example/{n}"
                raw_id, _ = store.add_raw(
                    RawDocument(url, url, url, 200, {}, b"", at, source_id=sources[i])
                )
                ids.append(
                    store.save_article(
                        Article(
                            url=url,
                            title=str(article["title"]),
                            paragraphs=(str(article["text"])[:1500],),
                            published_at=at,
                            site_name=OUTLETS[i][0],
                            raw_id=raw_id,
                            source_id=sources[i],
                        )
                    )
                )
            story_id = store.create_story(at)
            for article_id in ids:
                store.add_to_story(story_id, article_id, at)
            texts = [str(a["text"]).split(". ") for a in articles[:2]]
            summary = Sentence(texts[0][0] + ".", (ids[0],))
            body = tuple(
                (Sentence(t[1] + ".", (i,)),)
                for t, i in zip(texts, ids, strict=False)
                if len(t) > 1
            )
            draft = Draft(str(articles[0]["title"]), summary, body)
            report = VerifyReport(checked_claims=3, supported_claims=3)
            store.save_version(StoryVersion(story_id, 1, draft, at, tuple(ids), "", report), None)


def measure(db: Path, fmt: str) -> dict[str, float]:
    """Export ``db`` to /dev/null in this process; its count, seconds and peak memory.

    Run in a fresh process per store (``--measure``), so that the peak resident size
    (ru_maxrss, SQLite's own memory included) is the export's, not the build's.
    """
    store = SQLiteStore(db)
    site = SiteOptions(out_dir=db.parent / "site", base_url="https://news.example.org/")
    opened = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        real = sys.stdout
        sys.stdout = sink
        try:
            count = export_stories(store, site, fmt=fmt)
        finally:
            sys.stdout = real
    seconds = time.perf_counter() - started
    store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"count": count, "seconds": seconds, "opened_kib": opened, "peak_kib": peak}


def in_fresh_process(db: Path, fmt: str) -> dict[str, float]:
    found = subprocess.run(
        [sys.executable, __file__, "--measure", str(db), "--format", fmt],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(found.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--format", default="jsonl", choices=("jsonl", "csv"))
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.format)))
        return 0
    records = [r for r in iter_records(NEUS) if len(r["articles"]) >= 2]
    with tempfile.TemporaryDirectory() as folder:
        small_db, large_db = Path(folder) / "small.db", Path(folder) / "large.db"
        store = SQLiteStore(small_db)
        built = time.perf_counter()
        grow(store, 0, args.small, records)
        store.close()
        shutil.copyfile(small_db, large_db)
        store = SQLiteStore(large_db)
        grow(store, args.small, args.large, records)
        store.close()
        print(f"built both stores in {time.perf_counter() - built:.0f}s", file=sys.stderr)
        small = in_fresh_process(small_db, args.format)
        large = in_fresh_process(large_db, args.format)
    for label, got in (("small", small), ("large", large)):
        print(
            f"{label}: {got['count']:.0f} stories, {got['seconds']:.1f}s "
            f"({1e6 * got['seconds'] / got['count']:.0f} µs/story), peak resident "
            f"{got['peak_kib'] / 1024:.1f} MiB ({got['opened_kib'] / 1024:.1f} MiB before)"
        )
    memory = large["peak_kib"] / small["peak_kib"]
    added = (large["peak_kib"] - large["opened_kib"]) / (small["peak_kib"] - small["opened_kib"])
    per_story = (large["seconds"] / large["count"]) / (small["seconds"] / small["count"])
    print(f"peak memory, {args.large} vs {args.small} stories: {memory:.2f}x")
    print(f"memory the export added, {args.large} vs {args.small} stories: {added:.2f}x")
    print(f"time per story, {args.large} vs {args.small} stories: {per_story:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
