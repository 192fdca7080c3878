"""Which opening leads the story: one that tells the headline's news (issue 20)."""

from dataclasses import replace

from newsdesk.text import content_stems
from newsdesk.write import ExtractiveWriter
from newsdesk.write.scoring import Candidate
from test_write import neus_item


def _opening(text: str, article: int, score: float, credit: float = 0.0) -> Candidate:
    return Candidate(
        text, article, 0, content_stems(text), len(text.split()), score, lead_credit=credit
    )


def test_an_opening_the_that_tells_the_headline_may_lead() -> None:
    # neus-train-0271: "The experimental coronavirus treatment remdesivir has generated
    # 'positive data' ..." is its article's own first sentence: its "The" points back at
    # nothing, and it tells what the headline says.
    told = "The experimental treatment remdesivir has generated positive data in a trial."
    pool = [
        _opening(told, 0, 1.0, 0.5),
        _opening("President Trump said he wants the FDA to move quickly on the drug.", 1, 0.9),
    ]
    headline = "Experimental Treatment Remdesivir Delivers Positive Data in Trial"
    assert ExtractiveWriter()._pick(pool, (0, 1), headline)[0].text == told
    # A feature lede "The ..." that shares nothing with the headline does not open the story.
    pool[0] = _opening("The tables have turned in the long fight over the drug.", 0, 1.0, 0.5)
    assert ExtractiveWriter()._pick(pool, (0, 1), headline)[0].text.startswith("President")


def test_the_lead_states_the_figure_the_headline_names() -> None:
    # The allsides-stream ransomware story: the group's opening had more lead credit,
    # the other opening told the $70 million demand of the headline.
    group = "A Russian-linked group is suspected to be behind a ransomware attack on companies."
    demand = "Hackers behind a mass extortion attack demanded $70 million to restore the data."
    pool = [_opening(group, 0, 0.4, 2.8), _opening(demand, 1, 0.4, 2.6)]
    headline = "Hackers Demand $70 Mln to Restore Data Held by Companies"
    assert ExtractiveWriter()._pick(pool, (0, 1), headline)[0].text == demand
    # Where no opening states the headline's figure, the lead credit decides as before.
    assert ExtractiveWriter()._pick(pool, (0, 1), "Hackers Demand Ransom")[0].text == group


def test_the_jobless_claims_lead_tells_the_headlines_figure() -> None:
    # neus-train-0068 (headline "U.S. Unemployment Claims Rose to 778,000 Last Week"): the
    # lead was "Applications for unemployment benefits rose for the second week in a row";
    # the opening that gives the 778,000 starts "The number of ...".
    summary = ExtractiveWriter().write(neus_item("neus-train-0068")).summary.text
    assert summary.startswith("The number of new applications for unemployment benefits")
    assert "778,000" in summary


def test_the_opening_is_chosen_in_one_place_among_the_openings_that_may_lead() -> None:
    # bench/tune_lead.py replaces ``_opening`` to try another ranking of the openings
    # that may lead; a loaded opening is not among them while a neutral one is.
    class Last(ExtractiveWriter):
        def _opening(self, choices: list[Candidate]) -> Candidate:
            return min(choices, key=lambda c: c.score + c.lead_credit)

    plain = [
        _opening("The Senate passed the bill on Tuesday by a vote of 68 to 32.", 0, 1.0),
        _opening("House leaders said on Tuesday they would take up the bill next week.", 1, 0.5),
    ]
    loaded = replace(_opening("Senators rammed through the bill on Tuesday.", 2, 0.1), loaded=1)
    pool = [*plain, loaded]
    headline = "Senate Passes the Bill"
    assert ExtractiveWriter()._pick(pool, (0, 1, 2), headline)[0] == plain[0]
    assert Last()._pick(pool, (0, 1, 2), headline)[0] == plain[1]
