"""Speed of dedupe + online clustering, and how the cost per article grows with the store.

Usage:
    .venv/bin/python bench/bench_cluster.py                 # throughput + growth to 100k
    .venv/bin/python bench/bench_cluster.py --sizes 10000,100000,1000000   # about 30 min
    .venv/bin/python bench/bench_cluster.py --embeddings    # also with MiniLM (the extra)

Figures measured on the 2-core development machine are in docs/clustering.md.

Throughput: articles per second for ``Deduper`` + ``StoryClusterer`` (default options,
no embeddings) over the NeuS story-clustering and GoogleNews-STC dev files, in file
order, undated (the whole file is one open window: the worst case).

Growth: NeuS articles are replayed as a dated stream at ``--per-day`` articles a day;
each replay pass rewrites every word but the stop words with a pass-specific suffix, so
passes never repeat one another's text (or vocabulary) and dedupe cannot short-cut them. The cost
per article is timed (CPU time of this process, so that other work on a shared machine
does not blur it) over ``--slice`` articles when the store holds each size, and printed
as a ratio to the first size. The pipeline keeps only open stories (quiet
period) and a 7-day dedupe window, as here, so the cost follows the window, not the
archive.

With ``--embeddings``: throughput of the embeddings path (``with_embeddings()``: words
decide, the model settles what they leave open for dated articles), the model's
embedding of each article included, over the first ``--embed-items`` articles of each
file, beside the default path on the same articles; and the growth run again on that
path, each replayed article carrying its source article's vector (computed once, outside
the timing; ``--cache FILE`` reads them from ``tune_cluster.py``'s vector cache), so that
the ratio measures the dense index and scoring as the store grows, not the model's cost
per article, which is the same at any size.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.cluster import ClusterOptions, StoryClusterer
from newsdesk.dedupe import Deduper
from newsdesk.evaluate.clustering import cluster_stream, record_to_article
from newsdesk.models import Article
from newsdesk.text import TERM_STOP_WORDS

if TYPE_CHECKING:
    from newsdesk.embed import Vectors

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
T0 = datetime(2024, 1, 1, tzinfo=UTC)
_WORD = re.compile(r"[A-Za-z]{3,}")


def load(name: str, data: Path = DATA) -> list[Article]:
    with gzip.open(data / name / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [record_to_article(json.loads(line), i) for i, line in enumerate(fh)]


def throughput(
    articles: list[Article], options: ClusterOptions | None = None
) -> tuple[float, float]:
    """Articles per second of wall-clock time and of this process's CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    cluster_stream(articles, options)
    return len(articles) / (time.perf_counter() - wall), len(articles) / (time.process_time() - cpu)


def replay(base: list[Article], index: int, per_day: int) -> Article:
    """The ``index``-th article of the synthetic dated stream."""
    src = base[index % len(base)]
    epoch = index // len(base)

    def rename(m: re.Match[str]) -> str:
        word = m.group()
        # Stop words stay as they are: renamed, they would become content words that
        # every article shares, and later passes would cost more for that alone.
        return word if word.lower() in TERM_STOP_WORDS else f"{word}q{epoch}"

    def shift(text: str) -> str:
        return _WORD.sub(rename, text) if epoch else text

    when = T0 + timedelta(days=index / per_day)
    return Article(
        url=f"bench:{index}",
        title=shift(src.title),
        paragraphs=tuple(shift(p) for p in src.paragraphs),
        published_at=when,
        site_name=f"outlet{index % 50}",
        id=index,
    )


def growth(
    base: list[Article],
    sizes: list[int],
    per_day: int,
    slice_n: int,
    vectors: Vectors | None = None,
) -> list[float]:
    """Seconds per article (dedupe + cluster) timed when the store reaches each size.

    With ``vectors`` (one per ``base`` article) the embeddings path is used, each replayed
    article carrying its source's vector.
    """
    deduper = Deduper()
    options = ClusterOptions() if vectors is None else ClusterOptions.with_embeddings()
    clusterer = StoryClusterer(options)
    story_of: dict[int, int] = {}
    costs: list[float] = []
    next_story = 1
    done = 0
    for size in sizes:
        start_timing = max(size - slice_n, done)
        spent = 0.0
        timed = 0
        while done < size:
            batch = [replay(base, i, per_day) for i in range(done, min(done + 1000, size))]
            if vectors is not None:
                clusterer.prepare([], {a.id: vectors[a.id % len(base)] for a in batch if a.id})
            t = time.process_time()
            for a in batch:
                assert a.id is not None and a.published_at is not None
                deduper.evict_before(a.published_at - timedelta(days=7))
                original = deduper.check(a)
                if original is not None:
                    story_of[a.id] = story_of.get(original, 0)
                    continue
                deduper.add(a)
                decision = clusterer.assign(a)
                sid = decision.story_id
                if sid is None:
                    sid, next_story = next_story, next_story + 1
                clusterer.commit(a, sid, decision.merged)
                story_of[a.id] = sid
            elapsed = time.process_time() - t
            if done >= start_timing:
                spent += elapsed
                timed += len(batch)
            done += len(batch)
            story_of.clear()  # the store keeps these; the bench need not
        costs.append(spent / max(timed, 1))
        print(
            f"  store {size:>9,}: {1e6 * costs[-1]:7.1f} us/article (CPU), "
            f"{len(clusterer.open_story_ids()):,} open stories, {len(deduper):,} in dedupe",
            flush=True,
        )
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        default="10000,100000",
        help="store sizes to time at, comma-separated (e.g. 10000,100000,1000000)",
    )
    parser.add_argument("--per-day", type=int, default=2500, help="articles a day in the replay")
    parser.add_argument("--slice", type=int, default=5000, help="articles timed at each size")
    parser.add_argument(
        "--data",
        type=Path,
        default=DATA,
        help="folder holding neus-story-clustering/ and googlenews-stc/",
    )
    parser.add_argument(
        "--embeddings", action="store_true", help="also measure the embeddings (MiniLM) path"
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help="growth vectors from tune_cluster's cache"
    )
    parser.add_argument(
        "--embed-items", type=int, default=1000, help="articles per file for that throughput"
    )
    args = parser.parse_args()
    neus = load("neus-story-clustering", args.data)
    gnews = load("googlenews-stc", args.data)
    print("throughput, default features (no embeddings), dedupe + clustering:")
    for name, arts in (("neus-story-clustering", neus), ("googlenews-stc", gnews)):
        wall, cpu = throughput(arts)
        print(
            f"  {name}: {wall:,.0f} articles/s wall-clock, {cpu:,.0f} per CPU-second, "
            f"over {len(arts):,}"
        )
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"growth: replayed dated stream, {args.per_day:,} articles/day, "
        f"quiet period {ClusterOptions().quiet_hours:g} h, dedupe window 7 days"
    )
    costs = growth(neus, sizes, args.per_day, args.slice)
    for size, cost in zip(sizes, costs, strict=True):
        print(f"  cost at {size:,} / cost at {sizes[0]:,} = {cost / costs[0]:.2f} (target <= 1.5)")
    if not args.embeddings:
        return
    from newsdesk.embed import MiniLMEmbedder, article_text

    n = args.embed_items
    print(f"with embeddings (MiniLM, embedding included), first {n:,} articles of each file:")
    for name, arts in (("neus-story-clustering", neus), ("googlenews-stc", gnews)):
        plain, _ = throughput(arts[:n])
        wall, _ = throughput(arts[:n], ClusterOptions.with_embeddings())
        print(
            f"  {name}: {wall:,.1f} articles/s wall-clock; "
            f"default path {plain:,.0f}/s (time ratio {plain / wall:,.0f})"
        )
    texts = [article_text(a) for a in neus]
    if args.cache is not None:
        from tune_cluster import CachedEmbedder

        vectors = CachedEmbedder(args.cache).embed(texts)
    else:
        vectors = MiniLMEmbedder().embed(texts)
    print("growth on the embeddings path (vectors computed beforehand):")
    costs = growth(neus, sizes, args.per_day, args.slice, vectors)
    for size, cost in zip(sizes, costs, strict=True):
        print(f"  cost at {size:,} / cost at {sizes[0]:,} = {cost / costs[0]:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
