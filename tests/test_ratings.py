"""Outlets' leanings from every place an operator may give them: the config, `sources add
--leaning`, OPML and a CSV of ratings; and which one applies to an article.

The ratings are AllSides' media bias ratings of outlets in the AllSides stream (the
``stance`` of its records), as an operator would copy them from allsides.com.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.config import load_config
from newsdesk.errors import ConfigError
from newsdesk.ingest.opml import OpmlImport, opml_text, parse_opml
from newsdesk.models import Article, Leaning, Source, SourceKind
from newsdesk.ratings import RatingsError, article_leaning, parse_leaning, read_ratings
from newsdesk.store import open_store

RATINGS = """\ufeffOutlet,Domain,Bias Rating
Washington Post,washingtonpost.com,Lean Left
Fox News (Online News),foxnews.com,Right
Reuters,,Center
,breitbart.com,right
Axios,axios.com,center
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    os.chdir(tmp_path)
    path = tmp_path / "newsdesk.toml"
    path.write_text(
        '[store]\nurl = "newsdesk.db"\n\n[[sources]]\nurl = "https://feeds.example/wp.xml"\n'
        'kind = "feed"\nname = "Washington Post"\nleaning = "Lean Left"\n',
        encoding="utf-8",
    )
    return path


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_leanings_are_read_as_people_write_them() -> None:
    assert parse_leaning("Lean Left") is Leaning.LEAN_LEFT
    assert parse_leaning("left-center") is Leaning.LEAN_LEFT
    assert parse_leaning(" RIGHT ") is Leaning.RIGHT
    assert parse_leaning("lean_right") is Leaning.LEAN_RIGHT
    with pytest.raises(RatingsError, match="unknown leaning 'leftish': use one of 'left'"):
        parse_leaning("leftish")


def test_a_config_source_carries_its_leaning(config: Path) -> None:
    [source] = load_config(config).sources
    assert source.leaning is Leaning.LEAN_LEFT
    config.write_text(config.read_text("utf-8").replace("Lean Left", "sideways"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"source 1: unknown leaning 'sideways'"):
        load_config(config)


def test_sources_add_with_a_leaning_is_listed(config: Path) -> None:
    code, out = cli(
        "sources", "add", "https://feeds.example/fox.xml", "--kind", "feed",
        "--leaning", "right", "--config", str(config),
    )  # fmt: skip
    assert code == 0, out
    code, out = cli("sources", "list", "--config", str(config))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith("Washington Post  leaning lean left")
    assert lines[1].endswith("https://feeds.example/fox.xml  leaning right")
    code, out = cli(
        "sources", "add", "https://x.example/f.xml", "--kind", "feed", "--leaning", "up",
        "--config", str(config),
    )  # fmt: skip
    assert code == 2 and "unknown leaning 'up'" in out


def test_opml_carries_leanings_both_ways() -> None:
    sources = [
        Source("https://feeds.example/fox.xml", SourceKind.FEED, "Fox", leaning=Leaning.RIGHT),
        Source("https://feeds.example/plain.xml", SourceKind.FEED, "Plain"),
    ]
    parsed = parse_opml(opml_text(sources).encode("utf-8"))
    assert isinstance(parsed, OpmlImport)
    assert [(s.url, s.leaning) for s in parsed.sources] == [
        ("https://feeds.example/fox.xml", Leaning.RIGHT),
        ("https://feeds.example/plain.xml", None),
    ]
    other = (
        b'<opml version="2.0"><body>'
        b'<outline text="A" xmlUrl="https://a.example/f.xml" leaning="Lean Right"/>'
        b'<outline text="B" xmlUrl="https://b.example/f.xml" bias="nonsense"/>'
        b"</body></opml>"
    )
    parsed = parse_opml(other)
    assert isinstance(parsed, OpmlImport)
    assert [s.leaning for s in parsed.sources] == [Leaning.LEAN_RIGHT, None]


def test_import_ratings_then_each_article_gets_its_outlets(config: Path, tmp_path: Path) -> None:
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(RATINGS, encoding="utf-8")
    code, out = cli("sources", "import-ratings", str(ratings), "--config", str(config))
    assert code == 0, out
    assert out.strip() == f"imported 5 outlet ratings from {ratings}"
    store = open_store(load_config(config).store_url)
    try:
        known = store.outlet_ratings()
        wp_feed = store.upsert_source(load_config(config).sources[0])
        sources = {s.id: s.leaning for s in store.list_sources() if s.id and s.leaning}
    finally:
        store.close()
    assert known["domain:foxnews.com"] is Leaning.RIGHT
    assert known["name:fox news"] is Leaning.RIGHT  # "(Online News)" is no part of the name

    def leaning(url: str, outlet: str, source_id: int | None = None) -> Leaning | None:
        article = Article(url=url, title="t", paragraphs=(), source_id=source_id)
        return article_leaning(article, outlet, sources, known)

    # By the source's own rating first, then the site's domain (or a parent), then the name.
    assert leaning("https://www.washingtonpost.com/x", "WaPo", wp_feed) is Leaning.LEAN_LEFT
    assert leaning("https://video.foxnews.com/v/1", "Fox News Video") is Leaning.RIGHT
    assert leaning("https://www.breitbart.com/p", "Breitbart News") is Leaning.RIGHT
    assert leaning("https://www.reuters.com/world/x", "Reuters") is Leaning.CENTER
    assert leaning("https://example.org/a", "Fox News") is Leaning.RIGHT
    assert leaning("https://example.org/a", "The Unrated Gazette") is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("name,url\nA,a.example\n", ": the first line must name an outlet or domain column"),
        ("outlet,rating\nA,Left\nB,sideways\n", ":3: unknown leaning 'sideways'"),
        ("outlet,domain,rating\n,,left\n", ":2: no outlet and no domain"),
        ("domain,rating\nhttp://[x,left\n", ":2: 'http://[x' is not a domain"),
    ],
)
def test_a_bad_ratings_file_imports_nothing_and_says_where(
    config: Path, tmp_path: Path, text: str, error: str
) -> None:
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(text, encoding="utf-8")
    code, out = cli("sources", "import-ratings", str(ratings), "--config", str(config))
    assert code == 1
    assert out.startswith(f"Error: {ratings}{error}") and len(out.splitlines()) == 1
    with pytest.raises(RatingsError):
        read_ratings(text.encode("utf-8"), "ratings.csv")
    store = open_store(load_config(config).store_url)
    try:
        assert store.outlet_ratings() == {}
    finally:
        store.close()
