"""An editor's remaining faults in the stories (issue 20), each from a real story of the
AllSides stream (tests/fixtures/write/allsides-stream-editor.jsonl and as-5919 inline): a
headline figure that the text does not carry, a lead in loaded framing beside a plainer
report, an analysis called an opinion piece, a report said to argue, and a long quoted
column title as a headline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsdesk.classify.kind import page_kind
from newsdesk.models import Article, ArticleKind
from newsdesk.text import content_stems, split_sentences
from newsdesk.text.loaded import loaded_words
from newsdesk.text.numbers import quantities
from newsdesk.verify import check
from newsdesk.write import ExtractiveWriter, write_verified
from newsdesk.write.headline import MAX_WORDS, quotable, views_headline, views_label
from newsdesk.write.perspectives import perspective_line
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
    assert quantities(draft.headline) <= quantities(text), (draft.headline, text)
    assert draft.headline == "Millions Are Skipping Their Second Doses of Covid Vaccines"


def test_figures_are_quantities_not_names_ordinals_or_years() -> None:
    assert quantities("5 Million Americans Skipped Second COVID-19 Vaccine Shot") == {(5e6, "")}
    assert quantities("Biden's 1st 100 Days") == {(100.0, "")}
    assert quantities("Senator Cory Booker Launches Bid for 2020 Presidential Nomination") == set()
    assert quantities("House Passes $1.9T Biden COVID-19 Bill") == quantities("$1.9 trillion")
    assert quantities("Hackers Demand $70 Mln") == {(7e7, "money")}


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


INSIDER = Article(  # the stream's as-5919-center (AllSides: ANALYSIS), its first paragraphs
    url="https://www.businessinsider.com/biden-mocks-gun-right-advocates-who-say-assault-weapons-needed-fight-government-2021-6",
    title="Biden mocked gun-rights advocates who say they need assault weapons to fight the "
    "government: 'You need F-15s and maybe some nuclear weapons'",
    paragraphs=(
        "President Joe Biden joked that people who think they needed guns to take on the US "
        "government would actually need nuclear weapons.",
        "In a speech on Wednesday that outlined his plan to combat gun violence, Biden said, "
        '"If you wanted or if you think you need to have weapons to take on the government, '
        'you need F-15s and maybe some nuclear weapons."',
    ),
    site_name="Insider",
    kind=ArticleKind.OPINION,  # as the text-voice model calls it: nothing on the page says
    id=1,
)


def test_a_piece_only_its_voice_calls_a_view_is_no_opinion_piece() -> None:
    # The text-voice model has one class for opinion and analysis: where the page marks
    # neither, the line and the label say "commentary", true of both.
    assert page_kind(INSIDER) is None
    line = perspective_line(INSIDER)
    assert "opinion piece" not in line and " a commentary " in line, line
    assert check(line, [INSIDER]).supported
    assert views_label([INSIDER]) == "Commentary"
    marked = replace(INSIDER, url="https://www.businessinsider.com/opinion/biden-guns-2021-6")
    assert page_kind(marked) is ArticleKind.OPINION
    assert " an opinion piece " in perspective_line(marked)
    assert views_label([marked]) == "Opinion"
    assert views_label([replace(INSIDER, kind=ArticleKind.ANALYSIS)]) == "Analysis"


def test_a_sentence_that_reports_is_never_said_to_argue() -> None:
    # Insider's one sentence that could stand reports what Biden said ("need" is his word,
    # no view of the writer's), and its title runs over the bound: what the piece "says".
    line = perspective_line(INSIDER)
    assert line.startswith("In Insider, a commentary says that President Joe Biden joked that")
    assert " argues " not in line


def test_a_long_quoted_title_heads_a_story_of_views_only_bounded() -> None:
    # Every part of Insider's 22-word title has a loaded word ("mocked"): the story of
    # views alone is headed by the title quoted, cut to its self-contained part.
    outlets = ["Insider"]
    words = [content_stems(f"{INSIDER.title} {INSIDER.text}")]
    headline = views_headline([INSIDER], outlets, words, 7, "title")
    assert headline == (
        "Commentary: “Biden Mocked Gun-Rights Advocates Who Say They Need Assault Weapons to "
        "Fight the Government”"
    )
    assert len(headline.split()) - 1 <= MAX_WORDS
    assert quotable("A title of five words") == "A title of five words"


def test_a_sentence_about_the_page_around_it_is_no_claim() -> None:
    allsides = Article(  # the stream's as-6007-center, its first paragraph
        url="https://www.allsides.com/blog/perspectives-viral-us-army-ad-empowering-or-emasculating",
        title="Perspectives: Is the Viral U.S. Army Ad Empowering or Emasculating?",
        paragraphs=(
            "A U.S. army ad went viral last weekend after a Twitter user spliced it together "
            "with a Russian army ad to show a difference in the tone and messaging. Two AllSides "
            "writers, one from the left and one from the right, share opposing perspectives on "
            "the ad below.",
        ),
        site_name="AllSides Staff",
        kind=ArticleKind.OPINION,
        id=1,
    )
    line = perspective_line(allsides)
    assert "the ad below" not in line
    assert "says that a U.S. army ad went viral last weekend" in line
