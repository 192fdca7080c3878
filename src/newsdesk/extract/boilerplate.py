"""Outlet boilerplate: the lines one outlet repeats in every article, learnt as they arrive.

``OutletBoilerplate`` is the model; ``LearntBoilerplate`` is one worker's view of it
during a run, learning from each article in arrival order and stripping what it knows.
Keeping the model between runs is the caller's (the pipeline keeps it in the store).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsdesk.extract.lines import line_key
from newsdesk.extract.options import ExtractOptions
from newsdesk.models import Article, Rejected


def _bp_key(paragraph: str) -> str:
    return re.sub(r"\d+", "0", line_key(paragraph))[:300]


@dataclass(slots=True)
class OutletBoilerplate:
    """Lines that one outlet repeats across its articles, learnt as articles arrive.

    A line seen in at least ``min_count`` articles of a site, and in at least
    ``min_share`` of the articles seen from it, is boilerplate for that site.
    """

    min_count: int = 3
    min_share: float = 0.2
    max_keys: int = 3000  # per site; the rarest lines are forgotten past it
    docs: Counter[str] = field(default_factory=Counter)
    lines: dict[str, Counter[str]] = field(default_factory=dict)

    def observe(self, site: str, paragraphs: Sequence[str]) -> None:
        """Count the lines of one article of ``site``.

        Args:
            site: the outlet (site name or host).
            paragraphs: the article's paragraphs.
        """
        if not site:
            return
        self.docs[site] += 1
        counts = self.lines.setdefault(site, Counter())
        # In paragraph order, not set order: ties in most_common() then break the same way
        # in every process (string hashes are salted per process).
        counts.update(dict.fromkeys((k for k in map(_bp_key, paragraphs) if k), 1))
        self._forget_rarest(counts)

    def add(self, other: OutletBoilerplate) -> None:
        """Add what ``other`` counted (another worker's articles) to this model.

        Args:
            other: a model that observed other articles.
        """
        for site, docs in other.docs.items():
            self.docs[site] += docs
            counts = self.lines.setdefault(site, Counter())
            counts.update(other.lines.get(site, Counter()))
            self._forget_rarest(counts)

    def _forget_rarest(self, counts: Counter[str]) -> None:
        if len(counts) > self.max_keys:
            for key, _ in counts.most_common()[self.max_keys // 2 :]:
                del counts[key]

    def is_boilerplate(self, site: str, paragraph: str) -> bool:
        """Whether ``paragraph`` is one of the site's recurring lines."""
        seen = self.lines.get(site)
        if not seen:
            return False
        count = seen.get(_bp_key(paragraph), 0)
        return count >= self.min_count and count >= self.min_share * self.docs[site]

    def strip(self, site: str, paragraphs: Sequence[str]) -> tuple[str, ...]:
        """Remove the site's learnt boilerplate lines.

        Args:
            site: the outlet.
            paragraphs: an article's paragraphs.

        Returns:
            The paragraphs that are not boilerplate, in order.
        """
        return tuple(p for p in paragraphs if not self.is_boilerplate(site, p))

    def to_json(self) -> str:
        """Serialise what was learnt (the store keeps it between runs)."""
        return json.dumps(
            {
                "min_count": self.min_count,
                "min_share": self.min_share,
                "max_keys": self.max_keys,
                "docs": dict(self.docs),
                "lines": {site: dict(c) for site, c in self.lines.items()},
            }
        )

    @classmethod
    def from_json(cls, s: str) -> OutletBoilerplate:
        """Load what ``to_json`` wrote."""
        data = json.loads(s)
        return cls(
            min_count=int(data.get("min_count", 3)),
            min_share=float(data.get("min_share", 0.2)),
            max_keys=int(data.get("max_keys", 3000)),
            docs=Counter({str(k): int(v) for k, v in data.get("docs", {}).items()}),
            lines={
                str(s): Counter({str(k): int(v) for k, v in c.items()})
                for s, c in data.get("lines", {}).items()
            },
        )


def _model_of(saved: str | None) -> OutletBoilerplate:
    return OutletBoilerplate.from_json(saved) if saved else OutletBoilerplate()


def strip_boilerplate(
    result: Article | Rejected, options: ExtractOptions, boilerplate: OutletBoilerplate
) -> Article | Rejected:
    """Learn the outlet's recurring lines from ``result``, then strip them.

    The model learns from the paragraphs before its own stripping; learning from stripped
    text would forget a line once it is removed, and bring it back later. It depends on
    every article before, so it runs in arrival order.
    """
    if isinstance(result, Rejected) or not result.site_name:
        return result
    boilerplate.observe(result.site_name, result.paragraphs)
    kept = boilerplate.strip(result.site_name, result.paragraphs)
    if kept == result.paragraphs:
        return result
    words = sum(len(p.split()) for p in kept)
    if words < options.min_words:
        return Rejected("too_short", f"{words} words after removing outlet boilerplate")
    return replace(result, paragraphs=kept)


class LearntBoilerplate:
    """The outlet boilerplate model as one worker sees it, saved without losing others' work.

    Workers that extract in parallel each count the lines of their own articles. A save
    adds this worker's counts since its last save to the saved model in one locked update
    (the store's ``update_outlet_boilerplate(learnt.add_unsaved)``) and carries on from the
    sum (``saved``), so no worker's counts overwrite another's; a plain load-and-put would
    keep only the last writer's.
    """

    def __init__(self, saved: str | None = None) -> None:
        """Start from ``saved``: a model as ``OutletBoilerplate.to_json`` wrote it (None: empty)."""
        self.model = _model_of(saved)
        self._fresh = OutletBoilerplate()

    def strip(self, result: Article | Rejected, options: ExtractOptions) -> Article | Rejected:
        """``strip_boilerplate`` with this worker's model, keeping its new counts for the save."""
        if isinstance(result, Article) and result.site_name:
            self._fresh.observe(result.site_name, result.paragraphs)
        return strip_boilerplate(result, options, self.model)

    @property
    def unsaved(self) -> bool:
        """Whether articles were counted since the last save."""
        return bool(self._fresh.docs)

    def add_unsaved(self, saved: str | None) -> str:
        """``saved`` (a model's JSON, None: empty) plus the counts since the last save."""
        total = _model_of(saved)
        total.add(self._fresh)
        return total.to_json()

    def saved(self, total: str) -> None:
        """Carry on from ``total``: the saved model once ``add_unsaved`` went into it."""
        self.model = OutletBoilerplate.from_json(total)
        self._fresh = OutletBoilerplate()
