"""Store lookups in hot paths: one query per item against one query per batch.

The cluster stage asks which pending articles are copies and which story each copy's
original is in; publishing asks where each shown page's story went (merges); ingest asks
which feed items are stored already. Each lookup is timed both ways on the same store in
the same process, best of ``--repeat``, and printed as batched time / per-item time.

    .venv/bin/python bench/bench_store_batches.py --articles 20000 --feed-items 5000
    .venv/bin/python bench/bench_store_batches.py --url postgresql://...   # the other engine
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.models import Article, RawDocument
from newsdesk.store import open_store
from newsdesk.store.base import Store

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def fill(store: Store, articles: int) -> tuple[list[int], list[int]]:
    """``articles`` articles, every fifth a copy of the one before it, in stories of
    about four; every seventh story merged into the one before. Returns (article ids,
    story ids)."""
    ids: list[int] = []
    stories: list[int] = []
    with store.transaction():
        for n in range(articles):
            url = f"https://outlet{n % 7}.example/{n}"
            at = T0 + timedelta(minutes=n)
            raw_id, _ = store.add_raw(
                RawDocument(
                    key=url,
                    url=url,
                    final_url=url,
                    status=200,
                    headers={},
                    body=b"x",
                    fetched_at=at,
                )
            )
            aid = store.save_article(
                Article(
                    url=url, title=f"T{n}", paragraphs=("One.",), published_at=at, raw_id=raw_id
                )
            )
            ids.append(aid)
            store.mark_duplicate(aid, ids[-2] if n % 5 == 4 else None)
            if n % 4 == 0:
                stories.append(store.create_story(at))
            store.add_to_story(stories[-1], aid, at)
        for i in range(7, len(stories), 7):
            store.merge_stories(stories[i - 1], [stories[i]], T0)
    return ids, stories


def best(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--feed-items", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", default="", help="a PostgreSQL URL (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(args.url or str(Path(tmp) / "bench.db"))
        ids, stories = fill(store, args.articles)
        copies = [i for i in ids if store.duplicate_of(i) is not None]
        originals = [d for i in copies if (d := store.duplicate_of(i)) is not None]
        keys = [f"https://outlet{n % 7}.example/{n}" for n in range(0, 2 * args.feed_items, 2)]
        pairs: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
            (
                "duplicate_of per pending article",
                lambda: {i: store.duplicate_of(i) for i in ids},
                lambda: store.duplicates_of(ids),
            ),
            (
                "story_of per copy's original",
                lambda: {i: store.story_of(i) for i in originals},
                lambda: store.stories_of(originals),
            ),
            (
                "resolve_story per shown page",
                lambda: {s: store.resolve_story(s) for s in stories},
                lambda: store.resolve_stories(stories),
            ),
            (
                "has_raw per feed item",
                lambda: {k for k in keys if store.has_raw(k)},
                lambda: store.known_raw(keys),
            ),
        ]
        print(f"{store.engine}: {len(ids)} articles, {len(stories)} stories, {len(keys)} items")
        for name, one_by_one, batched in pairs:
            old, old_answer = best(args.repeat, one_by_one)
            new, new_answer = best(args.repeat, batched)
            if isinstance(old_answer, dict):
                old_answer = {k: v for k, v in old_answer.items() if v is not None}
            assert old_answer == new_answer, name
            print(
                f"{name:36} per item {old * 1000:8.1f} ms  batched {new * 1000:7.1f} ms  "
                f"ratio {new / old:.3f}"
            )
        store.close()


if __name__ == "__main__":
    main()
