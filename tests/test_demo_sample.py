"""The packaged demo sample names outlets as a reader knows them (issue 22, item 6).

AllSides labels each article with what it rates: a medium ("Fox News (Online News)"), a
columnist ("Rich Lowry"), a category ("Guest Writer - Center"). The sample must show the
publication as the site name, the columnist as the author, and rate the publication.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from newsdesk.extract import ExtractOptions, extract
from newsdesk.models import Article, ArticleKind, Leaning, RawDocument
from newsdesk.ratings import article_leaning, read_ratings

SAMPLE = Path(str(resources.files("newsdesk") / "sample"))
LABEL_MARKS = ("Guest Writer", "AllSides", "Staff", "(", ")", " - ")


def sample_articles() -> list[Article]:
    """The sample's lines as newsdesk reads them (the JSONL dump's extraction path)."""
    found = []
    for n, line in enumerate((SAMPLE / "articles.jsonl").read_text("utf-8").splitlines()):
        body = line.encode("utf-8")
        url = json.loads(line)["url"]
        now = datetime(2026, 1, 1, tzinfo=UTC)
        raw = RawDocument(str(n), url, url, 200, {}, body, now, "application/json")
        article = extract(raw, ExtractOptions(min_words=25))  # as the demo's config says
        assert isinstance(article, Article), f"line {n + 1}: {article}"
        found.append(article)
    return found


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def test_every_site_name_is_a_publication_and_columnists_are_authors() -> None:
    articles = sample_articles()
    assert len(articles) >= 100
    authors = {a for article in articles for a in article.authors}
    by_host: dict[str, set[str]] = {}
    for article in articles:
        name = article.site_name
        assert name, article.url
        assert not any(mark in name for mark in LABEL_MARKS), (name, article.url)
        assert name not in authors, (name, article.url)
        by_host.setdefault(host(article.url), set()).add(name)
    # One publication per web site: no medium, desk or opinion section as an outlet.
    assert {h: names for h, names in by_host.items() if len(names) > 1} == {}
    lowry = next(a for a in articles if "the-lefts-favorite-dictatorship" in a.url)
    assert (lowry.site_name, lowry.authors) == ("National Review", ("Rich Lowry",))
    turley = next(a for a in articles if host(a.url) == "thehill.com" and a.authors)
    assert (turley.site_name, turley.authors) == ("The Hill", ("Jonathan Turley",))


def test_the_ratings_rate_the_publications_shown() -> None:
    articles = sample_articles()
    ratings = read_ratings((SAMPLE / "ratings.csv").read_bytes(), "ratings.csv")
    assert {r.outlet for r in ratings} == {a.site_name for a in articles}
    keys = {k: leaning for r in ratings for k, (_, leaning) in r.keys().items()}
    leanings = {}
    for article in articles:
        leaning = article_leaning(article, article.site_name, {}, keys)
        assert leaning is not None, article.url
        leanings.setdefault(article.site_name, set()).add(leaning)
    assert {n: ls for n, ls in leanings.items() if len(ls) > 1} == {}
    # A column is rated as its publication (SOURCES.md says why), not as its writer.
    assert leanings["The Hill"] == {Leaning.CENTER}  # Jonathan Turley: lean right
    assert leanings["National Review"] == {Leaning.RIGHT}
    assert leanings["Fox News"] == {Leaning.RIGHT}
    assert leanings["The Washington Post"] == {Leaning.LEAN_LEFT}  # guest: center
    assert leanings["The New York Times"] == {Leaning.LEAN_LEFT}  # opinion: left


def test_columns_and_analyses_carry_their_section() -> None:
    """The crawl lost the pages' markup; the sample carries the section a page gives.

    Vice's column on Sha'Carri Richardson led the demo's Sports section as news (editor's
    read, session 5): its text alone does not show it is a column.
    """
    lines = [
        json.loads(line)
        for line in (SAMPLE / "articles.jsonl").read_text("utf-8").split("\n")
        if line
    ]
    articles = sample_articles()
    kinds = {a.url: a.kind for a in articles}
    marked = {line["url"]: line["section"] for line in lines if "section" in line}
    assert set(marked.values()) == {"Opinion", "Analysis"} and len(marked) >= 20
    wanted = {"Opinion": ArticleKind.OPINION, "Analysis": ArticleKind.ANALYSIS}
    assert {url: kinds[url] for url in marked} == {u: wanted[s] for u, s in marked.items()}
    vice = next(a for a in articles if host(a.url) == "vice.com" and "richardson" in a.url)
    assert vice.kind == ArticleKind.OPINION
    # Without the section, its text reads as a news report: the marking is what tells.
    record = next(line for line in lines if line["url"] == vice.url)
    bare = {k: v for k, v in record.items() if k != "section"}
    now = datetime(2026, 1, 1, tzinfo=UTC)
    raw = RawDocument(
        "v", vice.url, vice.url, 200, {}, json.dumps(bare).encode(), now, "application/json"
    )
    unmarked = extract(raw, ExtractOptions(min_words=25))
    assert isinstance(unmarked, Article) and unmarked.kind == ArticleKind.NEWS


def test_the_raw_outlet_page_is_kept() -> None:
    pages = sorted(p.name for p in (SAMPLE / "pages").iterdir())
    assert pages == ["rco-news-mexico-deportation-flight.html"]
