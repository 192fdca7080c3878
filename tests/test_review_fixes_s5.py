"""Fixes of a review of session 5's change: figures that are not years, day words dated
only beside the day, dumped things that are not people, "Savage" the name, a contraction
first in the sentence, and the reduplicatives English writes as two words."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.text.loaded import loaded_words
from newsdesk.text.numbers import quantities
from newsdesk.write.clean import finite, mend, usable
from newsdesk.write.shape import dated_or_none


def test_a_whole_number_is_a_figure_and_only_a_bare_four_digit_one_a_year() -> None:
    assert quantities("Death toll rises to 2,000") == {(2000.0, "")}
    assert quantities("Spending rose 2000% in a decade") == {(2000.0, "percent")}
    assert quantities("In 2020, 1,950 people died") == {(1950.0, "")}
    assert quantities("Senator Cory Booker Launches Bid for 2020 Presidential Nomination") == set()


def test_a_t_is_trillions_only_after_a_currency_figure() -> None:
    assert quantities("5 T-Mobile stores closed") == {(5.0, "")}
    assert quantities("He bought 3 T-shirts") == {(3.0, "")}
    assert quantities("House passes $3.5T bill") == {(3.5e12, "money")}


def test_a_date_elsewhere_in_the_sentence_does_not_date_its_day_word() -> None:
    assert not usable(
        "The House committee investigating the Jan. 6 attack voted yesterday to hold him "
        "in contempt."
    )
    assert usable("The governor signed the bill today, January 15, after a long fight.")
    # one rule for a day relative to the writing: "today's" names it too
    assert not usable("Legal experts said today's ruling would be appealed quickly by the state.")
    assert not usable("Yesterday the committee voted to hold him in contempt of Congress.")
    # "USA Today" and "the TODAY show" are names, not the day of the writing
    assert usable(
        "In an interview airing Friday with TODAY show co-anchor Craig Melvin, Biden said his "
        "administration inherited a mess at the border."
    )
    assert usable("Cases rose 47.5 percent, according to a USA Today analysis of the data.")
    published = date(2021, 10, 20)
    assert dated_or_none(
        "The Jan. 6 committee voted Tuesday to hold Bannon in contempt.", published
    ) == ("The Jan. 6 committee voted Tuesday, Oct. 19, to hold Bannon in contempt.")
    given = "The committee voted on Tuesday, Oct. 19, to hold Bannon in contempt."
    assert dated_or_none(given, published) == given
    assert dated_or_none("The Jan. 6 committee voted yesterday.", published) is None


@pytest.mark.parametrize(
    "text",
    [
        "Stocks dumped Tuesday as rates rose.",
        "Oil Producers Dump Crude as Prices Slide",
        "Investors Dump Tesla Shares After Recall",
        "Investors dump Tesla shares after the recall.",
        "Radio host Michael Savage endorsed the governor.",
        "Rapper 21 Savage was arrested in Atlanta.",
    ],
)
def test_things_dumped_and_savage_the_name_are_not_loaded(text: str) -> None:
    assert loaded_words(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Democrats want to dump Liz Cheney.", ["dump Liz"]),
        ("GOP Votes to Dump Rep. Cheney From Leadership", ["Dump Rep. Cheney"]),
        ("The most savage memes about the divorce", ["savage"]),
    ],
)
def test_people_dumped_and_the_adjective_savage_still_are(text: str, found: list[str]) -> None:
    assert loaded_words(text) == found


def test_a_contraction_first_in_the_sentence_is_a_finite_verb() -> None:
    assert finite("There's no evidence of fraud in the election.")
    assert usable("There's no evidence of fraud in the election.")
    assert not finite("Republican Sen. Josh Hawley the only senator to vote against it.")


def test_a_reduplicative_is_not_a_doubled_word() -> None:
    assert mend("They struck a hush hush deal with the labor labor union.") == (
        "They struck a hush hush deal with the labor union."
    )
