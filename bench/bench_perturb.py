"""The perturbation suite at the verifier: per class, the share of rewritten sentences refused.

Usage:
    .venv/bin/python bench/bench_perturb.py                     # all NeuS dev items, both parts
    .venv/bin/python bench/bench_perturb.py --limit 300 --misses 3
    .venv/bin/python bench/bench_perturb.py --data tests/fixtures/datasets/neus-allsides

Every sentence of every item's articles is rewritten by every template of
``newsdesk.evaluate.perturb`` (14 meaning changes that must be refused, 7 faithful
rewrites that must pass) and checked by ``newsdesk.verify.check`` against the articles it
cites. Items are split by a hash of their id into ``tune`` (where the verifier was tuned)
and ``report`` (never tuned on); the table gives both and the speed (cases per second).
Targets: >= 99% refused in every perturbed class, <= 5% of faithful rewrites refused.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newsdesk.evaluate.perturb_suite import build_cases, load_records, score, table
from newsdesk.verify import check

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "neus-allsides"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="a NeuS-format dataset folder")
    parser.add_argument("--limit", type=int, default=0, help="first N items (0: all)")
    parser.add_argument("--misses", type=int, default=0, help="print N wrongly judged per class")
    args = parser.parse_args()
    records = load_records(args.data, args.limit or None)
    tallies = {}
    for part in ("tune", "report"):
        cases = build_cases(records, part)
        start = time.perf_counter()
        tallies[part] = score(cases, lambda text, cited: check(text, cited).reasons)
        seconds = time.perf_counter() - start
        print(f"{part}: {len(cases)} cases, {len(cases) / seconds:.0f} cases/s", file=sys.stderr)
        for kind, wrong in tallies[part].misses.items():
            for case in wrong[: args.misses]:
                print(f"[{part} {kind}] {case.original}\n    -> {case.text}", file=sys.stderr)
    print(table(tallies))
    met = {part: tally.meets_targets() for part, tally in tallies.items()}
    print("\ntargets met: " + ", ".join(f"{p}: {'yes' if ok else 'NO'}" for p, ok in met.items()))
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
