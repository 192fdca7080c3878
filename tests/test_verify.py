"""Planted errors in a draft are caught by the verifier, each in its own test."""

import pytest

from newsdesk.models import Article, Draft, Sentence
from newsdesk.verify import check_sentence, verify, write_verified
from newsdesk.write.extractive import ExtractiveWriter

# Real text: two sentences of the example raw article (shared/examples/raw-article.txt).
SOURCE = Article(
    url="https://rco-news.example/x",
    title="Mexico opposes the landing of the American plane",
    paragraphs=(
        "US military planes made two similar flights to Guatemala on Friday, each carrying about "
        "80 migrants, but the government was unable to move forward with a plan to land the C-17 "
        "in Mexico after Washington rejected the request.",
        "He has already deployed 1,500 additional US troops there, and officials have said "
        "thousands more could soon be deployed.",
        "The ministry noted: Regarding repatriation, we always welcome the arrival of Mexicans on "
        "our soil with open arms.",
    ),
    id=7,
)
GOOD = (
    "US military planes made two similar flights to Guatemala on Friday, "
    "each carrying about 80 migrants."
)


def draft_with(sentence: str) -> Draft:
    return Draft(
        "Mexico Opposes the Landing of the American Plane",
        Sentence(GOOD, (7,)),
        ((Sentence(sentence, (7,)),),),
    )


def test_supported_sentence_passes() -> None:
    assert check_sentence(GOOD, [SOURCE]) == []
    assert (
        check_sentence("He has already deployed 1500 additional US troops there.", [SOURCE]) == []
    )


def test_changed_number_is_caught() -> None:
    bad = "He has already deployed 2,500 additional US troops there."
    checked, report = verify(draft_with(bad), [SOURCE])
    assert checked is not None and bad not in [s.text for s in checked.sentences()]
    assert report.dropped == (bad,)
    assert "number 2500" in report.notes[0]


def test_swapped_name_is_caught() -> None:
    bad = "US military planes made two similar flights to Honduras on Friday."
    assert check_sentence(bad, [SOURCE]) == ["name Honduras"]
    _, report = verify(draft_with(bad), [SOURCE])
    assert report.dropped == (bad,)


def test_invented_quote_is_caught() -> None:
    bad = 'The ministry noted: "we will never accept military flights" from Washington.'
    problems = check_sentence(bad, [SOURCE])
    assert any(p.startswith("quote") for p in problems)


def test_citation_outside_the_story_is_caught() -> None:
    draft = Draft(
        "Mexico Opposes the Landing of the American Plane",
        Sentence(GOOD, (7,)),
        ((Sentence(GOOD, (99,)),),),
    )
    checked, report = verify(draft, [SOURCE])
    assert checked is not None and checked.paragraphs == ()
    assert "outside the story" in report.notes[0]


@pytest.mark.parametrize("headline", ["Honduras Opposes the Landing", "Mexico Lands 900 Planes"])
def test_unsupported_headline_rejects_the_draft_and_falls_back(headline: str) -> None:
    bad = Draft(headline, Sentence(GOOD, (7,)), ())
    checked, _ = verify(bad, [SOURCE])
    assert checked is None

    class Planted:
        name = "planted"

        def write(self, articles: object) -> Draft:
            return bad

    draft, report = write_verified([SOURCE], Planted(), ExtractiveWriter())
    assert report.fell_back
    assert draft.writer == "extractive"
