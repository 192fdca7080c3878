"""Fit the article-kind classifier's text-voice model (``classify/kind_voice.tsv``).

Usage:
    .venv/bin/python bench/fit_kind_model.py            # cross-validates, writes the weights
    .venv/bin/python bench/fit_kind_model.py --dry-run  # cross-validates, prints only

Learnt from the AllSides stream's DEV half only (``allsides-stream/dev.jsonl.gz``; the
later half is never read): label 1 for ``OPINION`` and ``ANALYSIS``, 0 for news reports,
``FACT CHECK`` and ``DATA``. The features are ``voice_features`` of the title and text
and nothing else: never the outlet, the URL, the AllSides topic or an id. The stream's
outlet names (which name columnists, "David Harsanyi", and sections, "New York Times
(Opinion)") are blanked out of titles and texts before fitting, so that no feature
carries one.

A logistic regression (L2, ``C``), with features kept only if found in at least
``MIN_DOCS`` training articles; weights under ``PRUNE`` in size are dropped from the
shipped file. The decision threshold is chosen by cross-validation inside the dev half:
the lowest log-odds at which the out-of-fold precision (folds grouped by story, so that
one event's articles are never on both sides) is at least ``TARGET_PRECISION``, counted
together with the markup rules that speak first (URL, title marker). The figures this
prints are nested: each outer fold's threshold is chosen by an inner cross-validation on
its own training part, then judged on the held-out part.

The doubt level (``# doubt:`` in the header) is a second, lower cut on the same score,
for the writer only: a report that scores at or above it keeps its label (news) but
gives the neutral text no sentence when a plainer report can carry the story. It is the
lowest log-odds at which, out of fold and among the articles the markup leaves silent,
at least ``DOUBT_PRECISION`` of those at or above it are opinion or analysis (a doubtful
piece is at least as likely a view as a report). ``--doubt-only`` writes only that line
into the shipped file, keeping its weights and threshold.

The writer's doubt (``writer:`` lines, ``# writer doubt:``) is a second model, fitted the
same way on the same labels over the words AND the piece's register (``style_features``:
hedges, modals, day words, attribution, quotation share, second person ...; standardised
for the fit, the scale folded into the shipped weights): out of sample it ranks a view
above a report better than the words alone, but its top holds reports, so the label keeps
the words-only model. Its level is chosen like the doubt's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold

from newsdesk.classify.kind import TEXT_MIN_CUES, PageSignals, classify_kind, voice_cues
from newsdesk.classify.voice import (
    FORMAT,
    MODEL_FILE,
    STYLE_PREFIX,
    WRITER_PREFIX,
    register_features,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides-stream"
OUT = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "classify" / MODEL_FILE
VIEWS = {"OPINION", "ANALYSIS"}
C = 2.0
MIN_DOCS = 2
PRUNE = 0.1
TARGET_PRECISION = 1.0  # nested CV: 0.97 here held 0.92 out of sample, 1.0 holds 0.95
DOUBT_PRECISION = 0.5  # the writer's doubt: as likely a view as a report
FOLDS = 5
REPEATS = 3
_MEDIUM = re.compile(r"\s*\([^)]*\)\s*$")


def load(data: Path) -> list[dict[str, Any]]:
    with gzip.open(data / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def blank_outlets(rows: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    """Each row's title and text with every outlet name of the stream blanked out."""
    names = {_MEDIUM.sub("", str(r.get("outlet") or "")).strip() for r in rows}
    names = {n for n in names if len(n) >= 3}
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
    )
    return [(pattern.sub(" ", r["title"]), pattern.sub(" ", r["text"])) for r in rows]


def markup_says_view(row: dict[str, Any]) -> bool:
    """What the rules before the text (URL, title marker) say: a view, or nothing."""
    verdict = classify_kind(PageSignals(url=row["url"], title=row["title"]))
    return verdict.kind.value in ("opinion", "analysis")


class Fitted:
    """A vectorizer, its kept columns and a logistic regression.

    The style features (``s:``, raw rates) are standardised on the training articles
    before the fit, so that one ``C`` regularises them like the word features; ``shipped``
    folds that scale back into the weights and the bias."""

    def __init__(self, feats: Sequence[dict[str, float]], y: np.ndarray) -> None:
        self.vec = DictVectorizer()
        matrix = self.vec.fit_transform(feats).tocsc()
        names = self.vec.get_feature_names_out()
        style = np.array([str(n).startswith(STYLE_PREFIX) for n in names], dtype=bool)
        docs = np.asarray((matrix != 0).sum(axis=0)).ravel()
        self.words = np.flatnonzero((docs >= MIN_DOCS) & ~style)
        self.style = np.flatnonzero(style)
        self.keep = np.concatenate([self.words, self.style])
        dense = matrix[:, self.style].toarray()
        self.mean = dense.mean(axis=0)
        self.scale = dense.std(axis=0) + 1e-6
        self.model = LogisticRegression(C=C, solver="liblinear", class_weight="balanced")
        self.model.fit(self._matrix(feats), y)

    def _matrix(self, feats: Sequence[dict[str, float]]) -> sparse.csr_matrix:
        matrix = self.vec.transform(feats).tocsc()
        style = (matrix[:, self.style].toarray() - self.mean) / self.scale
        return sparse.hstack([matrix[:, self.words], sparse.csr_matrix(style)]).tocsr()

    def score(self, feats: Sequence[dict[str, float]]) -> np.ndarray:
        return np.asarray(self.model.decision_function(self._matrix(feats)))

    def shipped(self) -> tuple[list[tuple[str, float, float]], float]:
        """(name, weight on the raw value, weight as fitted) of each kept column, and the
        bias with the standardisation folded in."""
        names = self.vec.get_feature_names_out()[self.keep]
        coef = self.model.coef_[0]
        scale = np.concatenate([np.ones(len(self.words)), self.scale])
        style_coef = coef[len(self.words) :]
        bias = float(self.model.intercept_[0] - np.sum(style_coef * self.mean / self.scale))
        weights = [
            (str(n), float(w / s), float(w)) for n, w, s in zip(names, coef, scale, strict=True)
        ]
        return weights, bias


def out_of_fold(
    feats: Sequence[dict[str, float]], y: np.ndarray, groups: np.ndarray, seed: int
) -> np.ndarray:
    scores = np.zeros(len(y))
    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    for train, test in folds.split(np.zeros(len(y)), y, groups):
        fitted = Fitted([feats[i] for i in train], y[train])
        scores[test] = fitted.score([feats[i] for i in test])
    return scores


def pick_threshold(
    scores: np.ndarray, y: np.ndarray, markup: np.ndarray, target: float = TARGET_PRECISION
) -> float:
    """The lowest threshold at which markup-or-model precision reaches the target."""
    best = float(scores.max()) + 1.0
    for t in sorted(set(np.round(scores, 4)), reverse=True):
        said = markup | (scores >= t)
        tp = int((said & (y == 1)).sum())
        precision = tp / max(int(said.sum()), 1)
        if precision >= target:
            best = float(t)
    return best


def pick_doubt(scores: np.ndarray, y: np.ndarray, markup: np.ndarray) -> float:
    """The lowest level at which, among the articles the markup leaves silent, at least
    ``DOUBT_PRECISION`` of those scoring at or above it are opinion or analysis."""
    silent = ~markup
    return pick_threshold(scores[silent], y[silent], markup[silent], DOUBT_PRECISION)


def nested_doubt(
    feats: Sequence[dict[str, float]],
    y: np.ndarray,
    groups: np.ndarray,
    markup: np.ndarray,
    name: str = "doubt",
) -> None:
    """Nested CV of the doubt level: chosen on each outer fold's training part, judged on
    the held-out part (markup-silent articles only)."""
    found, wrong, levels = [], [], []
    for repeat in range(REPEATS):
        folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=100 + repeat)
        doubted = np.zeros(len(y), dtype=bool)
        for train, test in folds.split(np.zeros(len(y)), y, groups):
            inner = out_of_fold([feats[i] for i in train], y[train], groups[train], seed=repeat)
            level = pick_doubt(inner, y[train], markup[train])
            levels.append(level)
            fitted = Fitted([feats[i] for i in train], y[train])
            doubted[test] = fitted.score([feats[i] for i in test]) >= level
        doubted &= ~markup
        found.append(int((doubted & (y == 1)).sum()))
        wrong.append(int((doubted & (y == 0)).sum()))
    tp, fp = float(np.mean(found)), float(np.mean(wrong))
    silent_views = int((y[~markup] == 1).sum())
    print(
        f"{name} (nested, markup-silent articles): levels {min(levels):+.3f}..{max(levels):+.3f}, "
        f"doubted views {tp:.1f}, doubted reports {fp:.1f} of {int((y[~markup] == 0).sum())}, "
        f"precision {tp / max(tp + fp, 1):.3f}, recall {tp / max(silent_views, 1):.3f}"
    )


def write_doubt(level: float) -> None:
    """Set the ``# doubt:`` line of the shipped file, keeping everything else."""
    lines = [
        ln for ln in OUT.read_text(encoding="utf-8").splitlines() if not ln.startswith("# doubt:")
    ]
    at = next(i for i, ln in enumerate(lines) if ln.startswith("# threshold:")) + 1
    lines.insert(at, f"# doubt: {level:.4f}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote the doubt level {level:.4f} into {OUT}")


def counts(said: np.ndarray, y: np.ndarray) -> tuple[int, int, float, float]:
    tp = int((said & (y == 1)).sum())
    fp = int((said & (y == 0)).sum())
    return tp, fp, tp / max(tp + fp, 1), tp / max(int((y == 1).sum()), 1)


def features_of(
    rows: Sequence[dict[str, Any]],
) -> tuple[list[dict[str, float]], np.ndarray, np.ndarray, np.ndarray]:
    """The features, labels, story groups and markup verdicts of ``rows``."""
    y = np.array([int(r.get("opinion_tag") in VIEWS) for r in rows])
    groups = np.array([r["cluster_id"] for r in rows])
    feats = [register_features(t, x) for t, x in blank_outlets(rows)]
    markup = np.array([markup_says_view(r) for r in rows])
    return feats, y, groups, markup


def words_only(feats: Sequence[dict[str, float]]) -> list[dict[str, float]]:
    """The features without the register (``s:``): what the label's weights read."""
    return [{k: v for k, v in f.items() if not k.startswith(STYLE_PREFIX)} for f in feats]


def shipped_lines(final: Fitted, prefix: str) -> tuple[list[str], dict[str, float], float]:
    """One fit's weights as the file's lines (``prefix`` before each name), pruned (the
    register always kept), and those weights and the bias on the raw values."""
    weights, bias = final.shipped()
    kept = sorted(
        (
            (name, raw)
            for name, raw, fitted in weights
            if abs(fitted) >= PRUNE or name.startswith(STYLE_PREFIX)
        ),
        key=lambda nw: (-abs(nw[1]), nw[0]),
    )
    print(f"{prefix or 'label: '}{len(kept)} of {len(weights)} features kept")
    for name, weight in kept[:12]:
        print(f"  {weight:+.3f} {name}")
    lines = [f"{prefix}bias\t{bias:.5f}"] + [f"{prefix}{n}\t{w:.5f}" for n, w in kept]
    return lines, dict(kept), bias


def fit_file(
    rows: Sequence[dict[str, Any]],
    feats: Sequence[dict[str, float]],
    y: np.ndarray,
    groups: np.ndarray,
    markup: np.ndarray,
    trained_on: str,
) -> str:
    """The weights file (``kind_voice.tsv``'s text) fitted on ``rows``: the label's weights
    (words only) and threshold, and the doubt's weights (words and register) and level,
    each cut chosen by cross-validation inside ``rows``, then one fit of each, pruned."""
    words = words_only(feats)
    oof = np.mean([out_of_fold(words, y, groups, seed=s) for s in range(REPEATS)], axis=0)
    threshold = pick_threshold(oof, y, markup)
    tp, fp, precision, recall = counts(markup | (oof >= threshold), y)
    print(
        f"threshold {threshold:.4f}: out of fold {tp} found, {fp} wrong, "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    doubt = pick_doubt(oof, y, markup)
    oof_writer = np.mean([out_of_fold(feats, y, groups, seed=s) for s in range(REPEATS)], axis=0)
    writer_doubt = pick_doubt(oof_writer, y, markup)
    label_fit, writer_fit = Fitted(words, y), Fitted(feats, y)
    label_lines, label_weights, bias = shipped_lines(label_fit, "")
    writer_lines, writer_weights, writer_bias = shipped_lines(writer_fit, WRITER_PREFIX)
    for name, fitted, weights, base, cut, view in (
        ("label", label_fit, label_weights, bias, threshold, words),
        ("writer's doubt", writer_fit, writer_weights, writer_bias, writer_doubt, feats),
    ):
        shipped = np.array(
            [base + sum(weights.get(k, 0.0) * v for k, v in f.items()) for f in view]
        )
        flips = int(((shipped >= cut) != (fitted.score(view) >= cut)).sum())
        print(f"{name}: pruning changes {flips} of {len(rows)} decisions on the data fitted")
    lines = [
        f"# format: {FORMAT}",
        f"# trained on: allsides-stream {trained_on}, {len(rows)} articles, "
        f"{int(y.sum())} opinion or analysis (bench/fit_kind_model.py)",
        f"# threshold: {threshold:.4f}",
        f"# doubt: {doubt:.4f}",
        f"# writer doubt: {writer_doubt:.4f}",
        f"# out of fold at this threshold: precision {precision:.3f}, recall {recall:.3f}"
        " with the markup rules",
        *label_lines,
        *writer_lines,
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument(
        "--doubt-only", action="store_true", help="choose the doubt level; keep the weights"
    )
    args = parser.parse_args()
    rows = load(args.data)
    feats, y, groups, markup = features_of(rows)
    words = words_only(feats)
    cues = np.array([voice_cues(r["title"], r["text"]) >= TEXT_MIN_CUES for r in rows])
    print(f"{len(rows)} articles, {int(y.sum())} opinion or analysis")
    if args.doubt_only:
        nested_doubt(words, y, groups, markup)
        oof = np.mean([out_of_fold(words, y, groups, seed=s) for s in range(REPEATS)], axis=0)
        level = pick_doubt(oof, y, markup)
        doubted = ~markup & (oof >= level)
        print(
            f"doubt level {level:.4f}: out of fold {int((doubted & (y == 1)).sum())} views, "
            f"{int((doubted & (y == 0)).sum())} reports doubted (markup-silent)"
        )
        if not args.dry_run:
            write_doubt(level)
        return

    # Nested: the outer fold's threshold comes from an inner CV on its training part.
    outer_said = {"url+title": [], "cues": [], "model": [], "all": [], "all+cues": []}
    for repeat in range(REPEATS):
        folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=100 + repeat)
        said_model = np.zeros(len(y), dtype=bool)
        for train, test in folds.split(np.zeros(len(y)), y, groups):
            inner = out_of_fold([words[i] for i in train], y[train], groups[train], seed=repeat)
            threshold = pick_threshold(inner, y[train], markup[train])
            fitted = Fitted([words[i] for i in train], y[train])
            said_model[test] = fitted.score([words[i] for i in test]) >= threshold
        outer_said["url+title"].append(markup)
        outer_said["cues"].append(cues & ~markup)
        outer_said["model"].append(said_model & ~markup)
        outer_said["all"].append(markup | said_model)
        outer_said["all+cues"].append(markup | said_model | cues)
    print(f"nested CV ({FOLDS} folds grouped by story, {REPEATS} repeats), opinion+analysis:")
    for name, runs in outer_said.items():
        tp, fp = np.mean([counts(s, y)[0] for s in runs]), np.mean([counts(s, y)[1] for s in runs])
        print(
            f"  {name:10} found {tp:6.1f}  wrong {fp:5.1f}  precision {tp / max(tp + fp, 1):.3f}"
            f"  recall {tp / y.sum():.3f}"
        )
    nested_doubt(words, y, groups, markup)
    nested_doubt(feats, y, groups, markup, "writer's doubt (words and register)")

    content = fit_file(rows, feats, y, groups, markup, "dev.jsonl.gz")
    if args.dry_run:
        return
    OUT.write_text(content, encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
