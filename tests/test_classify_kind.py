"""The article-kind classifier (newsdesk.classify.kind), one test per signal.

URLs, titles and texts are real: AllSides stream articles (tests/fixtures/README.md,
"allsides-stream"), the JSON-LD types and sections those sites publish. The figure on
the whole dev stream (precision >= 0.95) needs the dataset and skips without it.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from newsdesk.classify.kind import (
    PageSignals,
    classify_article,
    classify_kind,
    kind_from_byline,
    kind_from_title,
    kind_from_url,
    voice_cues,
)
from newsdesk.models import Article, ArticleKind

K = ArticleKind


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.theguardian.com/commentisfree/2021/apr/22/earth-day-policy", K.OPINION),
        ("https://www.washingtonexaminer.com/opinion/on-earth-day-youth-activists", K.OPINION),
        ("https://www.nytimes.com/2021/04/29/opinion/biden-schumer-manchin.html", K.OPINION),
        ("https://www.bloomberg.com/opinion/articles/2021-05-05/trump-facebook-ban", K.OPINION),
        ("https://www.washingtonpost.com/opinions/2021/05/27/bidens-announcement/", K.OPINION),
        ("https://www.jpost.com/opinion/the-israeli-palestinian-conflicts-cycle-opinion-667999",
         K.OPINION),
        ("https://www.dailywire.com/news/opinion-the-second-amendment-doesnt-shrink", K.OPINION),
        ("https://www.cnn.com/2021/07/13/americas/cuba-protests-analysis-intl-hnk/index.html",
         K.ANALYSIS),
        ("https://www.factcheck.org/2021/06/fact-check/is-unemployment-bonus-keeping-workers",
         K.FACT_CHECK),
        ("https://www.cnn.com/world/live-news/israel-gaza-live-updates-05-14-21/index.html",
         K.LIVE_BLOG),
    ],
)  # fmt: skip
def test_url_paths_name_the_kind(url: str, kind: ArticleKind) -> None:
    assert kind_from_url(url) is kind
    assert classify_kind(PageSignals(url=url)).signal == "url"


@pytest.mark.parametrize(
    "url",
    [
        # A story about a blog, a section of news under /blogs/, an "analysis" of DNA.
        "https://www.washingtonpost.com/technology/2021/06/02/trump-blog-dead/",
        "https://thehill.com/blogs/blog-briefing-room/news/561291-americans-concern-poll",
        "https://www.nationalreview.com/news/trump-shuts-down-his-personal-blog/",
        "https://apnews.com/article/capitol-siege-arrests-ba8b1e2e2c3f",
        "https://www.reuters.com/world/us/live-tv-coverage-2021-05-01/",
    ],
)
def test_news_urls_name_no_kind(url: str) -> None:
    assert kind_from_url(url) is None


def test_title_markers() -> None:
    assert kind_from_title("Opinion: What a true Memorial Day celebration looks like") is K.OPINION
    assert kind_from_title("EXPLAINER: What was the outcome of the latest Gaza war?") is K.ANALYSIS
    assert kind_from_title("Biden's budget bet | Analysis") is K.ANALYSIS
    assert kind_from_title("Live updates: Israel and Hamas agree to a cease-fire") is K.LIVE_BLOG
    assert kind_from_title("Fact check: No, the Jan. 6 attack was not a false flag") is (
        K.FACT_CHECK
    )
    # A colon inside a news title is no marker.
    assert kind_from_title("Juneteenth: Biden signs the bill into law") is None
    assert kind_from_title("Trump to UN: a plea for Iran talks") is None


def test_bylines() -> None:
    assert kind_from_byline("Opinion by Jennifer Rubin") is K.OPINION
    assert kind_from_byline("Leslie Marshall, Fox News contributor") is K.OPINION
    assert kind_from_byline("The Editorial Board") is K.OPINION
    assert kind_from_byline("Analysis by Stephen Collinson, CNN") is K.ANALYSIS
    assert kind_from_byline("Zeke Miller, Associated Press") is None


def test_page_markup_and_feed_and_source_setting() -> None:
    assert classify_kind(PageSignals(ld_types=("OpinionNewsArticle",))).kind is K.OPINION
    assert classify_kind(PageSignals(ld_types=("https://schema.org/AnalysisNewsArticle",))) == (
        classify_kind(PageSignals(ld_types=("AnalysisNewsArticle",)))
    )
    assert classify_kind(PageSignals(ld_types=("LiveBlogPosting",))).kind is K.LIVE_BLOG
    # A plain NewsArticle says nothing: the /opinion/ path decides.
    opinion = PageSignals(url="https://x.example/opinion/a-b", ld_types=("NewsArticle",))
    assert classify_kind(opinion).signal == "url"
    assert classify_kind(PageSignals(section="Opinion")).signal == "section"
    assert classify_kind(PageSignals(section="Politics")).kind is K.NEWS
    assert classify_kind(PageSignals(categories=("Politics", "Commentary"))).kind is K.OPINION
    # The operator's setting outranks everything the page says.
    setting = PageSignals(url="https://x.example/opinion/a-b", source_kind=K.PRESS_RELEASE)
    assert classify_kind(setting) == classify_kind(PageSignals(source_kind=K.PRESS_RELEASE))
    assert classify_kind(setting).kind is K.PRESS_RELEASE


OPINION_TEXT = (
    "Are you worried about your chip supply? Not potato chips. Not poker chips. And not "
    "wood chips. I am talking about the shortage of semiconductor chips, which you may not "
    "realize influence everything from your cell phone to your car.\nWe are talking about a "
    "nearly $500 billion semiconductor industry."
)
NEWS_TEXT = (
    "Capping nearly two weeks of talks between Democrats and Republicans, the Senate "
    "approved legislation on Thursday to ramp up law enforcement efforts to better protect "
    "the Asian American and Pacific Islander community from hate crimes.\nThe bill, which "
    "needed 60 votes for passage in the evenly divided Senate, was approved by a 94-1 vote. "
    'Only GOP Sen. Josh Hawley of Missouri voted no.\n"We are not done," Schumer said.'
)


def test_the_text_speaks_only_when_its_voice_is_plain() -> None:
    title = "Why you should care about the semiconductor chip crisis"
    assert voice_cues(title, OPINION_TEXT) == 6
    verdict = classify_kind(PageSignals(title=title, text=OPINION_TEXT))
    # The learnt voice model (tests/test_classify_voice.py) reads the text before the cues.
    assert verdict.kind is K.OPINION and verdict.signal in ("text_model", "text")
    # A quoted "we" and one evaluative word are not a columnist's voice.
    news_title = "Senate Approves Asian American Hate Crimes Bill"
    assert voice_cues(news_title, NEWS_TEXT) <= 1
    assert classify_kind(PageSignals(title=news_title, text=NEWS_TEXT)).signal == "none"


def test_classify_article_reads_the_article() -> None:
    article = Article(
        url="https://www.example.com/2021/05/01/story.html",
        title="Senate Approves Asian American Hate Crimes Bill",
        paragraphs=tuple(NEWS_TEXT.split("\n")),
        authors=("Opinion by Jennifer Rubin",),
    )
    assert classify_article(article).signal == "byline"
    assert classify_article(article, source_kind=K.NEWS).kind is K.NEWS


def test_dev_stream_precision(data_dir: Callable[[str], Path]) -> None:
    """Opinion + analysis precision >= 0.95 on the stream's labels (FACT CHECK, DATA: news)."""
    path = data_dir("allsides-stream") / "dev.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    said = right = 0
    for row in rows:
        article = Article(url=row["url"], title=row["title"], paragraphs=(row["text"],))
        if classify_article(article).kind in (K.OPINION, K.ANALYSIS):
            said += 1
            right += row["opinion_tag"] in ("OPINION", "ANALYSIS")
    assert said >= 30
    assert right / said >= 0.95


def _stream_rows(cluster: str) -> list[dict[str, str]]:
    sample = Path(__file__).parent / "fixtures" / "write" / "allsides-stream-sample.jsonl"
    rows = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["cluster_id"] == cluster]


def test_a_sources_kind_of_articles_setting_outranks_the_pages(tmp_path: Path) -> None:
    from newsdesk.config import load_config
    from newsdesk.evaluate.stream import product_records
    from newsdesk.pipeline import run
    from newsdesk.store import open_store

    dump = tmp_path / "columns.jsonl"
    records = product_records(_stream_rows("as-6110"))  # three news reports
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    config_file = tmp_path / "newsdesk.toml"
    config_file.write_text(
        f'[[sources]]\nurl = "{dump}"\nkind = "jsonl"\nkind_of_articles = "opinion"\n',
        encoding="utf-8",
    )
    config = load_config(config_file, env={})
    assert config.sources[0].article_kind is K.OPINION
    store = open_store(config.store_url)
    try:
        run(config, store)
        articles = store.recent_articles(since=None)
        assert len(articles) == 3 and {a.kind for a in articles} == {K.OPINION}
        assert store.list_sources()[0].article_kind is K.OPINION
        story = store.latest_stories(10)[0]
        draft = store.versions(story.story_id)[-1].draft
        # Columns only: the story is told in attributed lines.
        assert draft.summary.text.startswith(("In ", "On ")) or (
            " published an opinion piece" in draft.summary.text
        )
    finally:
        store.close()


def test_a_bad_kind_of_articles_is_one_clear_error(tmp_path: Path) -> None:
    from newsdesk.config import load_config
    from newsdesk.errors import ConfigError

    config_file = tmp_path / "newsdesk.toml"
    config_file.write_text(
        '[[sources]]\nurl = "https://example.org/feed.xml"\nkind_of_articles = "rant"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="kind_of_articles must be one of news, opinion"):
        load_config(config_file, env={})


_PAGE = """<!doctype html><html lang="en"><head><title>{title}</title>
<meta property="og:type" content="article">{head}</head><body><article><h1>{title}</h1>
{body}</article></body></html>"""
_PARAGRAPHS = "".join(
    f"<p>The city council voted on the new budget on Tuesday after a long debate, item {n}, "
    "and the measure now goes to the mayor, who has said she will sign it this week.</p>"
    for n in range(8)
)


def _extracted(head: str) -> Article:
    from datetime import UTC, datetime

    from newsdesk.extract import extract
    from newsdesk.models import RawDocument

    url = "https://www.example-news.com/2021/06/01/city-budget-vote"
    body = _PAGE.format(title="The city budget vote", head=head, body=_PARAGRAPHS)
    raw = RawDocument(url, url, url, 200, {}, body.encode(), datetime(2021, 6, 1, tzinfo=UTC))
    article = extract(raw)
    assert isinstance(article, Article)
    return article


def test_extraction_classifies_from_the_page_json_ld_and_section() -> None:
    # A news-looking URL and text: only the page's own declarations say what it is.
    assert _extracted("").kind is ArticleKind.NEWS
    ld = '<script type="application/ld+json">{"@type": "OpinionNewsArticle"}</script>'
    assert _extracted(ld).kind is ArticleKind.OPINION
    section = '<meta property="article:section" content="Analysis">'
    assert _extracted(section).kind is ArticleKind.ANALYSIS
