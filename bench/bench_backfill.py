"""Backfill on the local engine versus the plain single-process stages, same archive, same run.

The archive is grown from real data by replaying it under new URLs: JSONL records whose
text joins two or three real NeuS article leads (seeded choice, so most records are
distinct), a share of real HTML pages from the extraction benchmarks, and a share of
re-posts (exact copies) and updated copies (near copies) of earlier records, as
syndication produces. Both modes start from an empty SQLite store and run ingest, extract
and dedupe; each runs in its own child process so that its peak memory is its own.

Peak memory is sampled every 0.2 s as the summed RSS of the child and all of its
descendants (Ray's raylet, GCS and workers included), read from /proc (Linux only).

    .venv/bin/python bench/bench_backfill.py --count 100000

Measured on a 2-core VM shared with other jobs (load average 3 to 5 throughout; Ray
runs its workers at nice 15, below the other jobs), defaults (batch 256, chunk 5000):

    count    single-process          backfill, local Ray       ratio
    20,000   245 s, 777 MiB peak     142 s, 3,067 MiB peak     1.73
    100,000  1,443 s, 2,052 MiB      646 s, 4,874 MiB          2.23

At 100,000, 6 documents had another outcome than in the single process (3 articles and
3 same-URL checks fewer; duplicates equal). The likely cause, not yet shown by two
single-process runs: past 3,000 lines per outlet, ``OutletBoilerplate`` forgets lines
among equal counts in set order, which varies with Python's hash seed per process.
At 20,000 (no outlet past 3,000 lines) the counts were identical.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
HTML_DIRS = [DATA / "article-extraction-benchmark" / "html", DATA / "wcxb-articles" / "html"]
NEUS = DATA / "neus-allsides" / "dev.jsonl.gz"


def build_archive(path: Path, count: int, html_share: float, copy_share: float, seed: int) -> None:
    """Write ``count`` JSONL records grown from the real datasets to ``path``."""
    from newsdesk.evaluate.data import iter_records

    rng = random.Random(seed)
    leads = [
        (a["title"], a["text"])
        for item in iter_records(NEUS)
        for a in item["articles"]
        if a["text"].strip()
    ]
    pages = sorted(p for d in HTML_DIRS for p in d.glob("*.html.gz"))
    written: list[dict[str, Any]] = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            roll = rng.random()
            if written and roll < copy_share:
                earlier = rng.choice(written)
                record = {**earlier, "url": f"https://repost.example/{i}"}
                if rng.random() < 0.5 and "text" in record:
                    record["text"] += "\nThis story has been updated."
            elif roll < copy_share + html_share:
                page = pages[rng.randrange(len(pages))]
                html = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
                record = {"url": f"https://archive.example/page/{i}", "html": html}
            else:
                parts = rng.sample(leads, rng.choice((2, 3)))
                record = {
                    "url": f"https://archive.example/text/{i}",
                    "title": parts[0][0],
                    "text": "\n".join(f"{t}. {x}" for t, x in parts),
                    "site_name": f"Outlet {rng.randrange(40)}",
                }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            if "html" not in record and len(written) < 20_000:
                written.append(record)


def run_single(archive: Path, db: Path) -> dict[str, Any]:
    """The pipeline's own stages, one process: ingest.collect, run_extract, run_dedupe."""
    from datetime import UTC, datetime, timedelta

    from newsdesk import ingest
    from newsdesk.backfill import archive_sources
    from newsdesk.extract import ExtractOptions
    from newsdesk.models import RunReport, Source
    from newsdesk.pipeline import run_dedupe, run_extract, timed
    from newsdesk.store import SQLiteStore

    store = SQLiteStore(db)
    report = RunReport(started_at=datetime.now(UTC))
    store.start_run(report)
    start = time.perf_counter()
    sources = [
        Source(url=s.url, kind=s.kind, name=s.name, id=store.upsert_source(s))
        for s in archive_sources([archive])
    ]
    with timed(report, "ingest"):
        ingest.collect(sources, store, report)
    with timed(report, "extract"):
        run_extract(store, ExtractOptions(), report)
    with timed(report, "dedupe"):
        run_dedupe(store, timedelta(days=7), report)
    seconds = time.perf_counter() - start
    store.close()
    return {
        "seconds": seconds,
        "counts": report.counts,
        "errors": report.errors,
        "timings": report.timings,
    }


def run_backfill(
    archive: Path, db: Path, cpus: int | None, batch: int, chunk: int
) -> dict[str, Any]:
    """``backfill`` on a local Ray started by the call itself (its start-up is counted)."""
    from newsdesk.backfill import BackfillOptions, backfill
    from newsdesk.extract import ExtractOptions
    from newsdesk.store import SQLiteStore

    store = SQLiteStore(db)
    start = time.perf_counter()
    report = backfill(
        [archive],
        store,
        BackfillOptions(
            extract=ExtractOptions(), num_cpus=cpus, batch_size=batch, chunk_size=chunk
        ),
    )
    seconds = time.perf_counter() - start
    store.close()
    return {
        "seconds": seconds,
        "counts": report.counts,
        "errors": report.errors,
        "timings": report.timings,
    }


def _tree_rss(root: int) -> int:
    """Summed RSS in bytes of ``root`` and all of its descendants, from /proc."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, ppid in parent.items():
            if ppid == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def measure(argv: list[str]) -> tuple[dict[str, Any], int]:
    """Run this script in a child with ``argv``; return its JSON answer and peak tree RSS."""
    proc = subprocess.Popen([sys.executable, __file__, *argv], stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"child {argv[0]} failed with exit code {proc.returncode}")
    return json.loads(out.strip().splitlines()[-1]), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="archived articles (default 5000)")
    parser.add_argument(
        "--html-share",
        type=float,
        default=0.05,
        help="share of records that are real HTML pages (default 0.05)",
    )
    parser.add_argument(
        "--copy-share",
        type=float,
        default=0.1,
        help="share of re-posts and updated copies (default 0.1)",
    )
    parser.add_argument("--cpus", type=int, default=None, help="local engine CPUs (default all)")
    parser.add_argument("--batch", type=int, default=256, help="items per engine task")
    parser.add_argument("--chunk", type=int, default=5000, help="items per engine job")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", choices=("single", "backfill"), help=argparse.SUPPRESS)
    parser.add_argument("--archive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "single":
        print(json.dumps(run_single(args.archive, args.db)))
        return
    if args.child == "backfill":
        print(json.dumps(run_backfill(args.archive, args.db, args.cpus, args.batch, args.chunk)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive.jsonl"
        start = time.perf_counter()
        build_archive(archive, args.count, args.html_share, args.copy_share, args.seed)
        print(
            f"archive: {args.count} records, {archive.stat().st_size / 1e6:.0f} MB, "
            f"built in {time.perf_counter() - start:.0f} s"
        )
        common = ["--archive", str(archive), "--batch", str(args.batch), "--chunk", str(args.chunk)]
        if args.cpus:
            common += ["--cpus", str(args.cpus)]
        single, single_peak = measure(["--child", "single", "--db", f"{tmp}/single.db", *common])
        back, back_peak = measure(["--child", "backfill", "--db", f"{tmp}/backfill.db", *common])

    same = all(
        single["counts"].get(k) == back["counts"].get(k)
        for k in ("extract.articles", "dedupe.unique", "dedupe.duplicates")
    )
    rate_single = args.count / single["seconds"]
    rate_back = args.count / back["seconds"]
    print(
        f"single-process: {single['seconds']:.1f} s, {rate_single:.1f} articles/s, "
        f"peak RSS {single_peak / 2**20:.0f} MiB; "
        f"stages {single['timings']}; counts {single['counts']}"
    )
    print(
        f"backfill (ray, local): {back['seconds']:.1f} s, {rate_back:.1f} articles/s, "
        f"peak RSS {back_peak / 2**20:.0f} MiB (driver + Ray processes); "
        f"stages {back['timings']}; counts {back['counts']}"
    )
    print(f"throughput ratio backfill / single-process: {rate_back / rate_single:.2f}")
    print(f"same article and duplicate counts: {same}")


if __name__ == "__main__":
    main()
