"""B-cubed F1 of the words-only clusterer on every tuning and check set, in one run.

Usage:
    .venv/bin/python bench/tune_cluster.py                       # the defaults
    .venv/bin/python bench/tune_cluster.py threshold=0.26 ambiguity_ratio=0.8
    .venv/bin/python bench/tune_cluster.py --sets pool1,pool2,dev,gn_even

Sets (docs/decisions/cluster.md: how the defaults were tuned):

* ``pool1``, ``pool2``: 307 random NeuS *train* stories (seeds 1 and 2; story ids
  sorted, then ``random.Random(seed).sample``), their articles in file order;
* ``dev``: the whole NeuS dev pool (8,277 articles, the crowded case);
* ``gn_even``: GoogleNews-STC dev clusters with an even ``cluster_id``;
* checked afterwards, unchanged: ``val`` (NeuS ``orig_split == "val"``), ``gn_odd``
  and ``gn`` (the whole GoogleNews-STC dev file);
* ``as``: the AllSides dev stream (dated, with outlets: the only set where the time
  options act), for the time options (docs/decisions/cluster.md, "Time in clustering");
  ``as1`` and ``as2`` its halves by date (articles before / from the day of the middle
  article), each clustered on its own: choose on one, check on the other.

Method: a grid over a few options at a time (``name=value`` below, one run per
setting); the default kept is the setting with the best sum of B3 F1 over the four
tuning sets, none of them far below the previous defaults; the check sets are printed
only to report (e.g. 2026-11-25, ``story_idf_weight=0.15 ambiguity_ratio=0.79`` from
weight 0.1-1.0 and ambiguity 0.76-0.8: tuning sum 3.2883 -> 3.3037).

Gold labels are read only to score. Options are ``ClusterOptions`` fields as
``name=value`` (floats, ints or booleans).

``--embeddings``: the embeddings path (``ClusterOptions.with_embeddings()`` plus the
overrides); each text is embedded by MiniLM once and kept in ``--cache`` (a ``.npz`` by
text hash), so a grid pays the model once per dataset.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import random
import time
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.cluster import ClusterOptions
from newsdesk.embed import Embedder, Vectors
from newsdesk.evaluate.clustering import bcubed, cluster_stream, record_to_article
from newsdesk.models import Article

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SETS = ("pool1", "pool2", "dev", "gn_even", "val", "gn_odd", "gn", "as", "as1", "as2")

Labelled = tuple[list[Article], list[Hashable]]


def _records(name: str, data: Path) -> list[dict[str, Any]]:
    path = data / name / "dev.jsonl.gz"
    if not path.is_file():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _labelled(records: list[dict[str, Any]]) -> Labelled:
    articles = [record_to_article(r, i) for i, r in enumerate(records)]
    return articles, [r["cluster_id"] for r in records]


def build_sets(names: list[str], data: Path = DATA) -> dict[str, Labelled]:
    """The named sets, articles in file order."""
    neus = _records("neus-story-clustering", data)
    gnews = _records("googlenews-stc", data)
    train = sorted({r["cluster_id"] for r in neus if r["orig_split"] == "train"})
    out: dict[str, Labelled] = {}
    for name in names:
        if name in ("pool1", "pool2"):
            keep = set(random.Random(int(name[-1])).sample(train, 307))
            out[name] = _labelled([r for r in neus if r["cluster_id"] in keep])
        elif name == "dev":
            out[name] = _labelled(neus)
        elif name == "val":
            out[name] = _labelled([r for r in neus if r["orig_split"] == "val"])
        elif name in ("gn_even", "gn_odd"):
            parity = 0 if name == "gn_even" else 1
            out[name] = _labelled([r for r in gnews if int(r["cluster_id"]) % 2 == parity])
        elif name == "gn":
            out[name] = _labelled(gnews)
        elif name == "as":
            out[name] = _labelled(_records("allsides-stream", data))
        elif name in ("as1", "as2"):  # halves by date, for cross-validation
            stream = _records("allsides-stream", data)
            cut = stream[len(stream) // 2]["date"][:10] if stream else ""
            first = name == "as1"
            out[name] = _labelled([r for r in stream if (r["date"][:10] < cut) == first])
        else:
            raise SystemExit(f"unknown set {name!r}; known: {', '.join(SETS)}")
    return out


class CachedEmbedder:
    """MiniLM behind a file of vectors by text hash: each text is embedded once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._model: Embedder | None = None
        self._known: dict[str, Vectors] = {}
        if path.is_file():
            with np.load(path) as data:
                self._known = {k: data[k] for k in data.files}
        self.name = "all-MiniLM-L6-v2"
        self.dimensions = 384

    def embed(self, texts: Any) -> Vectors:
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self._known})
        if todo:
            if self._model is None:
                from newsdesk.embed import MiniLMEmbedder

                self._model = MiniLMEmbedder()
            lookup = dict(zip(keys, texts, strict=True))
            fresh = self._model.embed([lookup[k] for k in todo])
            self._known.update(zip(todo, fresh, strict=True))
            np.savez(self.path, **self._known)
        if not keys:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._known[k] for k in keys])


def evaluate(
    sets: dict[str, Labelled], options: ClusterOptions, embedder: Embedder | None = None
) -> dict[str, tuple[float, ...]]:
    """``(precision, recall, F1, articles per second)`` per set."""
    result = {}
    for name, (articles, gold) in sets.items():
        started = time.perf_counter()
        assigned = dict(cluster_stream(articles, options, embedder))
        rate = len(articles) / (time.perf_counter() - started)
        pred = [assigned[a.id] for a in articles if a.id is not None]
        result[name] = (*bcubed(pred, gold), rate)
    return result


def _value(text: str) -> Any:
    if text in ("true", "false", "True", "False"):
        return text.lower() == "true"
    try:
        return int(text)
    except ValueError:
        return float(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("overrides", nargs="*", help="ClusterOptions fields as name=value")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--embeddings", action="store_true", help="the embeddings (MiniLM) path")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newsdesk-minilm-cache.npz"))
    args = parser.parse_args()
    fields = {f.name for f in dataclasses.fields(ClusterOptions)}
    overrides = {}
    for item in args.overrides:
        name, _, value = item.partition("=")
        if name not in fields:
            raise SystemExit(f"ClusterOptions has no field {name!r}")
        overrides[name] = _value(value)
    sets = build_sets(args.sets.split(","), args.data)
    if args.embeddings:
        options = ClusterOptions.with_embeddings(**overrides)
        scores = evaluate(sets, options, CachedEmbedder(args.cache))
    else:
        scores = evaluate(sets, ClusterOptions(**overrides))
    for name, (p, r, f1, rate) in scores.items():
        print(f"{name:8} F1 {f1:.4f}  P {p:.4f}  R {r:.4f}  {rate:,.0f}/s  ({len(sets[name][0])})")


if __name__ == "__main__":
    main()
