"""The verifier at the level of meaning: one or two supporting sentences, reasons per sentence,
the cited article's metadata as support, and the perturbation suite's targets.

The sentences are real: the example raw article (tests/fixtures/write/) and NeuS items
(from the demo sample of the time); the suite runs on the NeuS fixture slice here, and
on the whole of neus-allsides dev under ``-m slow``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.evaluate.perturb import PERTURBATIONS
from newsdesk.evaluate.perturb_faithful import FAITHFUL
from newsdesk.evaluate.perturb_suite import Tally, build_cases, load_records, score, table
from newsdesk.models import (
    Article,
    ArticleKind,
    Draft,
    Perspective,
    RefusedSentence,
    Sentence,
    VerifyReport,
)
from newsdesk.store.rows import report_from_json, report_to_json
from newsdesk.verify import REASONS, check, evidence_of, supports, verify

NEUS_SLICE = Path(__file__).resolve().parent / "fixtures" / "datasets" / "neus-allsides"

# Real sentences: the example raw article (tests/fixtures/write/rco-news-raw-article.txt).
MEXICO = Article(
    url="https://apnews.com/article/mexico-flights",
    title="Mexico opposes the landing of the American plane",
    paragraphs=(
        "US military planes made two similar flights to Guatemala on Friday, each carrying about "
        "80 migrants, but the government was unable to move forward with a plan to land the C-17 "
        "in Mexico after Washington rejected the request.",
        "Mexican President Claudia Sheinbaum said on Wednesday that such an action requires the "
        "consent of the host country.",
        "The US president threatened to impose 25 percent tariffs on Mexican goods beginning in "
        "February, on top of $60 billion already announced.",
        "The death toll rose to 26 on Thursday, officials said.",
    ),
    published_at=datetime(2025, 1, 24, 12, tzinfo=UTC),  # a Friday
    authors=("Maria Verza",),
    site_name="The Associated Press",
    id=1,
)


# ------------------------------------------------------------------ the cases


def test_a_figure_is_checked_in_its_own_sentence_with_what_it_counts() -> None:
    good = "US military planes made two flights to Guatemala, each carrying about 80 migrants."
    assert check(good, [MEXICO]).supported
    assert check(good.replace("80", "70"), [MEXICO]).reasons == ("number",)
    # 17 is in the article, as the C-17: it counts no migrants.
    assert check(good.replace("80", "17"), [MEXICO]).reasons == ("unit",)
    # 26 is in the article, but as a death toll, not as migrants on a plane.
    assert "number" in check(good.replace("80", "26"), [MEXICO]).reasons


# The cases came from the demo sample of the time (NeuS items, as there).
FLORIDA = Article(
    url="https://example.org/florida",
    title="Florida reports 15,000 new coronavirus cases, smashing national record",
    paragraphs=(
        "Florida on Sunday reported more than 15,000 new coronavirus cases, smashing the daily "
        "record reported by any single state and once again putting an international "
        "spotlight on a place that does not have the virus under control.",
    ),
    id=5,
)
CANADA = Article(
    url="https://example.org/canada",
    title="Trudeau's Liberals win but lose majority",
    paragraphs=("The Liberals took 156 seats of the 338 in the Canadian House of Commons.",),
    id=6,
)


def test_a_figure_swapped_for_another_of_the_same_article_is_refused() -> None:
    sentence, article = FLORIDA.paragraphs[0], FLORIDA
    assert check(sentence, [article]).supported
    assert check(sentence.replace("15,000", "19"), [article]).reasons == ("number",)
    assert "number" in check(sentence.replace("15,000", "17,000"), [article]).reasons
    seats, canada = CANADA.paragraphs[0], CANADA
    assert check(seats, [canada]).supported
    # 338 is the article's, once, and as the whole house, not the seats the Liberals took.
    assert "number" in check(seats.replace("156", "338"), [canada]).reasons


def test_a_flipped_negation_and_a_changed_modal_are_refused() -> None:
    good = "Mexican President Claudia Sheinbaum said such an action requires consent."
    assert check(good, [MEXICO]).supported
    flipped = good.replace("requires", "does not require")
    assert check(flipped, [MEXICO]).reasons == ("negation",)
    unable = "The government was unable to move forward with a plan to land the C-17 in Mexico."
    assert check(unable, [MEXICO]).supported
    assert "negation" in check(unable.replace("was unable", "was able"), [MEXICO]).reasons
    modal = "The US president will impose 25 percent tariffs on Mexican goods."
    assert "modality" in check(modal, [MEXICO]).reasons


def test_an_added_relative_date_and_a_shifted_weekday_are_refused() -> None:
    good = "US military planes made two similar flights to Guatemala on Friday."
    assert check(good, [MEXICO]).supported
    assert check(good.replace("on Friday", "last week"), [MEXICO]).reasons == ("date",)
    assert check(good.replace("Friday", "Sunday"), [MEXICO]).reasons == ("date",)


def test_a_speaker_swapped_and_a_quote_altered_are_refused() -> None:
    good = "Claudia Sheinbaum said on Wednesday that such an action requires consent."
    assert check(good, [MEXICO]).supported
    swapped = good.replace("Claudia Sheinbaum", "Maria Verza")
    assert check(swapped, [MEXICO]).reasons == ("speaker",)
    quoted = 'Sheinbaum said such an action "requires the consent of the host country."'
    assert check(quoted, [MEXICO]).supported
    assert "quote" in check(quoted.replace("host", "other"), [MEXICO]).reasons


def test_two_sources_fused_into_a_relation_are_refused_and_joined_with_and_pass() -> None:
    first = "The death toll rose to 26 on Thursday"
    second = "Claudia Sheinbaum said such an action requires the consent of the host country."
    assert check(f"{first}, and {second}", [MEXICO]).supported
    assert check(f"{first} because {second}", [MEXICO]).reasons == ("relation",)


# The demo sample's New York Post column (src/newsdesk/sample/articles.jsonl).
OLYMPICS = Article(
    url="https://nypost.com/2021/07/06/olympic-games-in-for-a-rude-awokening-focus-on-wrong-kind-of-race/",
    title="Olympic Games in for a rude awokening, focus on wrong kind of ‘race’",
    paragraphs=(
        "The Olympic Games in Tokyo are doomed. Before the opening ceremony, before even the "
        "torch is lit, it’s not going to be OK. The Games, I’m afraid, just aren’t woke enough.",
    ),
    site_name="New York Post",
    id=7,
)


def test_a_fronted_clause_moved_to_the_end_keeps_its_relation() -> None:
    # "Before X, before Y, Z" as "Before Y, Z before X": the claim's first "before" also
    # fits the source's first (whose words run on into Y); the second must still find one.
    moved = "Before even the torch is lit, it’s not going to be OK before the opening ceremony."
    assert check(moved, [OLYMPICS]).supported
    after = "After even the torch is lit, it’s not going to be OK before the opening ceremony."
    assert check(after, [OLYMPICS]).reasons == ("relation",)
    later = "Before even the torch is lit, it’s not going to be OK after the opening ceremony."
    assert check(later, [OLYMPICS]).reasons == ("relation",)
    # Each source "before" answers one of the claim's: a third is not the source's.
    third = "Before even the torch is lit, before the opening ceremony, it’s not OK before noon."
    assert "relation" in check(third, [OLYMPICS]).reasons


# ------------------------------------------------------------------ metadata as support


def test_the_cited_articles_outlet_and_author_support_an_attribution() -> None:
    evidence = evidence_of(MEXICO)
    assert evidence.outlet == "The Associated Press" and evidence.authors == ("Maria Verza",)
    assert check("The Associated Press put the death toll at 26.", [MEXICO]).supported
    assert check("Maria Verza reported that the death toll rose to 26.", [MEXICO]).supported
    # Another outlet is no support, however true the figure.
    assert "name" in check("Reuters put the death toll at 26.", [MEXICO]).reasons
    assert "number" in check("The Associated Press put the death toll at 28.", [MEXICO]).reasons


def test_a_dateline_and_an_absolute_date_verify_from_the_articles_date() -> None:
    lead = "US military planes made two similar flights to Guatemala on Friday."
    assert check(f"MEXICO CITY, Jan. 24 (The Associated Press) - {lead}", [MEXICO]).reasons == (
        "name",
    )  # no Mexico City in the article
    assert check(f"Mexico, Jan. 24 (The Associated Press) - {lead}", [MEXICO]).supported
    assert "date" in check(f"Mexico, Jan. 25 - {lead}", [MEXICO]).reasons
    # "on Wednesday" in an article of Friday 24 January is 22 January.
    said = "Claudia Sheinbaum said on January 22 that such an action requires consent."
    assert check(said, [MEXICO]).supported
    assert "date" in check(said.replace("22", "23"), [MEXICO]).reasons


def test_a_perspective_line_is_verified_against_its_article() -> None:
    opinion = Article(
        url="https://www.nationalreview.com/x",
        title="Biden's border plan is a retreat",
        paragraphs=("The new border plan is a retreat from the promises of the campaign.",),
        authors=("David Harsanyi",),
        site_name="National Review",
        id=2,
    )
    good = Perspective(
        "In National Review, David Harsanyi argues that the new border plan is a retreat "
        "from the promises of the campaign.",
        2,
    )
    bad = Perspective(good.text.replace("is a retreat", "is not a retreat"), 2)
    summary = Sentence("The death toll rose to 26 on Thursday, officials said.", (1,))
    draft = Draft("Mexico Opposes the Landing", summary, (), "llm", (good, bad))
    checked, report = verify(draft, [MEXICO, opinion])
    assert checked is not None and checked.perspectives == (good,)
    assert report.refused == (RefusedSentence(bad.text, ("negation",), "perspective", "llm"),)


# ------------------------------------------------------------------ the report keeps reasons


def test_each_refused_sentence_is_kept_with_its_reasons_and_survives_storage() -> None:
    summary = Sentence("The death toll rose to 26 on Thursday, officials said.", (1,))
    bad = Sentence("The death toll rose to 28 on Thursday, officials said.", (1,))
    outside = Sentence("The death toll rose to 26 on Thursday, officials said.", (9,))
    draft = Draft("Mexico Opposes the Landing", summary, ((bad, outside),), "llm")
    checked, report = verify(draft, [MEXICO])
    assert checked is not None and checked.paragraphs == ()
    assert [(r.text, r.reasons, r.part) for r in report.refused] == [
        (bad.text, ("number",), "body"),
        (outside.text, ("outside_story",), "body"),
    ]
    assert report.reason_counts() == {"number": 1, "outside_story": 1}
    assert all(reason in REASONS for r in report.refused for reason in r.reasons)
    assert report_from_json(report_to_json(report)) == report
    # A report stored before reasons were kept still reads.
    old = '{"checked_claims": 3, "supported_claims": 2, "dropped": ["x"], "notes": ["n"]}'
    assert report_from_json(old) == VerifyReport(3, 2, ("x",), False, ("n",))


def test_a_refused_headline_rejects_the_draft_with_its_reason() -> None:
    summary = Sentence("The death toll rose to 26 on Thursday, officials said.", (1,))
    draft = Draft("Mexico Welcomes the Landing of the American Plane", summary, (), "llm")
    checked, report = verify(draft, [MEXICO])
    assert checked is None
    # "Welcomes", capitalised in a headline, is taken for a name, as before.
    assert report.refused[0].part == "headline" and report.refused[0].reasons == ("name",)


# ------------------------------------------------------------------ the perturbation suite


def _assert_targets(tally: Tally, label: str) -> None:
    for kind in PERTURBATIONS:
        assert tally.share(kind) >= 0.99, (label, kind, tally.cases[kind], tally.misses.get(kind))
    assert tally.faithful_share() <= 0.05, (label, {k: tally.misses.get(k) for k in FAITHFUL})


def test_the_perturbation_suite_meets_its_targets_on_the_fixture_slice() -> None:
    records = load_records(NEUS_SLICE, 40)  # fixed: the first 40 items, seed 0
    tally = score(build_cases(records, "all"), lambda text, cited: check(text, cited).reasons)
    assert all(tally.cases[k] >= 5 for k in PERTURBATIONS), tally.cases
    _assert_targets(tally, "fixtures")
    assert tally.share("verbatim") == 0.0  # a copied sentence is never refused


def test_the_quick_answer_is_the_verdicts_on_every_case_of_the_suite() -> None:
    # ``supports`` (what the writer asks when it decides whom to cite) stops at the first
    # problem; it must say what ``check`` says, refused or not, on every case.
    records = load_records(NEUS_SLICE, 15)
    cases = build_cases(records, "all")
    both = [
        (supports(c.text, cited), check(c.text, cited).supported)
        for c in cases
        for cited in ([a for a in c.articles if a.id in c.cited], c.articles)
    ]
    assert [quick for quick, _ in both] == [full for _, full in both]
    assert sum(full for _, full in both) >= 50 and sum(not full for _, full in both) >= 50


def test_the_suites_verdicts_can_fail() -> None:
    # A verifier that refuses nothing, or everything, misses the targets.
    records = load_records(NEUS_SLICE, 5)
    cases = build_cases(records, "all")
    assert not score(cases, lambda text, cited: ()).meets_targets()
    assert not score(cases, lambda text, cited: ("unsupported",)).meets_targets()


@pytest.mark.slow
def test_the_perturbation_suite_meets_its_targets_on_neus_dev(data_dir) -> None:  # type: ignore[no-untyped-def]
    records = load_records(data_dir("neus-allsides"))
    tallies = {}
    for part in ("tune", "report"):
        tallies[part] = score(
            build_cases(records, part), lambda text, cited: check(text, cited).reasons
        )
        assert all(tallies[part].cases[k] >= 200 for k in PERTURBATIONS), tallies[part].cases
    print(table(tallies))
    for part, tally in tallies.items():
        _assert_targets(tally, part)


def test_the_perspective_frames_verify_against_the_title_and_the_byline() -> None:
    column = Article(
        url="https://www.dailysignal.com/x",
        title="Oversight Board Is Wrong to Uphold Facebook’s Suspension of Trump",
        paragraphs=("Facebook’s Oversight Board decided to uphold the suspension today.",),
        authors=("Kay C. James",),
        site_name="The Daily Signal",
        id=3,
    )
    claim = "Oversight Board is wrong to uphold Facebook’s suspension of Trump."
    assert check(f"In The Daily Signal, Kay C. James argues that {claim}", [column]).supported
    opinion = replace(column, kind=ArticleKind.OPINION)
    assert check(f"In The Daily Signal, an opinion piece argues that {claim}", [opinion]).supported
    # What the line calls the piece is metadata too: an opinion piece is no analysis.
    called = check(f"In The Daily Signal, an analysis says that {claim}", [opinion])
    assert called.reasons == ("unsupported",)
    # A site is named by its host where its site name is someone's (an aggregator's label).
    host = check(f"On dailysignal.com, an opinion piece argues that {claim}", [opinion])
    assert host.supported
    headlined = f"The Daily Signal published an opinion piece headlined “{column.title}”."
    assert check(headlined, [column]).supported
    # Another outlet or author, another claim, another title: refused, each with its reason.
    assert check(f"In Fox News, Kay C. James argues that {claim}", [column]).reasons == ("name",)
    flipped = claim.replace("is wrong", "is right")
    assert (
        "unsupported"
        in check(f"In The Daily Signal, Kay C. James argues that {flipped}", [column]).reasons
    )
    assert check(headlined.replace("Wrong", "Right"), [column]).reasons == ("quote",)


def test_a_disagreement_line_needs_each_outlets_figure_in_its_own_article() -> None:
    wire = Article(
        url="https://reuters.example/x",
        title="Toll rises",
        paragraphs=("The death toll rose to 28 on Thursday.",),
        site_name="Reuters",
        id=4,
    )
    line = "The figures differ by outlet: The Associated Press reported 26, Reuters 28."
    assert check(line, [MEXICO, wire]).supported
    assert check(line.replace("28", "29"), [MEXICO, wire]).reasons == ("number",)
    # Each figure must be its own outlet's: swapped, neither is.
    swapped = "The figures differ by outlet: The Associated Press reported 28, Reuters 26."
    assert [p.reason for p in check(swapped, [MEXICO, wire]).problems] == ["number", "number"]


def test_the_verifier_reads_a_weekday_as_the_writer_dates_it() -> None:
    # An article of Wednesday 23 June 2021 on a vote "Thursday" means the 24th (the
    # writer's dated leads use the same window, text.days.weekday_date), not the 17th.
    source = replace(
        MEXICO,
        paragraphs=("The Senate will vote Thursday on the infrastructure bill.",),
        published_at=datetime(2021, 6, 23, 15, tzinfo=UTC),
    )
    assert check("The Senate will vote on June 24 on the infrastructure bill.", [source]).supported
    late = check("The Senate will vote on June 17 on the infrastructure bill.", [source])
    assert "date" in late.reasons
