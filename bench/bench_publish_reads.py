"""What a publish run with nothing new reads from the store: every story (before
migration 0022) against only what changed, on one store in one process, best of 5.

    .venv/bin/python bench/bench_publish_reads.py --stories 3000

The store is bench_publish.py's (NeuS stories, three outlets each), published once.
"Every story" is what run_publish read before: each written story's storyline
(``latest_stories``) and where each published page's story went (``resolve_story`` per
page). "What changed" is what it reads now: ``page_changes``, ``stories_to_publish`` and
the storylines of those. The rest of such a run renders listings from the site's manifest.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_publish import build_store

from newsdesk.pipeline import run_publish
from newsdesk.publish import SiteOptions


def best(work: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, ids = build_store(Path(tmp) / "bench.db", args.stories)
        options = SiteOptions(out_dir=Path(tmp) / "site", base_url="https://news.example.org/")
        run_publish(store, options)

        def every_story() -> object:
            written = {s.story_id: s.storyline_id for s in store.latest_stories(limit=2**31 - 1)}
            moved = {i for i in written if store.resolve_story(i) != i}
            return written, moved, store.stories_to_publish()

        def what_changed() -> object:
            changed, _ = store.page_changes()
            todo = set(store.stories_to_publish()) | changed
            lines = store.storylines_of(sorted(todo))
            return store.storyline_members([line for line in lines.values() if line])

        old, new = best(every_story), best(what_changed)
        began = time.perf_counter()
        run_publish(store, options)
        whole = time.perf_counter() - began
        store.close()
    print(f"{len(ids)} stories published, nothing new:")
    print(
        f"store reads: every story {old * 1000:.1f} ms, what changed {new * 1000:.2f} ms, "
        f"ratio {new / old:.4f}; the whole run {whole:.2f}s"
    )


if __name__ == "__main__":
    main()
