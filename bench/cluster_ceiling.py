"""How far can any clustering get with these similarities? An optimistic bound per set.

Usage:
    .venv/bin/python bench/cluster_ceiling.py                    # TF-IDF, val and gn
    .venv/bin/python bench/cluster_ceiling.py --embeddings       # also MiniLM and a 50/50 mix
    .venv/bin/python bench/cluster_ceiling.py --sets val,gn,dev  # sets as in tune_cluster.py

For each set it prints, per similarity:

* ``1nn``: the share of articles whose most similar other article is of the same story;
* ``batch``: the best BCubed F1 (P / R, and the matched accuracy there) of batch
  agglomerative clustering (average and complete link) with the distance threshold
  chosen *on the set itself*, the gold in hand, and the IDF from the whole set, later
  articles included.

On a dated set (AllSides stream) it also prints ``tfidf+time``: the TF-IDF cosine times
``0.5 ** (hours apart / half-life)``, the best of half-lives 12, 24, 48 and 96 h, so that the
ceiling sees the same time cue as the online clusterer.

Neither is a method: both see what an online clusterer never sees (the future, the
labels), so ``batch`` bounds from above what a clusterer built on the same similarity
can expect, and ``newsdesk eval cluster`` is compared with it. TF-IDF is scikit-learn's
(sublinear tf, English stop words) over title and text; MiniLM embeds ``article_text``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tune_cluster import DATA, build_sets

from newsdesk.evaluate.clustering import bcubed, matched_accuracy

Matrix = npt.NDArray[np.float64]


def nearest_neighbour_accuracy(similarity: Matrix, gold: Sequence[Hashable]) -> float:
    scores = similarity.copy()
    np.fill_diagonal(scores, -np.inf)
    nearest = scores.argmax(axis=1)
    return float(np.mean([gold[j] == gold[i] for i, j in enumerate(nearest)]))


Best = tuple[str, float, float, float, float, float]


def best_batch(similarity: Matrix, gold: Sequence[Hashable]) -> Best:
    """``(link, threshold, P, R, F1, accuracy)`` at the best F1 over thresholds and links."""
    distance = np.clip(1.0 - (similarity + similarity.T) / 2, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    condensed = squareform(distance, checks=False)
    best: tuple[str, float, float, float, float] = ("", 0.0, 0.0, 0.0, -1.0)
    best_labels: list[int] = []
    for method in ("average", "complete"):
        tree = linkage(condensed, method=method)
        for threshold in np.arange(0.30, 1.0, 0.0125):
            labels = fcluster(tree, t=threshold, criterion="distance")
            p, r, f1 = bcubed(list(labels), gold)
            if f1 > best[4]:
                best = (method, float(threshold), p, r, f1)
                best_labels = list(labels)
    return (*best, matched_accuracy(best_labels, gold))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="val,gn", help="comma-separated, as in tune_cluster.py")
    parser.add_argument("--embeddings", action="store_true", help="also MiniLM (the extra)")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    for name, (articles, gold) in build_sets(args.sets.split(","), args.data).items():
        texts = [f"{a.title}. {a.text or a.summary}" for a in articles]
        tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
        similarities: dict[str, Matrix] = {"tfidf": (tfidf @ tfidf.T).toarray()}
        if args.embeddings:
            from newsdesk.embed import article_text, shared_embedder

            vectors = shared_embedder().embed([article_text(a) for a in articles])
            similarities["minilm"] = (vectors @ vectors.T).astype(np.float64)
            similarities["mix"] = (similarities["tfidf"] + similarities["minilm"]) / 2
        dates = [a.published_at for a in articles]
        if all(d is not None for d in dates):
            hours = np.array([d.timestamp() / 3600.0 for d in dates if d is not None])
            apart = np.abs(hours[:, None] - hours[None, :])
            half_life = max(
                (12.0, 24.0, 48.0, 96.0),
                key=lambda h: best_batch(similarities["tfidf"] * 0.5 ** (apart / h), gold)[4],
            )
            similarities[f"tfidf+time {half_life:g}h"] = similarities["tfidf"] * 0.5 ** (
                apart / half_life
            )
        for label, similarity in similarities.items():
            link, threshold, p, r, f1, accuracy = best_batch(similarity, gold)
            print(
                f"{name:8} {label:7} 1nn {nearest_neighbour_accuracy(similarity, gold):.3f}"
                f"  batch F1 {f1:.4f} (P {p:.3f} R {r:.3f}, accuracy {accuracy:.3f},"
                f" {link} link, distance {threshold:.3f})"
                f"  ({len(articles)})"
            )


if __name__ == "__main__":
    main()
