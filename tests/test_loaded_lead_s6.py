"""A loaded opening docked without handing the lead to a view: the editor's session-6
read (/work/wt/notes/review/editor-s6.md, loaded words: "Consumer prices roared higher",
"a conference beholden to former President Trump"), on stories of the AllSides stream as
our clustering formed them (tests/fixtures/write/allsides-stream-loaded-s6.jsonl: the
stream's rows without its labels, ``story`` naming the story)."""

from __future__ import annotations

from newsdesk.models import Article
from newsdesk.text.loaded import loaded_words
from newsdesk.write import ExtractiveWriter
from newsdesk.write.perspectives import is_view
from newsdesk.write.plain import plain_reports
from stream_stories import labelled_rows, stream_story

ROWS = labelled_rows("allsides-stream-loaded-s6.jsonl")


def story(label: str) -> list[Article]:
    return stream_story(ROWS, label)


def written_with_sources(label: str) -> tuple[str, list[tuple[str, tuple[int, ...]]]]:
    draft = ExtractiveWriter().write(story(label))
    return draft.headline, [(s.text, s.sources) for s in draft.sentences()]


def test_a_loaded_opening_gives_way_to_its_own_plain_sentence_not_to_an_analysis() -> None:
    # CNN opens "Consumer prices roared higher last month, ..."; Fox Business's piece is an
    # analysis (both voice measures doubt it). Docking CNN's opening led on Fox Business's
    # ("... could prompt the Federal Reserve to start laying the groundwork ...") and took
    # its headline; CNN's next sentence states the news and leads.
    articles = story("inflation")
    (cnn,) = (a.id for a in articles if a.site_name.startswith("CNN"))
    (fox,) = (a.id for a in articles if a.site_name == "Fox Business")
    headline, told = written_with_sources("inflation")
    lead, sources = told[0]
    assert lead.startswith("Inflation rose 5% in the 12-months ending in May"), told
    assert sources[0] == cnn
    assert not any(loaded_words(text) for text, _ in told), told
    assert not any(sources[0] == fox for _, sources in told), told
    assert headline == "Key Inflation Measure Rises at Fastest Pace Since 1992"


def test_a_report_the_model_only_barely_doubts_still_leads_before_a_loaded_one() -> None:
    # AP's "A wary Supreme Court ... weighed whether public schools can discipline students"
    # sits just over the model's lower doubt level but not the writer's; the Epoch Times
    # opens on "urges Supreme Court to allow schools to censor student expression". AP's
    # plain opening leads, not the Epoch Times' hearing details.
    articles = story("snapchat")
    reports = [i for i, a in enumerate(articles) if not is_view(a)]
    _, lead_from = plain_reports(articles, reports)
    assert [articles[i].site_name for i in lead_from] == ["Associated Press"]
    _, told = written_with_sources("snapchat")
    assert told[0][0].startswith("A wary Supreme Court on"), told


def test_a_docked_loaded_opening_is_not_told_again_in_the_body() -> None:
    # The Hill opens "... exposed deep divisions in a conference beholden to former
    # President Trump"; Politico's plain opening leads, and The Hill's opening no longer
    # follows it as a second telling of the election in The Hill's words.
    headline, told = written_with_sources("stefanik")
    assert told[0][0].startswith("Elise Stefanik cruised to victory"), told
    assert not any("beholden" in text for text, _ in told), told
    assert not any(text.startswith("House Republicans on Friday elevated") for text, _ in told)
    assert not loaded_words(headline), headline


def test_a_report_docked_only_by_its_loaded_opening_may_still_give_its_plain_title() -> None:
    # CBS opens on "... blasted ..." and may not lead; its title "RNC threatens to advise
    # candidates against participating in presidential debates" is plain and states the
    # news. Kept from the headline too, the story was headed by The Hill's title cut to
    # "RNC Warns It Will Advise Presidential Candidates" (advise them of what?). Out of
    # fold the same bar gave Fox Business' analysis the inflation story's headline once
    # CNN's "roared higher" opening docked CNN.
    articles = story("debates")
    reports = [i for i, a in enumerate(articles) if not is_view(a)]
    _, lead_from = plain_reports(articles, reports)
    assert [articles[i].site_name for i in lead_from] == ["The Hill"]
    headline, told = written_with_sources("debates")
    assert (
        headline
        == "RNC Threatens to Advise Candidates Against Participating in Presidential Debates"
    )
    assert not loaded_words(told[0][0]), told
