"""The extractive writer composes no claim that its own verifier refuses (issue 20).

Each case is a NeuS dev item whose draft had a claim refused: a title-case headline's
"May"/"March" read as the month, a headline that is a source's title without its full
stop refused for a quote the title shares with a longer one, and an opening clause with
a negation dropped from a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsdesk.evaluate.summarization import _records, item_articles
from newsdesk.models import Article
from newsdesk.verify import check, verify
from newsdesk.verify.parse import parse
from newsdesk.write import ExtractiveWriter
from newsdesk.write.clean import clean_sentence, usable


@pytest.mark.parametrize(
    "headline",
    [
        "Trump Says Summit With North Korea's Kim Jong-Un May Be Delayed",
        "New York May Use National Guard to Replace Unvaccinated Health Workers",
        "White Supremacists Chant 'Closed Borders, White Nation' in 'White Lives Matter' March",
    ],
)
def test_title_case_may_and_march_are_no_month(headline: str) -> None:
    assert not {d for d in parse(headline, title=True).dates if d.startswith("mo:")}


@pytest.mark.parametrize(
    ("headline", "key"),
    [
        ("Trump to Meet Kim in May", "mo:5"),
        ("Summit Set for May 12 in Singapore", "md:5-12"),
        ("Protests Have Grown Since March", "mo:3"),
        ("Vote Delayed to March 2021", "mo:3"),
    ],
)
def test_title_case_months_by_a_date_stay_months(headline: str, key: str) -> None:
    assert key in parse(headline, title=True).dates


def test_a_modal_may_headline_is_supported_by_its_title() -> None:
    article = Article(
        url="urn:a",
        title="Trump says summit with North Korea's Kim Jong-un may be delayed.",
        paragraphs=("President Donald Trump has said the summit with Kim Jong-un may be delayed.",),
        id=1,
    )
    headline = "Trump Says Summit With North Korea's Kim Jong-Un May Be Delayed"
    assert check(headline, [article], headline=True).problems == ()
    # A month the sources do not state is still refused.
    month = "Trump Says Summit With North Korea's Kim Jong-Un Delayed in May"
    assert "date" in [p.reason for p in check(month, [article], headline=True).problems]


def test_a_title_as_written_but_its_full_stop_is_supported() -> None:
    speech = Article(
        url="urn:b",
        title="Kavanaugh abandons script to deliver blistering opening statement.",
        paragraphs=(
            "A visibly emotional Judge Brett Kavanaugh abandoned his prepared script and "
            "delivered a blistering opening statement denying the allegations, calling it a "
            "“calculated and orchestrated political hit.”",
        ),
        id=1,
    )
    own = Article(
        url="urn:c",
        title="Brett Kavanaugh Calls Allegations a ‘Political Hit’.",
        paragraphs=(
            "A fiery, tearful Brett Kavanaugh defended his nomination to the Supreme Court "
            "against allegations of sexual assault.",
        ),
        id=2,
    )
    headline = "Brett Kavanaugh Calls Allegations a ‘Political Hit’"
    assert check(headline, [speech, own], headline=True).problems == ()


def test_an_opening_clause_with_a_negation_is_kept() -> None:
    sentence = "But don’t take my word for it, take five minutes and read the report yourself."
    cleaned = clean_sentence(sentence, {"report", "clinton"})
    assert cleaned == sentence
    assert not usable(cleaned)  # the opinion writer's own voice ("my"): never picked


@pytest.mark.parametrize("index", [311, 1186, 1306, 1395, 2312, 2323, 2325, 2701])
def test_the_writer_composes_nothing_its_verifier_refuses(
    data_dir: Callable[[str], Path], index: int
) -> None:
    record = next(_records(data_dir("neus-allsides"), 1, None, index))
    articles = item_articles(record)
    _, report = verify(ExtractiveWriter().write(articles), articles)
    assert report.refused == ()
