"""Session 6 editor's faults (notes/review/editor-s6.md), each on the stream's own
sentences (AllSides stream dev half, stories 120, 36, 189, 65, 18, 17, 93 and 46)."""

from __future__ import annotations

import pytest

from newsdesk.text.loaded import loaded_words
from newsdesk.write.clean import leans_back, usable
from newsdesk.write.shape import disagreement, same_action, same_fact

# Story 120: one death toll told three times, the gunman counted in one of them.
TOLL = (
    "A California transit employee killed eight co-workers and wounded another before "
    "taking his own life on Wednesday, May 26, the latest in a spate of deadly U.S. mass "
    "shootings, prompting the state’s governor to ask: “What the hell is wrong with us?”"
)
TOLL_WITH_GUNMAN = (
    "A shooting that erupted in the early hours of Wednesday morning at a light rail "
    "maintenance yard in San Jose, California, has left at least nine people dead, "
    "including the gunman."
)
TOLL_AGAIN = (
    "An employee at a California light rail facility opened fire at his workplace Wednesday "
    "morning — leaving at least eight people dead and “multiple people” injured, officials said."
)


@pytest.mark.parametrize("later", [TOLL_WITH_GUNMAN, TOLL_AGAIN])
def test_one_death_toll_is_one_fact(later: str) -> None:
    assert same_fact(TOLL, later)
    assert same_fact(later, TOLL)


def test_two_tolls_of_one_exchange_are_two_facts() -> None:
    # Story 65: the Gaza dead and the Israeli dead are two facts.
    assert not same_fact(
        "The exchange killed a number of militants and civilians in Gaza and at least two "
        "Israelis.",
        "At least 28 Palestinians, including nine children, have been reported killed in Gaza.",
    )


def test_reporting_walked_back_is_the_retraction() -> None:
    # Story 36: the retraction twice.
    assert same_action(
        "The Washington Post, The New York Times, and NBC News on Saturday, May 1, issued "
        "significant corrections, retracting earlier reporting that said Rudy Giuliani had "
        "been directly warned by the FBI that he was the target of a Russian disinformation "
        "campaign.",
        "The New York Times, The Washington Post and NBC News walked back their reporting "
        "about the FBI’s communication with President Trump’s personal lawyer Rudy Giuliani "
        "regarding Russia.",
    )


def test_a_bill_approved_is_the_bill_passed() -> None:
    # Story 189: the Senate's passage twice.
    assert same_action(
        "The Senate passed legislation Tuesday, June 15, that designates Juneteenth, the "
        "anniversary of the emancipation of those who were enslaved in the United States, a "
        "national holiday.",
        "The Senate unanimously approved a bill Tuesday that would make Juneteenth, the date "
        "commemorating the end of chattel slavery in the United States, a legal public holiday.",
    )


def test_the_outlets_figures_say_what_they_count() -> None:
    # Story 65: "Voice of America reported 28, Washington Examiner 26." (28 what?)
    found = disagreement(
        "At least 28 Palestinians, including nine children, have been reported killed in Gaza.",
        "Of the 26 people who died, 16 of them were militants and at least nine were children, "
        "Gazan health officials said.",
    )
    assert found is not None
    assert (found.first, found.second) == ("28 deaths", "26")


def test_a_change_from_a_figure_alone_needs_the_sentence_before() -> None:
    # Story 18: "doubled from 3.4%" printed without "8% of all patients" before it.
    assert leans_back(
        "The percentage of those not getting their second shot doubled from 3.4%, according "
        "to the CDC’s data through mid-February."
    )


@pytest.mark.parametrize(
    "text",
    [
        # Story 17: a span of years, not a change left half told.
        "While the U.S. population grew from 2010-2020, it was at a slower rate than in any "
        "decade in nearly a century, according to new census data.",
        "The unemployment rate fell from 6.1% in March to 5.8% in April.",
    ],
)
def test_a_change_told_whole_stands_alone(text: str) -> None:
    assert not leans_back(text)


def test_a_figure_that_cannot_be_read_is_not_published() -> None:
    # Story 93: "4730,000" is 473,000 or 4,730,000.
    assert not usable(
        "Economists had expected claims to fall to 460,000 from the initially reported "
        "4730,000 in the prior week."
    )
    assert usable(
        "The 4-week moving average—which smooths out data that is often volatile week to "
        "week—fell to 504,750, a decrease of 30,500 from the previous week’s revised average."
    )


def test_a_tsunami_of_scorn_is_loaded_and_of_water_plain() -> None:
    # Story 46.
    assert loaded_words(
        "When Bill and Melinda Gates announced they were getting divorced, the social-media "
        "masses were quick to pay their respects — with a tsunami of memes."
    ) == ["tsunami of"]
    assert loaded_words("A tsunami of water swept over the harbour wall.") == []


def test_words_about_weeks_with_other_figures_are_two_facts() -> None:
    # Story 93: the revised prior week took the moving average's place as a "repeat",
    # then went itself (its "The prior week" pointed at a sentence left out).
    assert not same_fact(
        "The prior week was revised up to 478,000.",
        "The 4-week moving average—which smooths out data that is often volatile week to "
        "week—fell to 504,750, a decrease of 30,500 from the previous week’s revised average.",
    )


def test_one_action_on_two_weekdays_is_told_once() -> None:
    # Story 54: "Twitter suspended an account on Thursday" beside Forbes's "By late
    # Wednesday night, the account had been suspended".
    assert same_fact(
        "Twitter suspended an account on Thursday, May 6, that appeared to be circumventing "
        "its ban on former President Donald Trump by posting messages he shared on his own "
        "website.",
        "By late Wednesday night, the account had been suspended.",
    )


def test_two_bodies_acting_on_two_days_are_two_facts() -> None:
    assert not same_fact(
        "The House passed the bill on Wednesday.",
        "The Senate passed the bill on Thursday, sending it to the president.",
    )


@pytest.mark.parametrize(
    ("first", "later"),
    [
        # Story 2: "nearly two weeks of talks" says when, and the passage is told again.
        (
            "The Senate — in an overwhelmingly bipartisan vote on Thursday, April 22 — sent "
            "Congress’s strongest message yet condemning anti-Asian hate crimes by passing a "
            "bill aimed at improving data collection.",
            "Capping nearly two weeks of talks between Democrats and Republicans, the Senate "
            "approved legislation on Thursday to ramp up law enforcement efforts to better "
            "protect the Asian American and Pacific Islander community from hate crimes.",
        ),
        # Story 75: "two days after the group ousted Rep. Liz Cheney".
        (
            "House Republicans on Friday elevated Rep. Elise Stefanik (R-N.Y.) to replace Rep. "
            "Liz Cheney (R-Wyo.) as the party’s conference chair, capping a tumultuous "
            "three-week stretch that exposed deep divisions in the conference.",
            "The House Republican Conference on Friday morning voted to elect Rep. Elise "
            "Stefanik as its chairwoman, sealing the New York lawmaker's ascent two days after "
            "the group ousted Rep. Liz Cheney amid strong tension over the party's future.",
        ),
    ],
)
def test_a_span_that_says_when_adds_no_fact(first: str, later: str) -> None:
    assert same_action(first, later)


def test_a_span_that_measures_is_a_fact_of_its_own() -> None:
    assert not same_action(
        "The Senate passed a bill on hate crimes against Asian Americans on Thursday.",
        "The Senate approved the hate crimes bill for Asian Americans, which funds grants "
        "for two years, on Thursday.",
    )


def test_a_large_figure_told_again_with_nothing_new_is_one_fact() -> None:
    # Story 245: the 700,000 consensus twice.
    assert same_fact(
        "The numbers exceeded expectations, with the consensus among economists being that "
        "700,000 jobs would be added, and unemployment would drop from 5.8% to 5.7%.",
        "The consensus number from analysts polled by Refinitiv was 700,000.",
    )
    # The same figure for another thing, with a figure of its own, is another fact.
    assert not same_fact(
        "The US economy added 850,000 jobs in June, when adjusted for seasonal changes.",
        "Economists had expected 700,000 jobs in June after 583,000 in May.",
    )
