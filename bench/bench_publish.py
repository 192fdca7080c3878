"""Publish benchmark: a full site build of N stories, then an incremental one after some change.

Each figure is printed as a ratio to copying the same number of files of the same sizes
(shutil.copyfile from the site just built into a fresh folder), measured in the same run,
so the figures compare across machines.

    .venv/bin/python bench/bench_publish.py --stories 10000 --changed 100

Stories are made from real NeuS (AllSides) article clusters, reused round-robin, three
outlets per story, written into a SQLite store through the Store API.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.evaluate.data import iter_records
from newsdesk.models import (
    Article,
    Draft,
    RawDocument,
    Sentence,
    Source,
    SourceKind,
    StoryVersion,
    VerifyReport,
)
from newsdesk.pipeline import run_publish
from newsdesk.publish import SiteOptions
from newsdesk.store.sqlite import SQLiteStore

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
OUTLETS = ("Outlet A", "Outlet B", "Outlet C")
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def build_store(path: Path, stories: int) -> tuple[SQLiteStore, list[int]]:
    records = [
        r for r in iter_records(DATA / "neus-allsides" / "dev.jsonl.gz") if len(r["articles"]) == 3
    ]
    store = SQLiteStore(path)
    sources = [
        store.upsert_source(
            Source(url=f"https://{n[-1].lower()}.example/feed", kind=SourceKind.FEED, name=n)
        )
        for n in OUTLETS
    ]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    ids = []
    with store.transaction():
        for n in range(stories):
            record = records[n % len(records)]
            at = start + timedelta(minutes=40 * n)
            article_ids = []
            for i, article in enumerate(record["articles"]):
                url = f"https://{OUTLETS[i][-1].lower()}.example/{n}/{article['id']}"
                raw_id, _ = store.add_raw(
                    RawDocument(
                        key=url,
                        url=url,
                        final_url=url,
                        status=200,
                        headers={},
                        body=article["text"].encode(),
                        fetched_at=at,
                        source_id=sources[i],
                    )
                )
                article_ids.append(
                    store.save_article(
                        Article(
                            url=url,
                            title=article["title"],
                            paragraphs=(article["text"],),
                            published_at=at + timedelta(minutes=9 * i),
                            site_name=OUTLETS[i],
                            language="en",
                            raw_id=raw_id,
                            source_id=sources[i],
                        )
                    )
                )
            story_id = store.create_story(at)
            for article_id in article_ids:
                store.add_to_story(story_id, article_id, at)
            body = [
                Sentence(s, (aid,))
                for aid, a in zip(article_ids, record["articles"], strict=True)
                for s in _SPLIT.split(a["text"])[:3]
            ]
            draft = Draft(
                headline=record["articles"][0]["title"],
                summary=body[0],
                paragraphs=tuple(tuple(body[i : i + 2]) for i in range(1, len(body), 2)),
            )
            store.save_version(
                StoryVersion(
                    story_id,
                    1,
                    draft,
                    at + timedelta(hours=1),
                    tuple(article_ids),
                    report=VerifyReport(len(body), len(body)),
                ),
                None,
            )
            ids.append(story_id)
    return store, ids


def copy_files(files: list[Path], target: Path) -> float:
    """Seconds to copy ``files`` into ``target``, one by one."""
    target.mkdir()
    began = time.perf_counter()
    for i, file in enumerate(files):
        shutil.copyfile(file, target / f"{i}{file.suffix}")
    return time.perf_counter() - began


def changed_since(folder: Path, since_ns: int) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.stat().st_mtime_ns >= since_ns]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        store, ids = build_store(folder / "bench.db", args.stories)
        print(
            f"store with {len(ids)} stories built in {time.perf_counter() - began:.1f}s",
            file=sys.stderr,
        )
        options = SiteOptions(out_dir=folder / "site", base_url="https://news.example.org/")

        mark = time.time_ns()
        began = time.perf_counter()
        full = run_publish(store, options)
        full_s = time.perf_counter() - began
        full_files = changed_since(options.out_dir, mark)
        full_copy_s = copy_files(full_files, folder / "copy-full")

        now = datetime.now(UTC)
        with store.transaction():
            for story_id in ids[-args.changed :]:
                last = store.versions(story_id)[-1]
                draft = Draft(last.draft.headline, last.draft.summary, last.draft.paragraphs[:-1])
                store.save_version(
                    StoryVersion(
                        story_id,
                        last.version + 1,
                        draft,
                        now,
                        last.article_ids,
                        what_changed="bench rewrite",
                        report=last.report,
                    ),
                    None,
                )
        time.sleep(0.01)
        mark = time.time_ns()
        began = time.perf_counter()
        incremental = run_publish(store, options)
        incremental_s = time.perf_counter() - began
        inc_files = changed_since(options.out_dir, mark)
        inc_copy_s = copy_files(inc_files, folder / "copy-incremental")

        began = time.perf_counter()
        nothing = run_publish(store, options)
        nothing_s = time.perf_counter() - began
        store.close()

    print(f"stories: {args.stories}, changed: {args.changed}")
    print(
        f"full build:        {full.stories_published} stories, {full.pages_written} files, "
        f"{full_s:.2f}s; copying {len(full_files)} such files {full_copy_s:.3f}s; "
        f"ratio {full_s / full_copy_s:.1f}x"
    )
    print(
        f"incremental build: {incremental.stories_published} stories, "
        f"{incremental.pages_written} files written ({incremental.pages_unchanged} unchanged), "
        f"{incremental_s:.2f}s; copying {len(inc_files)} such files {inc_copy_s:.3f}s; "
        f"ratio {incremental_s / inc_copy_s:.1f}x"
    )
    print(f"incremental / full time: {incremental_s / full_s:.3f}")
    print(
        f"run with nothing new: {nothing.pages_written} files written, {nothing_s:.2f}s "
        f"({nothing_s / full_s:.3f} of the full build)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
