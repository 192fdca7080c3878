"""The verifier: planted errors are caught, each in its own test; real sentences pass."""

import random
import re
from pathlib import Path

import pytest

from newsdesk.evaluate.data import iter_records
from newsdesk.models import Article, Draft, Sentence
from newsdesk.text import COMMON_WORDS, TITLE_WORDS, names, numbers
from newsdesk.verify import check, check_sentence, verify
from newsdesk.write import ExtractiveWriter, WriterError, write_verified

NEUS = Path(__file__).resolve().parent / "fixtures" / "datasets" / "neus-allsides"

# Real text: sentences of the example raw article (tests/fixtures/write/rco-news-raw-article.txt).
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
        "Mexican President Claudia Sheinbaum said on Wednesday that such an action requires the "
        "consent of the host country.",
        "The US president threatened to impose 25 percent tariffs on Mexican goods beginning in "
        "February, on top of $60 billion already announced.",
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


def test_supported_sentences_pass() -> None:
    assert check_sentence(GOOD, [SOURCE]) == []
    assert (
        check_sentence("He has already deployed 1500 additional US troops there.", [SOURCE]) == []
    )
    assert (
        check_sentence(
            "Claudia Sheinbaum said on Wednesday that such an action requires consent.", [SOURCE]
        )
        == []
    )
    assert check_sentence("Tariffs of 25% on Mexican goods were threatened.", [SOURCE]) == []


def test_numbers_are_read_by_value_and_kind() -> None:
    assert (5000.0, "") in numbers("about 5,000 migrants")
    assert (5000.0, "") in numbers("about five thousand migrants")
    assert (5000.0, "") in numbers("about 5 thousand migrants")
    assert (25.0, "percent") in numbers("25 percent") & numbers("25%")
    assert (60e9, "money") in numbers("$60 billion") & numbers("$60bn")
    assert (21.0, "") in numbers("twenty-one people")


def test_changed_number_is_caught() -> None:
    bad = "He has already deployed 2,500 additional US troops there."
    checked, report = verify(draft_with(bad), [SOURCE])
    assert checked is not None and bad not in [s.text for s in checked.sentences()]
    assert report.dropped == (bad,)
    assert "number 2500" in report.notes[0]


def test_changed_unit_is_caught() -> None:
    # 25 percent in the source: 25 dollars is another unit.
    assert check("Tariffs of $25 on Mexican goods were threatened.", [SOURCE]).reasons == ("unit",)


def test_swapped_name_is_caught() -> None:
    bad = "US military planes made two similar flights to Honduras on Friday."
    assert check_sentence(bad, [SOURCE]) == ["name Honduras"]
    _, report = verify(draft_with(bad), [SOURCE])
    assert report.dropped == (bad,)


def test_swapped_first_name_is_caught() -> None:
    bad = "President Claudia Washington said on Wednesday that such an action requires consent."
    assert check_sentence(bad, [SOURCE]) == ["name Washington"]


def test_changed_day_is_caught() -> None:
    bad = "US military planes made two similar flights to Guatemala on Sunday."
    assert check(bad, [SOURCE]).reasons == ("date",)


def test_invented_quote_is_caught() -> None:
    bad = 'The ministry noted: "we will never accept military flights" from Washington.'
    problems = check_sentence(bad, [SOURCE])
    assert any(p.startswith("quote") for p in problems)
    assert (
        check_sentence('The ministry said: "we always welcome the arrival of Mexicans"', [SOURCE])
        == []
    )


def test_little_overlap_is_caught() -> None:
    verdict = check("Planes were grounded by a sudden storm over the coast.", [SOURCE])
    assert "unsupported" in verdict.reasons
    assert "unsupported coast ground storm sudden" in [str(p) for p in verdict.problems]


def test_citation_outside_the_story_is_caught() -> None:
    draft = Draft(
        "Mexico Opposes the Landing of the American Plane",
        Sentence(GOOD, (7,)),
        ((Sentence(GOOD, (99,)),),),
    )
    checked, report = verify(draft, [SOURCE])
    assert checked is not None and checked.paragraphs == ()
    assert "outside the story" in report.notes[0]


class Planted:
    name = "planted"

    def __init__(self, draft: Draft | None) -> None:
        self.draft = draft

    def write(self, articles: object) -> Draft:
        if self.draft is None:
            raise WriterError("endpoint down")
        return self.draft


@pytest.mark.parametrize("headline", ["Honduras Opposes the Landing", "Mexico Lands 900 Planes"])
def test_unsupported_headline_rejects_the_draft_and_falls_back(headline: str) -> None:
    bad = Draft(headline, Sentence(GOOD, (7,)), ())
    checked, _ = verify(bad, [SOURCE])
    assert checked is None
    draft, report = write_verified([SOURCE], Planted(bad), ExtractiveWriter())
    assert report.fell_back
    assert draft.writer == "extractive"
    assert report.notes[0].startswith("headline unsupported")


def test_failing_writer_falls_back() -> None:
    draft, report = write_verified([SOURCE], Planted(None), ExtractiveWriter())
    assert report.fell_back and draft.writer == "extractive"
    assert "endpoint down" in report.notes[0]


def test_names_heuristic_on_real_sentences() -> None:
    found = names("Mexican President Claudia Sheinbaum met Pope Francis in Rome on Friday.")
    assert found == ["Mexican President Claudia Sheinbaum", "Pope Francis", "Rome", "Friday"]
    assert names("The U.S. Senate voted.") == ["U.S. Senate"]


def _neus_sentences(count: int) -> list[tuple[str, Article, list[str]]]:
    """Real lead sentences with their article, and names used elsewhere in the data."""
    rows = []
    pool: list[str] = []
    for record in iter_records(NEUS):
        for raw in record["articles"]:
            text = raw["text"]
            first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)[0]
            pool += [
                n
                for n in names(first)
                if n.isalpha() and len(n) > 3 and n.lower() not in COMMON_WORDS | TITLE_WORDS
            ]
            if 8 <= len(first.split()) <= 50 and names(first):
                article = Article(url="eval:x", title=raw["title"], paragraphs=(text,), id=1)
                rows.append((first, article, []))
        if len(rows) >= count:
            break
    return [(s, a, pool) for s, a, _ in rows]


def test_planted_name_swaps_in_real_sentences_are_caught() -> None:
    """Measures the capitalised-span heuristic on real NeuS sentences: verbatim sentences
    all pass, and a name swapped for another name from the data (a person, place or
    organisation word, not a title such as "Senate") is caught."""
    rng = random.Random(6)
    rows = _neus_sentences(150)
    caught = tried = 0
    for sentence, article, pool in rows:
        assert check_sentence(sentence, [article]) == [], sentence
        own = [n for n in names(sentence) if " " not in n and n.isalpha()]
        if not own:
            continue
        victim = rng.choice(own)
        replacement = rng.choice([n for n in pool if n.lower() not in article.text.lower()])
        planted = re.sub(rf"\b{re.escape(victim)}\b", replacement, sentence, count=1)
        tried += 1
        caught += bool(check_sentence(planted, [article]))
    assert tried >= 100
    assert caught / tried >= 0.95


def test_an_initialism_before_a_digit_is_found() -> None:
    # "H.R.1" in the source: the name span "H.R." is there (no word boundary after a dot).
    source = Article(
        url="https://example.org/hr1",
        title="House passes voting bill",
        paragraphs=(
            'The legislation, dubbed the "For The People Act" or "H.R.1," passed 234-193 '
            "along party lines.",
        ),
        id=1,
    )
    text = 'The legislation, dubbed the "For The People Act" or "H.R.1," passed 234-193.'
    assert check_sentence(text, [source]) == []
    assert check_sentence(text.replace("H.R.", "S.B."), [source])
