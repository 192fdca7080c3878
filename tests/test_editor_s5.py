"""An editor's remaining faults in the stories (issue 20), each from a real story of the
AllSides stream (tests/fixtures/write/allsides-stream-editor.jsonl): a headline figure
that the text does not carry, and a lead in loaded framing beside a plainer report."""

from __future__ import annotations

from pathlib import Path

from newsdesk.models import Article
from newsdesk.text import split_sentences
from newsdesk.text.loaded import loaded_words
from newsdesk.write import ExtractiveWriter, write_verified
from newsdesk.write.headline import figures
from newsdesk.write.plain import plain_reports
from stream_stories import read_rows, stream_story

FIXTURE = Path(__file__).parent / "fixtures" / "write" / "allsides-stream-editor.jsonl"
ROWS = read_rows(FIXTURE)


def story(cluster: str) -> list[Article]:
    return stream_story(ROWS, cluster)


def test_the_headline_states_no_figure_that_the_text_does_not() -> None:
    # International Business Times' "5 Million Americans Skipped Second COVID-19 Vaccine
    # Shot" over a text whose sentences say only "Millions of Americans are skipping ...".
    articles = story("as-6095")
    draft, _ = write_verified(articles, ExtractiveWriter(), ExtractiveWriter())
    text = " ".join(s.text for s in draft.sentences())
    assert figures(draft.headline) <= figures(text), (draft.headline, text)
    assert draft.headline == "Millions Are Skipping Their Second Doses of Covid Vaccines"


def test_figures_are_quantities_not_names_ordinals_or_years() -> None:
    assert figures("5 Million Americans Skipped Second COVID-19 Vaccine Shot") == {(5e6, "")}
    assert figures("Biden's 1st 100 Days") == {(100.0, "")}
    assert figures("Senator Cory Booker Launches Bid for 2020 Presidential Nomination") == set()
    assert figures("House Passes $1.9T Biden COVID-19 Bill") == figures("$1.9 trillion")
    assert figures("Hackers Demand $70 Mln") == {(7e7, "money")}


def test_a_report_that_opens_on_loaded_framing_gives_way_to_a_plain_one() -> None:
    # The Epoch Times: "... urged a skeptical Supreme Court to let school districts
    # suppress free speech by students ..."; AP: "A wary Supreme Court on Wednesday
    # weighed whether public schools can discipline students ...".
    articles = story("as-6092")
    ap, epoch = (
        next(a for a in articles if a.site_name == n)
        for n in ("Associated Press", "The Epoch Times")
    )
    opening = split_sentences(epoch.paragraphs[0])[0]
    assert loaded_words(opening) == ["suppress free speech"]
    reports = [i for i, a in enumerate(articles) if a in (ap, epoch)]
    assert plain_reports(articles, reports)[1] == [articles.index(ap)]
    draft, _ = write_verified(articles, ExtractiveWriter(), ExtractiveWriter())
    assert draft.summary.text.startswith("A wary Supreme Court on Wednesday")
    assert not loaded_words(draft.summary.text)
    assert not loaded_words(draft.headline)  # not "... Allow Schools to Censor Student Expression"
