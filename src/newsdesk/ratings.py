"""Outlets' leanings: reading them (a config value, a CLI flag, OPML, a CSV of ratings)
and finding the one that applies to an article.

An article's leaning is its source's, when the operator rated the source itself (a feed
of one outlet); otherwise the imported rating of its site's domain, else of its outlet's
name. Ratings are kept by key: ``domain:<host without www.>`` or ``name:<folded name>``,
where a name is folded to lower case without punctuation or a trailing qualifier in
parentheses ("Fox News (Online News)" and "Fox News" are one outlet).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from newsdesk.errors import NewsdeskError
from newsdesk.models import Article, Leaning, Source
from newsdesk.text.urls import host_of as text_host_of

# What rating files and feed readers write for each leaning (AllSides, Ad Fontes, MBFC).
_ALIASES = {
    "left": Leaning.LEFT,
    "far left": Leaning.LEFT,
    "lean left": Leaning.LEAN_LEFT,
    "leans left": Leaning.LEAN_LEFT,
    "left center": Leaning.LEAN_LEFT,
    "center left": Leaning.LEAN_LEFT,
    "centre left": Leaning.LEAN_LEFT,
    "center": Leaning.CENTER,
    "centre": Leaning.CENTER,
    "least biased": Leaning.CENTER,
    "lean right": Leaning.LEAN_RIGHT,
    "leans right": Leaning.LEAN_RIGHT,
    "right center": Leaning.LEAN_RIGHT,
    "center right": Leaning.LEAN_RIGHT,
    "centre right": Leaning.LEAN_RIGHT,
    "right": Leaning.RIGHT,
    "far right": Leaning.RIGHT,
    "mixed": Leaning.MIXED,
}
OUTLET_COLUMNS = ("outlet", "name", "source", "news_source")
DOMAIN_COLUMNS = ("domain", "url", "site", "website")
RATING_COLUMNS = ("rating", "leaning", "bias", "bias_rating", "stance")
MAX_RATINGS_BYTES = 5_000_000


class RatingsError(NewsdeskError):
    """A leaning or a ratings file that cannot be read; says where and why."""


def parse_leaning(value: str) -> Leaning:
    """A leaning from how people write it: "lean left", "Lean Left", "left-center", ...

    Raises:
        RatingsError: for anything else, naming the accepted values.
    """
    folded = " ".join(re.split(r"[\s_-]+", value.strip().lower()))
    if folded in _ALIASES:
        return _ALIASES[folded]
    accepted = ", ".join(f"'{x.value}'" for x in Leaning)
    raise RatingsError(f"unknown leaning {value!r}: use one of {accepted}")


def fold_name(name: str) -> str:
    """An outlet's name as a rating key part: "Fox News (Online News)" -> "fox news"."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    return " ".join(re.findall(r"\w+", name.lower()))


def host_of(url_or_domain: str) -> str:
    """The host of a URL or a bare domain, lower case and without "www."."""
    text = url_or_domain.strip().lower()
    return text_host_of(text if "://" in text else "http://" + text)


@dataclass(frozen=True, slots=True)
class Rating:
    """One line of a ratings file: an outlet (by name, domain or both) and its leaning."""

    outlet: str
    domain: str
    leaning: Leaning

    def keys(self) -> dict[str, tuple[str, Leaning]]:
        """The store's rows for this rating: key -> (outlet as written, leaning)."""
        shown = self.outlet or self.domain
        found = {}
        if self.domain and (host := host_of(self.domain)):
            found[f"domain:{host}"] = (shown, self.leaning)
        if self.outlet and (name := fold_name(self.outlet)):
            found[f"name:{name}"] = (shown, self.leaning)
        return found


def read_ratings(data: bytes, where: str = "ratings") -> list[Rating]:
    """Every rating of a CSV file with a header: an outlet and/or domain column and a
    rating column (names as in ``OUTLET_COLUMNS``, ``DOMAIN_COLUMNS``, ``RATING_COLUMNS``).

    Args:
        data: the file's bytes (UTF-8, a BOM allowed).
        where: the file's name, for errors.

    Returns:
        The ratings, in file order.

    Raises:
        RatingsError: the first problem (line and why); nothing is read from a bad file.
    """
    if len(data) > MAX_RATINGS_BYTES:
        raise RatingsError(f"{where}: larger than {MAX_RATINGS_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RatingsError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    rows = csv.reader(io.StringIO(text))
    header = [h.strip().lower().replace(" ", "_") for h in next(rows, [])]

    def column(names: tuple[str, ...]) -> int | None:
        return next((header.index(n) for n in names if n in header), None)

    outlet, domain, rating = column(OUTLET_COLUMNS), column(DOMAIN_COLUMNS), column(RATING_COLUMNS)
    if rating is None or (outlet is None and domain is None):
        raise RatingsError(
            f"{where}: the first line must name an outlet or domain column and a rating "
            f"column (found: {', '.join(header) or 'nothing'})"
        )
    found = []
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(index: int | None, row: list[str] = row) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        name, site = cell(outlet), cell(domain)
        if not name and not site:
            raise RatingsError(f"{where}:{line}: no outlet and no domain")
        try:
            leaning = parse_leaning(cell(rating))
        except RatingsError as exc:
            raise RatingsError(f"{where}:{line}: {exc}") from None
        if site and not host_of(site):
            raise RatingsError(f"{where}:{line}: {site!r} is not a domain")
        found.append(Rating(name, site, leaning))
    return found


def article_leaning(
    article: Article,
    outlet: str,
    source_leanings: Mapping[int, Leaning],
    ratings: Mapping[str, Leaning],
) -> Leaning | None:
    """The leaning of an article's outlet, or None when it is not rated.

    Args:
        article: the article (its source and URL are read).
        outlet: the outlet's name as pages show it.
        source_leanings: source id -> leaning, for the sources that have one.
        ratings: the imported ratings, by key.
    """
    if article.source_id is not None and article.source_id in source_leanings:
        return source_leanings[article.source_id]
    host = host_of(article.url) if article.url.startswith(("http://", "https://")) else ""
    while host:
        if f"domain:{host}" in ratings:
            return ratings[f"domain:{host}"]
        host = host.partition(".")[2] if host.count(".") > 1 else ""
    return ratings.get(f"name:{fold_name(outlet)}")


class _RatingsStore(Protocol):
    """What ``OutletLeanings.read`` asks of a store."""

    def list_sources(self) -> Iterable[Source]: ...
    def outlet_ratings(self) -> dict[str, Leaning]: ...


@dataclass(frozen=True, slots=True)
class OutletLeanings:
    """What decides articles' leanings: the sources' own, then the imported ratings."""

    sources: Mapping[int, Leaning]
    ratings: Mapping[str, Leaning]

    @classmethod
    def read(cls, store: _RatingsStore) -> OutletLeanings:
        """The store's rated sources and imported ratings."""
        return cls(
            sources={
                s.id: s.leaning for s in store.list_sources() if s.id is not None and s.leaning
            },
            ratings=store.outlet_ratings(),
        )

    def of(self, article: Article, outlet: str) -> Leaning | None:
        """``article_leaning`` of ``article``, whose outlet pages call ``outlet``."""
        return article_leaning(article, outlet, self.sources, self.ratings)
