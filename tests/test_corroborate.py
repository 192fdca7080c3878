"""Corroborating citations: another outlet's sentence that states the same claim is cited,
and one that does not is never (real sentences of NeuS and stream stories)."""

from __future__ import annotations

import pytest

from newsdesk.models import Article
from newsdesk.verify import near_support, supports
from newsdesk.write import ExtractiveWriter
from newsdesk.write.corroborate import corroborates

# NeuS item 101: three outlets on Biden revoking the 2019 health-care proclamation.
REVOKED = [
    (
        "Biden reverses Trump order barring immigrants who cannot afford healthcare.",
        "President Biden on Friday revoked a 2019 proclamation signed by then-President Trump "
        "that prevented immigrants from obtaining visas unless they proved they could obtain "
        "health insurance or pay for health care. Biden said in his own proclamation signed "
        'Friday afternoon that the October 2019 order "does not advance the interests of the '
        'United States." “My Administration is committed to expanding access to quality, '
        "affordable healthcare,” Biden's proclamation states.",
    ),
    (
        "Biden cancels Trump plan to ban immigrants who cannot afford healthcare coverage.",
        "President Joe Biden rescinded former President Donald Trump's executive order that "
        'would have denied visas to immigrants who were viewed as a financial "burden" to the '
        "U.S. healthcare system. The White House announced Friday afternoon that it would not go "
        "forward with the Trump administration's plan because it \"does not advance the "
        'interests" of the United States.',
    ),
    (
        "Biden revokes Trump order on immigrants' health care costs.",
        "President Joe Biden on Friday shot down a Trump proclamation that blocked potential "
        "immigrants deemed to be a “financial burden” on the nation’s health care system from "
        "coming to the United States, saying it didn’t align with U.S. interests. “My "
        "Administration is committed to expanding access to quality, affordable healthcare,” "
        "Biden said in a statement.",
    ),
]
QUOTE = (
    "“My Administration is committed to expanding access to quality, affordable "
    "healthcare,” Biden said in a statement."
)


def article(title: str, text: str, n: int = 1) -> Article:
    return Article(
        url=f"https://outlet-{n}.example/{n}",
        title=title,
        paragraphs=(text,),
        site_name=f"Outlet {n}",
        id=n,
    )


def revoked() -> list[Article]:
    return [article(t, x, n) for n, (t, x) in enumerate(REVOKED, start=1)]


def test_the_same_quote_by_the_same_speaker_corroborates() -> None:
    proclamation = revoked()[0]
    assert not supports(QUOTE, [proclamation])  # "in a statement" is not in its words
    near = near_support(QUOTE, proclamation)
    assert near is not None and near.missing == {"statement"}
    assert corroborates(QUOTE, proclamation)


def test_the_writer_cites_every_outlet_that_states_the_claim() -> None:
    draft = ExtractiveWriter().write(revoked())
    quoted = [s for s in draft.sentences() if s.text == QUOTE]
    assert quoted, [s.text for s in draft.sentences()]
    assert quoted[0].sources == (1, 3)  # outlet 2 does not quote it


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        # Unquoted, the quotation's words become ours: a quote bears out only a quote.
        (
            "My Administration is committed to expanding access to quality, affordable "
            "healthcare, Biden said in a statement.",
            "“My Administration is committed to expanding access to quality, affordable "
            "healthcare,” Biden's proclamation states.",
        ),
        # A figure the other outlet does not give (the stream's jobs story).
        (
            "The unemployment rate fell to 5.8% from 6.1%, which was better than the "
            "estimate of 5.9%.",
            "The Bureau of Labor Statistics said Friday that the unemployment rate had fallen "
            "to 5.8% from 6.1% in April, still significantly higher than the 3.8% "
            "unemployment rate recorded in February 2020 before Covid 19 hit the US.",
        ),
        # No action told, and the missing word is the point (NeuS items 131 and 2295).
        (
            "Mother’s Day is going to be very different this year.",
            "Mother’s Day this year is a mix of love and extra imagination as families do "
            "without their usual brunches and huggy meet-ups.",
        ),
        (
            "The 2020 election is going to be unlike any other.",
            "Facebook CEO Mark Zuckerberg said Tuesday that the company will let users opt out "
            "of political ads and will help register 4 million voters for the 2020 election.",
        ),
        # Another event word: "round up" is not "searching" (NeuS item 2583).
        (
            "Police there are still searching for other suspects in the attacks.",
            "Spanish authorities on Friday raced to round up suspects in a deadly spree that "
            "started with a terrorist running down pedestrians in the heart of Barcelona with "
            "a van and ended in an early morning shootout in which police killed five "
            "attackers wearing fake suicide vests.",
        ),
    ],
)
def test_a_sentence_that_does_not_state_the_claim_is_not_cited(claim: str, source: str) -> None:
    assert not corroborates(claim, article("A report", source, 2))
