"""Extract-stage speed against plain ``trafilatura.extract`` on the same pages, same run.

Usage:
    .venv/bin/python bench/bench_extract.py [--data ../shared/data/wcxb-articles] [--pages 150]

Prints pages per second for both and the ratio (ours time / trafilatura time). Each system
runs over the same decompressed pages, alternating in rounds so that machine load hits
both alike.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from newsdesk.extract import ExtractOptions, extract
from newsdesk.models import RawDocument

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wcxb-articles"


def load_pages(folder: Path, limit: int) -> list[tuple[str, bytes]]:
    pages = []
    with gzip.open(folder / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            url = rec.get("url") or ""
            url = url if url.startswith("http") else ""
            pages.append((url, gzip.decompress((folder / rec["html_file"]).read_bytes())))
            if len(pages) >= limit:
                break
    return pages


def run_ours(pages: list[tuple[str, bytes]]) -> float:
    options = ExtractOptions()
    now = datetime.now(UTC)
    start = time.perf_counter()
    for url, body in pages:
        extract(
            RawDocument(
                key=url, url=url, final_url=url, status=200, headers={}, body=body, fetched_at=now
            ),
            options,
        )
    return time.perf_counter() - start


def run_trafilatura(pages: list[tuple[str, bytes]]) -> float:
    start = time.perf_counter()
    for url, body in pages:
        trafilatura.extract(body, url=url or None, with_metadata=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    pages = load_pages(args.data, args.pages)
    ours = theirs = 0.0
    for _ in range(args.rounds):
        theirs += run_trafilatura(pages)
        ours += run_ours(pages)
    n = len(pages) * args.rounds
    print(
        json.dumps(
            {
                "data": str(args.data),
                "pages": len(pages),
                "rounds": args.rounds,
                "newsdesk_pages_per_second": round(n / ours, 2),
                "trafilatura_pages_per_second": round(n / theirs, 2),
                "ratio_ours_over_trafilatura_time": round(ours / theirs, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
