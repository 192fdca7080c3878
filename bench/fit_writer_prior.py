"""Fit the default writer's word prior and its sentence weights (``WEIGHTS``).

Usage:
    .venv/bin/python bench/fit_writer_prior.py            # writes word_prior.tsv, prints weights
    .venv/bin/python bench/fit_writer_prior.py --dry-run  # prints only

Fitted on NeuS/AllSides dev items 1201-2451 (orig_split "train"); the evals' items
(dev 0-299, train 300-1200, val) are not read. Each candidate sentence (as the writer
cleans and filters them) is scored by its ROUGE-1 + ROUGE-2 precision against the
editors' reference (title + summary; rouge-score's tokens, Porter stemmer): the share of
its words, plus the share of its word pairs, found in the reference.

1. The word prior: a ridge regression (lambda ``RIDGE_PRIOR``) of that precision, centred
   within each story, on the sentence's distinct stemmed words (stop words included), each
   worth 1 / sqrt(number of distinct words), also centred within each story. Centring makes
   a story's topic words ("covid", "Kavanaugh"), which all its sentences share, cancel out;
   what is left is style: the editors keep sentences with "announced", a weekday, "Senate"
   and drop those with "I", "very", "but", "told". Only words found in at least
   ``MIN_ITEMS`` stories are kept. The prior is written, sorted, to
   ``src/newsdesk/write/word_prior.tsv``.
2. The sentence weights: a ridge regression (lambda 1) of the same precision on the
   writer's features (``features_of``), with the ``style`` feature computed out of fold (the
   prior fitted on one half of the items scores the other half), so that its weight is not
   inflated by the prior having seen those sentences. Paste the printed dict into
   ``WEIGHTS`` in src/newsdesk/write/scoring.py.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer
from sklearn.linear_model import Ridge

from newsdesk import text
from newsdesk.evaluate.data import iter_records
from newsdesk.evaluate.summarization import item_articles
from newsdesk.write import ExtractiveWriter, scoring
from newsdesk.write.base import outlet_of

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "neus-allsides"
OUT = ROOT / "src" / "newsdesk" / "write" / scoring.PRIOR_FILE
FIT_ITEMS = range(1201, 2452)  # dev items (all orig_split "train") that no eval reads
MIN_ITEMS = 20  # a word must occur in this many fitted stories (half that per half)
RIDGE_PRIOR = 3.0
RIDGE_WEIGHTS = 1.0


class Item:
    """One story's candidate sentences: stems, features and target."""

    def __init__(
        self, stems: list[set[str]], features: list[dict[str, float]], target: list[float]
    ):
        self.stems = stems
        self.features = features
        self.target = target


def precision(sentence: list[str], reference: list[str]) -> float:
    """Share of the sentence's words, plus share of its word pairs, found in the reference."""
    if not sentence:
        return 0.0
    words, pairs = set(reference), set(pairwise(reference))
    own = list(pairwise(sentence))
    share = sum(w in words for w in sentence) / len(sentence)
    return share + (sum(p in pairs for p in own) / len(own) if own else 0.0)


def collect(data: Path, fit_items: range = FIT_ITEMS) -> list[Item]:
    """The fitted items' candidate sentences."""
    tokenizer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)._tokenizer
    writer = ExtractiveWriter()
    items = []
    for n, record in enumerate(iter_records(data)):
        if n not in fit_items:
            continue
        articles = item_articles(record)
        outlets = [outlet_of(a) for a in articles]
        words = [text.content_stems(f"{a.title} {a.text}") for a in articles]
        pool = writer._sentences(articles, outlets, words)
        if not pool:
            continue
        ref = record["reference"]
        reference = f"{ref['title']} {ref['summary']}"
        target = [
            precision(tokenizer.tokenize(c.text), tokenizer.tokenize(reference)) for c in pool
        ]
        distinct = [set(text.stems(c.text)) for c in pool]
        features = scoring.features_of(pool, articles, outlets, words)
        items.append(Item(distinct, features, target))
    return items


def fit_prior(items: Sequence[Item], min_items: int) -> dict[str, float]:
    """Stem -> weight: ridge on within-story centred bags of words (see the module doc)."""
    seen: dict[str, int] = {}
    for item in items:
        for stem in set().union(*item.stems):
            seen[stem] = seen.get(stem, 0) + 1
    vocab = sorted(s for s, count in seen.items() if count >= min_items)
    index = {s: k for k, s in enumerate(vocab)}
    blocks, targets = [], []
    for item in items:
        if len(item.stems) < 2:
            continue
        x = np.zeros((len(item.stems), len(vocab)))
        for row, stems in enumerate(item.stems):
            for stem in stems:
                if stem in index:
                    x[row, index[stem]] = 1 / math.sqrt(len(stems))
        y = np.array(item.target)
        blocks.append(x - x.mean(axis=0))
        targets.append(y - y.mean())
    model = Ridge(alpha=RIDGE_PRIOR, fit_intercept=False)
    model.fit(np.vstack(blocks), np.concatenate(targets))
    return {s: float(w) for s, w in zip(vocab, model.coef_, strict=True)}


def style_of(stems: set[str], prior: dict[str, float]) -> float:
    """``scoring.style`` from a sentence's stems and a given prior."""
    return sum(prior.get(s, 0.0) for s in stems) / math.sqrt(len(stems)) if stems else 0.0


def fit_weights(items: Sequence[Item]) -> dict[str, float]:
    """``WEIGHTS``: ridge on the features, ``style`` out of fold."""
    half = len(items) // 2
    first, second = items[:half], items[half:]
    priors = (fit_prior(second, MIN_ITEMS // 2), fit_prior(first, MIN_ITEMS // 2))
    keys = list(scoring.WEIGHTS)
    rows, targets = [], []
    for part, prior in zip((first, second), priors, strict=True):
        for item in part:
            for stems, features, target in zip(item.stems, item.features, item.target, strict=True):
                row = dict(features, style=style_of(stems, prior))
                rows.append([row[k] for k in keys])
                targets.append(target)
    model = Ridge(alpha=RIDGE_WEIGHTS).fit(np.array(rows), np.array(targets))
    return {k: round(float(w), 3) for k, w in zip(keys, model.coef_, strict=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--dry-run", action="store_true", help="print, write nothing")
    parser.add_argument("--first", type=int, default=FIT_ITEMS.start, help="first item fitted")
    args = parser.parse_args()
    fit_items = range(args.first, FIT_ITEMS.stop)
    items = collect(args.data, fit_items)
    prior = fit_prior(items, MIN_ITEMS)
    weights = fit_weights(items)
    ranked = sorted(prior, key=prior.__getitem__)
    print(f"{len(items)} stories, {len(prior)} words")
    print("lowest:", " ".join(ranked[:25]))
    print("highest:", " ".join(ranked[-25:]))
    print("WEIGHTS =", weights)
    if not args.dry_run:
        lines = [
            "# The default writer's word prior: stemmed word <TAB> weight, sorted by word.",
            "# Fitted by bench/fit_writer_prior.py on NeuS/AllSides dev items "
            f"{fit_items.start}-{fit_items.stop - 1}.",
            *(f"{s}\t{prior[s]:.4f}" for s in sorted(prior) if round(prior[s], 4) != 0),
        ]
        OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print("wrote", OUT)


if __name__ == "__main__":
    main()
