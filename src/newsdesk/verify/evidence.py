"""What a cited article offers as support: its sentences, short passages, and metadata.

A *unit* of support is one sentence of the article (its title included), or two
sentences in a row when the second refers back to the first with a pronoun ("He has
already deployed 1,500 troops"): a claim may name who "he" is. The article's outlet,
authors and publication date are metadata a composed sentence may use (attributions,
datelines, an absolute date for "on Wednesday").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from urllib.parse import urlsplit

from newsdesk.models import Article
from newsdesk.text import split_sentences
from newsdesk.text.days import WEEKDAYS, weekday_date
from newsdesk.verify.parse import Parsed, parse

PRONOUNS = frozenset("he she they his her their him them".split())


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence (``parts``), or a sentence and, as ``context``, the one before it that
    its pronoun refers to: the context lends only its names ("He has deployed 1,500
    troops" supports "Trump has deployed 1,500 troops"); words, figures, dates, quotes
    and cues must be the sentence's own.
    """

    parts: tuple[Parsed, ...]
    stems: frozenset[str]
    lows: frozenset[str]
    dates: frozenset[str]
    values: frozenset[float]  # the values of its figures (for ranking units)
    context: Parsed | None = None

    @property
    def text(self) -> str:
        before = (self.context.text,) if self.context else ()
        return " ".join((*before, *(p.text for p in self.parts)))


@dataclass(frozen=True, slots=True)
class Evidence:
    """One cited article as support (``evidence_of``).

    Attributes:
        article_id: the article's id.
        outlet: its outlet's name (``site_name``, else the URL's host).
        authors: its bylines.
        published: its publication date, when known.
        units: its sentences (title first) and pronoun passages.
        meta_lows: the words of its outlet's name, host and authors' names, lower case:
            names a sentence citing this article may use to attribute.
        all_lows: every word of the article, lower case (a dateline's place).
        all_dates: every date the article states (a dateline's date).
    """

    article_id: int | None
    outlet: str
    authors: tuple[str, ...]
    published: date | None
    units: tuple[Unit, ...]
    meta_lows: frozenset[str]
    all_lows: frozenset[str]
    all_dates: frozenset[str]


def unit_of(parts: tuple[Parsed, ...], context: Parsed | None = None) -> Unit:
    """A unit of support: ``parts`` checked whole, ``context`` lending its names."""
    values = frozenset(f.value for p in parts for f in p.figures)
    if context is None and len(parts) == 1:  # one sentence: its own sets, not copies
        return Unit(parts, parts[0].stems, parts[0].lows, parts[0].dates, values)
    # The context lends the words of its names only: whom "he" stands for, not what
    # else it says ("joins 2020 presidential race" is the title's, not the passage's).
    lent = [context.tokens[i] for a, b in context.names for i in range(a, b)] if context else []
    return Unit(
        parts,
        frozenset().union(*(p.stems for p in parts), (t.stem for t in lent)),
        frozenset().union(*(p.lows for p in parts), (t.low for t in lent)),
        frozenset().union(*(p.dates for p in parts)),
        values,
        context,
    )


def _sentences(article: Article) -> Iterator[str]:
    if article.title.strip():
        yield article.title
    for paragraph in article.paragraphs:
        yield from split_sentences(" ".join(paragraph.split()))


def outlet_name(article: Article) -> str:
    """The outlet's name: ``site_name``, else the URL's host without "www."."""
    if article.site_name:
        return article.site_name
    host = urlsplit(article.url).hostname or ""
    return host.removeprefix("www.")


@lru_cache(maxsize=1024)  # an article read is about 100 kB
def evidence_of(article: Article) -> Evidence:
    """Read an article once as support (cached: the writer and the verifier ask often).

    Args:
        article: a cited article.

    Returns:
        Its units of support and metadata.
    """
    title = article.title.strip()
    parsed = [parse(s, title=bool(title) and n == 0) for n, s in enumerate(_sentences(article))]
    units = [unit_of((p,)) for p in parsed]
    for first, second in pairwise(parsed):
        if any(t.low in PRONOUNS for t in second.tokens):
            units.append(unit_of((second,), first))
    outlet = outlet_name(article)
    host = (urlsplit(article.url).hostname or "").removeprefix("www.")
    named = " ".join(n for n in (outlet, host, *article.authors) if n)
    meta = parse(named).lows if named else ()
    published = article.published_at.date() if article.published_at else None
    return Evidence(
        article_id=article.id,
        outlet=outlet,
        authors=article.authors,
        published=published,
        units=tuple(units),
        meta_lows=frozenset(meta),
        all_lows=frozenset().union(*(p.lows for p in parsed)),
        all_dates=frozenset().union(*(p.dates for p in parsed)),
    )


def resolved_dates(keys: frozenset[str], published: date | None) -> set[str]:
    """The absolute dates (``md:`` keys, and ``wd:`` for absolute ones) that a sentence's
    weekdays and relative days mean when read on its article's publication day.

    "On Wednesday" in an article of Friday 24 January means 22 January; "yesterday"
    the 23rd. Datelines and composed sentences may give the absolute date.
    """
    if published is None:
        return set()
    out: set[str] = set()
    for key in keys:
        kind, _, value = key.partition(":")
        day: date | None = None
        if kind == "wd" and value in WEEKDAYS:
            day = weekday_date(value, published)
        elif key in ("rel:today", "rel:tonight"):
            day = published
        elif key == "rel:yesterday":
            day = published - timedelta(days=1)
        elif key == "rel:tomorrow":
            day = published + timedelta(days=1)
        elif kind == "md":
            month, _, dom = value.partition("-")
            try:
                day = date(published.year, int(month), int(dom))
            except ValueError:
                continue
            out.add(f"wd:{WEEKDAYS[day.weekday()]}")
            continue
        if day is not None:
            out |= {f"md:{day.month}-{day.day}", f"mo:{day.month}", f"yr:{day.year}"}
            out.add(f"wd:{WEEKDAYS[day.weekday()]}")
    return out


def metadata_support(article: Article) -> Article:
    """``article`` with its metadata as one more paragraph: outlet, authors, date.

    For checks that read whole articles (``missing_facts``); ``check`` reads the
    metadata from ``evidence_of`` itself, so passing this to it changes nothing.
    """
    parts = [article.site_name, *article.authors]
    if article.published_at is not None:
        when = article.published_at
        parts.append(f"{when:%A}, {when:%B} {when.day}, {when.year}")
    line = ". ".join(p for p in parts if p)
    return replace(article, paragraphs=(line, *article.paragraphs)) if line else article
