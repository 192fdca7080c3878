"""Coverage notes on real reports: what only one outlet reported, and what a new version adds.

Texts: the AllSides stream's last dev week and NeuS items (their slices in
``tests/fixtures/datasets``), as the outlets wrote them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from newsdesk.evaluate.data import iter_records
from newsdesk.models import Article, Draft, Sentence
from newsdesk.text import split_sentences
from newsdesk.write.coverage import coverage, what_changed, without_dates

DATASETS = Path(__file__).resolve().parent / "fixtures" / "datasets"


def stream_story(cluster_id: str) -> list[Article]:
    """The AllSides stream's reports of one story, as extracted articles."""
    records = [
        r for r in iter_records(DATASETS / "allsides-stream") if r["cluster_id"] == cluster_id
    ]
    return [
        Article(
            url=r["url"],
            title=r["title"],
            paragraphs=tuple(r["text"].split("\n")),
            published_at=datetime.fromisoformat(r["date"]),
            site_name=r["outlet"],
            id=n,
        )
        for n, r in enumerate(records, 1)
    ]


def only_here(articles: list[Article]) -> dict[str, list[str]]:
    return {o["name"]: o["only_here"] for o in coverage(articles)["outlets"]}


def test_a_fact_every_outlet_reported_is_no_outlets_own() -> None:
    """The appeals court's ruling on handgun sales (Washington Post, Axios, Breitbart).

    Breitbart's "three-judge panel ... for the Fourth Circuit ruled Tuesday" is the fact
    the Post tells with "4th Circuit", and Axios's "could have implications ... the
    Washington Post reports" is the Post's own sentence: before issue 22 both were listed
    as facts only their outlet reported.
    """
    found = only_here(stream_story("as-5869"))
    listed = [fact for facts in found.values() for fact in facts]
    assert not any(f.startswith("A three-judge panel for the U.S. Court") for f in listed)
    assert not any("could have implications for efforts to restrict" in f for f in listed)
    # What one outlet alone told stays listed: the judges Breitbart names.
    assert any("Julius Richardson" in f for f in found["Breitbart News"])


def test_an_outlets_own_figures_stay_its_own() -> None:
    """US COVID-19 cases (AP, ...): AP's Johns Hopkins averages are in no other report."""
    found = only_here(stream_story("as-5868"))
    assert any("23,600" in fact for fact in found["Associated Press"])


def test_the_figures_of_an_update_leave_out_dates() -> None:
    """A new version's note named "new figures: 14, 22, 11" for the dates Oct. 14 and 22."""
    record = next(
        r for r in iter_records(DATASETS / "neus-allsides") if r["id"] == "neus-train-0063"
    )
    first, second = (
        Article(url=f"https://outlet-{n}.example/", title=a["title"], paragraphs=(a["text"],), id=n)
        for n, a in enumerate(record["articles"][:2], 1)
    )
    opening = Sentence(split_sentences(first.text)[0], (1,))
    old = Draft(headline=first.title, summary=opening, paragraphs=())
    hearing = split_sentences(first.text)[1]  # "Following an 11-hour hearing ... Oct. 14 ..."
    vote = split_sentences(second.text)[0]  # "... scheduling an Oct. 22 vote ..."
    new = Draft(
        headline=first.title,
        summary=opening,
        paragraphs=((Sentence(hearing, (1,)), Sentence(vote, (2,))),),
    )
    assert "Oct. 14" in hearing and "11-hour" in hearing and "Oct. 22" in vote
    note = what_changed([first], [first, second], old, new)
    # 11 (the 11-hour hearing) was in the first version's sources, so it is no news either.
    assert note == "Added reporting from outlet-2.example."


def test_dates_and_times_are_taken_out_and_figures_kept() -> None:
    text = "On July 14, 2021 at 13:30, 1,500 people and 2021 percent, $2020, 3 p.m., 4 July 2021"
    kept = without_dates(text)
    for gone in ("July 14", "2021 at", "13:30", "3 p.m.", "4 July"):
        assert gone not in kept
    for figure in ("1,500", "2021 percent", "$2020"):
        assert figure in kept
