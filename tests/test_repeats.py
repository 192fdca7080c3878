"""Each fact once, and no source's slip copied: real cases from the AllSides stream
(editor's read, session 5, items 6 and 7)."""

from __future__ import annotations

from newsdesk.models import Article
from newsdesk.write.clean import clean_sentence, mend, usable
from newsdesk.write.shape import agree_rounded, same_action, same_fact
from stream_stories import FIXTURES, read_rows, stream_story, written

ROWS = read_rows(FIXTURES / "repeats-sample.jsonl")


def told(cluster: str) -> list[str]:
    articles: list[Article] = stream_story(ROWS, cluster)
    return written(articles)[1]


# Story 219: the deal told three times, each from another outlet.
AGREED = (
    "President Joe Biden said Thursday he has agreed to a deal on infrastructure with a "
    "bipartisan group of senators after White House officials and the senators had a massive "
    "breakthrough the night before in their infrastructure negotiations."
)
STRUCK = (
    "A group of Republican and Democrat lawmakers announced Wednesday that they had struck a "
    "deal with President Joe Biden on a potential infrastructure package."
)
ANNOUNCED = (
    "President Joe Biden announced an agreement on a bipartisan infrastructure package "
    "Thursday, giving his stamp of approval to a plan."
)


def test_a_deal_struck_agreed_or_announced_is_one_agreement() -> None:
    assert same_action(AGREED, STRUCK)
    assert same_action(STRUCK, ANNOUNCED)
    assert same_action(AGREED, ANNOUNCED)
    signed = "President Joe Biden signed an executive order on infrastructure permits on Friday."
    assert not same_action(AGREED, signed)


def test_recognition_and_recognized_are_one_recognition() -> None:
    guardian = (
        "Joe Biden has become the first US president to declare formal recognition of the "
        "Armenian genocide, more than a century after the mass killings by Ottoman troops."
    )
    review = (
        "President Biden formally recognized the Armenian genocide on Saturday, in a statement "
        "coinciding with the Armenian Genocide Remembrance Day observed in that country."
    )
    assert same_action(guardian, review)


def test_figures_equal_after_rounding_are_one_fact() -> None:
    # Story 264: "9.21 million" and then "9.2 million".
    epoch = (
        "The number of available jobs on the last day of May rose slightly to 9.21 million, "
        "from 9.19 million in April, the Labor Department said Wednesday."
    )
    npr = (
        "Openings reached 9.2 million, according to the Labor Department, about what they "
        "were a month earlier."
    )
    assert same_fact(epoch, npr)
    assert same_fact(npr, epoch)
    # Two weeks' claims are two facts, however alike their words.
    assert not same_fact(
        "Jobless claims rose to 373,000 last week.",
        "Claims were 371,000 a week earlier, the Labor Department said.",
    )


def test_rounding_agrees_only_within_the_less_precise_figure() -> None:
    assert agree_rounded((9_210_000.0, ""), (9_200_000.0, ""))
    assert agree_rounded((99.0, ""), (100.0, ""))  # "99 unaccounted", "nearly 100"
    assert not agree_rounded((150.0, ""), (200.0, ""))
    assert not agree_rounded((373_000.0, ""), (371_000.0, ""))
    assert not agree_rounded((4.2, "%"), (4.2, ""))


def test_the_agreement_is_told_once_in_the_story() -> None:
    sentences = told("as-5925")
    assert not any("struck a deal" in s for s in sentences)
    assert sum("agree" in s for s in sentences) == 1
    quotes = [s for s in told("as-5922") if "we have a deal" in s.lower()]
    assert len(quotes) == 1


def test_a_sentence_that_lost_its_verb_is_not_used() -> None:
    # Story 2: the source dropped "was".
    assert not usable("Republican Sen. Josh Hawley the only senator to vote against it.")
    assert usable("Republican Sen. Josh Hawley was the only senator to vote against it.")
    # Loose on purpose: an irregular past or a plural subject's verb is a verb.
    assert usable(
        "On January 21, an average gallon of regular gasoline cost $2.33, according to the U.S. "
        "Energy Information Administration."
    )
    assert usable("Many pundits predict a quick demise of the new government.")


def test_a_missing_to_is_refused_and_the_grammatical_telling_is_used() -> None:
    # Story 9: the Guardian's "first US president declare formal recognition".
    assert not usable(
        "Joe Biden has become the first US president declare formal recognition of the "
        "Armenian genocide, more than a century after the mass killings."
    )
    assert usable("She became the first woman to lead the agency in its history.")
    sentences = told("as-6104")
    assert not any("president declare" in s for s in sentences)
    assert any("formally recognized the Armenian genocide" in s for s in sentences)


def test_a_doubled_word_and_a_missing_space_are_mended() -> None:
    # Stories 75, 164 and 123: the source's slips, mended where the words stay its own.
    assert mend("He promised that Israel would “would extract a very heavy price.”") == (
        "He promised that Israel “would extract a very heavy price.”"
    )
    assert mend("Job openings soared, the labor Labor Department said Tuesday.") == (
        "Job openings soared, the Labor Department said Tuesday."
    )
    assert mend("He took his own life on May 26,the latest in a spate of shootings.") == (
        "He took his own life on May 26, the latest in a spate of shootings."
    )
    assert clean_sentence("Facebook engaged engaged in a systematic strategy.", set()) == (
        "Facebook engaged in a systematic strategy."
    )


def test_what_only_looks_doubled_is_left_alone() -> None:
    for text in (
        "He said that that was wrong and had had enough.",
        "Officials visited Walla Walla on Monday.",
        "The second highest was 2011's 39,459 fires Fires in the Golden State have charred",
        "A total of 1,000 people were evacuated.",
    ):
        assert mend(text) == text


def test_a_number_inside_a_name_is_no_shared_figure() -> None:
    # Story 38: "Covid-19" in both is no figure of one fact.
    assert not same_fact(
        "By Tuesday, 37.3% of U.S. adults were fully vaccinated against Covid-19, with about "
        "2.7 million shots each day.",
        "COVID-19 cases and hospitalizations in the United States are declining, a sign that "
        "the vaccination campaign is succeeding.",
    )
    # Story 221: a 22-page memorandum is not the 22 1/2 years.
    assert not same_fact(
        "Minnesota District Court Judge Peter Cahill said a 22-page sentencing memorandum would "
        "explain his reasoning on the sentence in greater detail.",
        "Former Minneapolis police officer Derek Chauvin was sentenced to 22 1/2 years in prison "
        "on Friday afternoon for the murder of George Floyd last May.",
    )


def test_a_deal_spoken_of_is_no_agreement() -> None:
    # Story 206: returning to the 2015 deal and reviving it are two statements.
    assert not same_action(
        "President-elect Ebrahim Raisi backed talks between Iran and six world powers to revive "
        "a 2015 nuclear deal but rejected meeting U.S. President Joe Biden.",
        "Iran's new leader Ebrahim Raisi said Washington should return to the 2015 nuclear deal "
        "and lift all sanctions against his country.",
    )


def test_a_figure_cut_to_more_than_is_the_same_figure() -> None:
    # Story 289: "more than 188,000 immigrants" and "188,829 migrants" are one count.
    lead = (
        "U.S. border agents stopped more than 188,000 immigrants trying to cross the southern "
        "U.S. border in June, marking a 21-year high in monthly border crossings."
    )
    cbp = (
        "CBP said that 188,829 migrants were encountered at the southern border, an increase "
        "from the 180,034 encountered in May."
    )
    assert agree_rounded((188_000.0, ""), (188_829.0, ""))
    assert not agree_rounded((22.0, ""), (22.5, ""))  # two digits are rounded, never cut
    assert same_fact(lead, cbp)
