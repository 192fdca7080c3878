"""Verified extractive writing speed of two source trees, paired, in CPU time.

Usage:
    .venv/bin/python bench/bench_write_trees.py BASELINE_TREE [CANDIDATE_TREE] [--runs 3]

``bench_write.py`` prints speed as a ratio to a centroid writer run in the same process,
which swings with the load of a shared machine. To hold a writer to a budget set at an
earlier commit (for example ``git worktree add /tmp/base <commit>``), this script runs
each tree's own ``bench/bench_write.py`` loaders and writer in a fresh process, the two
trees in turn (A B A B ...), and times verified writing of 300 NeuS dev items by the
process's CPU clock after one unverified warm-up pass. It prints each run and the median
of the paired ratios candidate/baseline (above 1: the candidate is faster).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = """
import importlib.util, sys, time
tree = sys.argv[1]
sys.path.insert(0, tree + "/src")
spec = importlib.util.spec_from_file_location("bench_write", tree + "/bench/bench_write.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
stories = [articles for articles, _ in bench.load(int(sys.argv[2]), None)]
writer = bench.ExtractiveWriter()
for story in stories:
    writer.write(story)
started = time.process_time()
for story in stories:
    bench.write_verified(story, writer, writer)
print(len(stories) / (time.process_time() - started))
"""


def rate(tree: Path, limit: int) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(limit)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("candidate", type=Path, nargs="?", default=Path(__file__).parents[1])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()
    ratios = []
    for run in range(args.runs):
        base = rate(args.baseline.resolve(), args.limit)
        cand = rate(args.candidate.resolve(), args.limit)
        ratios.append(cand / base)
        print(f"run {run + 1}: baseline {base:.1f}/s  candidate {cand:.1f}/s  x{cand / base:.3f}")
    print(f"median candidate/baseline: x{statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
