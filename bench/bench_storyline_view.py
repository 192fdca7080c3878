"""Storyline linking in the cluster stage: the kept view against reloading per batch.

The AllSides dev stream (739 articles, about two months) goes through the cluster stage
twice, on two stores filled alike, in one process: once as the stage does it (the stories
storyline linking compares read once a run and kept up to date), once with the old
linking that read them again from the store at every batch (every story with an article
in the last 14 days, and each touched story's row). Both must link the same stories; the
time spent linking is printed for each, and their ratio (kept / reloaded).

    .venv/bin/python bench/bench_storyline_view.py --batch 50
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsdesk import pipeline
from newsdesk.cluster import ClusterOptions
from newsdesk.cluster.storylines import link_new
from newsdesk.evaluate.clustering import record_to_article
from newsdesk.models import Article, RawDocument, RunReport
from newsdesk.pipeline import clustering
from newsdesk.store.base import Store
from newsdesk.store.sqlite import SQLiteStore

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
T0 = datetime(2021, 1, 1, tzinfo=UTC)


def reloading_link(
    store: Store, view: Any, touched: set[int], batch: list[Article], now: datetime
) -> int:
    """The linking before the view: the stories in view read again at every batch."""
    gap = timedelta(days=clustering.STORYLINES.max_gap_days)
    since = clustering._before(min(clustering.article_time(a, now) for a in batch), gap)
    lines = {sid: story.storyline_id for sid in touched if (story := store.story(sid))}
    stories = dict(store.open_stories(since))
    links = link_new(stories, lines, touched, now, clustering.STORYLINES, view.terms)
    for sid, earlier in links.items():
        store.join_storyline(sid, earlier, now)
    return len(links)


def clustered(folder: Path, articles: list[Article], link: Callable[..., int]) -> tuple[float, Any]:
    """Seconds spent linking, and each story's storyline by its articles' URLs."""
    store = SQLiteStore(folder / "store.db")
    run = RunReport(started_at=T0)
    for article in articles:
        raw = RawDocument(article.url, article.url, article.url, 200, {}, b"<p>x</p>", T0)
        raw_id, _ = store.add_raw(raw)
        store.save_article(replace(article, id=None, raw_id=raw_id))
    pipeline.run_dedupe(store, timedelta(days=7), run)
    spent = [0.0]

    def timed(*args: Any) -> int:
        began = time.perf_counter()
        try:
            return link(*args)
        finally:
            spent[0] += time.perf_counter() - began

    clustering._link_storylines = timed  # type: ignore[assignment]
    pipeline.run_cluster(store, ClusterOptions(), run)
    urls = {a.id: a.url for a in store.recent_articles(since=None)}
    stories = store.stories_of(list(urls))
    lines = store.storylines_of(sorted(set(stories.values())))
    members: dict[int, set[str]] = {}
    for aid, sid in stories.items():
        members.setdefault(sid, set()).add(urls[aid])
    linked = {
        frozenset(frozenset(members[s]) for s in members if lines.get(s) == line)
        for line in set(lines.values()) - {None}
    }
    store.close()
    return spent[0], linked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=50, help="articles per cluster batch")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    with gzip.open(args.data / "allsides-stream" / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    articles = [record_to_article(r, i + 1) for i, r in enumerate(records)]
    clustering._CLUSTER_BATCH = args.batch
    kept_link = clustering._link_storylines
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "old").mkdir()
        (Path(tmp) / "new").mkdir()
        old_s, old_lines = clustered(Path(tmp) / "old", articles, reloading_link)
        new_s, new_lines = clustered(Path(tmp) / "new", articles, kept_link)
    assert old_lines == new_lines, "the kept view linked other stories"
    print(f"{len(articles)} articles, batches of {args.batch}, {len(new_lines)} storylines")
    print(
        f"linking: reloaded per batch {old_s:.2f}s, kept view {new_s:.2f}s, "
        f"ratio {new_s / old_s:.3f}"
    )


if __name__ == "__main__":
    main()
