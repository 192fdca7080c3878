"""Scorers of the three extraction benchmarks, each exactly as its own repository scores.

* article-extraction-benchmark (scrapinghub ``evaluate.py``): 4-token shingle multisets of
  ``\\w+`` tokens; per page TP/FP/FN normalised by their sum; precision and recall are
  means of per-page values; F1 = 2PR/(P+R) of those means; accuracy = share of pages whose
  token sequences are equal.
* wcxb (``evaluate.py``): bag of lowercase ``\\w+`` words; per-page P/R/F1, averaged.
* trafilatura-eval (``tests/eval_common.py``): whitespace-normalised substring match of
  must-have and must-not-have segments, counts summed over pages (micro).

Metadata accuracy (title, author, date) is ours: a normalised exact match, the same
rule for every system scored.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _tokens(text)
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def shingle_counts(truth: str, pred: str) -> tuple[float, float, float]:
    """AEB per-page (tp, fp, fn) over 4-token shingles, normalised by their sum."""
    t, p = _shingles(truth), _shingles(pred)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def _precision_recall(tp: float, fp: float, fn: float) -> tuple[float, float]:
    if fp == fn == 0:
        return 1.0, 1.0
    if tp == 0:
        return 0.0, 0.0
    return tp / (tp + fp), tp / (tp + fn)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def score_aeb(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Score article-extraction-benchmark predictions.

    Args:
        pairs: ``(truth, prediction)`` article bodies, one per page.

    Returns:
        ``items``, ``precision``, ``recall``, ``f1`` and ``accuracy``.
    """
    precisions: list[float] = []
    recalls: list[float] = []
    exact = 0
    for truth, pred in pairs:
        tp, fp, fn = shingle_counts(truth, pred)
        precision, recall = _precision_recall(tp, fp, fn)
        precisions.append(precision)
        recalls.append(recall)
        exact += _tokens(truth) == _tokens(pred)
    n = len(precisions)
    if n == 0:
        return {"items": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0, "accuracy": 0.0}
    p, r = sum(precisions) / n, sum(recalls) / n
    return {"items": n, "precision": p, "recall": r, "f1": _f1(p, r), "accuracy": exact / n}


def word_prf(truth: str, pred: str) -> tuple[float, float, float]:
    """WCXB per-page word precision, recall and F1 (bag of lowercase ``\\w+`` words)."""
    t = Counter(w.lower() for w in _tokens(truth))
    p = Counter(w.lower() for w in _tokens(pred))
    if not t and not p:
        return 1.0, 1.0, 1.0
    if not t or not p:
        return 0.0, 0.0, 0.0
    common = sum((t & p).values())
    prec, rec = common / sum(p.values()), common / sum(t.values())
    return prec, rec, _f1(prec, rec)


def score_wcxb(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Score WCXB predictions: word P/R/F1 per page, averaged over pages.

    Args:
        pairs: ``(main_content, prediction)``, one per page.

    Returns:
        ``items``, ``precision``, ``recall`` and ``f1``.
    """
    rows = [word_prf(t, p) for t, p in pairs]
    n = len(rows)
    if n == 0:
        return {"items": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    return {
        "items": n,
        "precision": sum(r[0] for r in rows) / n,
        "recall": sum(r[1] for r in rows) / n,
        "f1": sum(r[2] for r in rows) / n,
    }


def _ws(text: str) -> str:
    return " ".join(text.split())


@dataclass(slots=True)
class SegmentCounts:
    """trafilatura-eval counts, summed over pages."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, pred: str, with_: Sequence[str], without: Sequence[str]) -> None:
        """Count one page's segments against its extracted text."""
        text = _ws(pred)
        for seg in with_:
            if _ws(seg) in text:
                self.tp += 1
            else:
                self.fn += 1
        for seg in without:
            if _ws(seg) in text:
                self.fp += 1
            else:
                self.tn += 1

    def scores(self) -> dict[str, float]:
        """Micro precision, recall, accuracy and F-score."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fn + self.fp + self.tn
        acc = (self.tp + self.tn) / total if total else 0.0
        return {"precision": p, "recall": r, "f1": _f1(p, r), "accuracy": acc}


def _norm_text(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(_TOKEN.findall(value))


def title_match(gold: str, pred: str) -> bool:
    """Titles match when their lowercase word sequences are equal."""
    return _norm_text(gold) == _norm_text(pred)


def author_match(gold: str, pred: str) -> bool:
    """Authors match when the same set of names is given (order and separators free)."""

    def names(s: str) -> set[str]:
        parts = re.split(r"\s*(?:;|,|\band\b|\bund\b|&|\|)\s*", s, flags=re.IGNORECASE)
        return {_norm_text(p) for p in parts if _norm_text(p)}

    return names(gold) == names(pred)


def date_match(gold: str, pred: str) -> bool:
    """Dates match on their ``YYYY-MM-DD`` day."""
    return gold.strip()[:10] == pred.strip()[:10]


@dataclass(slots=True)
class MetaCounts:
    """Title, author and date accuracy over the pages that have each gold field."""

    hits: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)

    def add(self, gold: Mapping[str, object], pred: Mapping[str, str]) -> None:
        """Score one page; gold keys ``title``, ``author``, ``date`` (missing: skipped)."""
        rules = {"title": title_match, "author": author_match, "date": date_match}
        for key, rule in rules.items():
            value = gold.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            self.totals[key] += 1
            self.hits[key] += rule(value, pred.get(key, "") or "")

    def scores(self) -> dict[str, float]:
        """``<field>_accuracy`` for every field seen."""
        return {f"{k}_accuracy": self.hits[k] / n for k, n in self.totals.items() if n}
