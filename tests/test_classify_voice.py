"""The learnt text-voice model (newsdesk.classify.voice) and its place in classify_kind.

The two texts below are written for this test (not from any dataset the model was fitted
on): a columnist's paragraph with few of the hand-written voice cues, and a plain report.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from newsdesk.classify.kind import PageSignals, classify_article, classify_kind, voice_cues
from newsdesk.classify.voice import (
    FORMAT,
    MODEL_ENV,
    MODEL_FILE,
    STYLE_PREFIX,
    TEXT_CHARS,
    TEXT_WORDS,
    WRITER_PREFIX,
    VoiceModelError,
    parse_model,
    register_features,
    voice_features,
    voice_model,
)
from newsdesk.models import Article, ArticleKind

K = ArticleKind
COLUMN_TITLE = "The Senate's Filibuster Fight Is a Distraction We Can't Afford"
COLUMN = (
    "Let's be honest about what this fight is really about. It is not about tradition, and "
    "it is not about the rules of the chamber. It is about power, and both parties know it. "
    "If Democrats think that ending the filibuster will save their agenda, they are kidding "
    "themselves. The problem is not the rules; the problem is that the votes are not there. "
    "That should worry anyone who cares about getting anything done."
)
REPORT_TITLE = "Senate Votes 68-32 to Pass Infrastructure Bill"
REPORT = (
    "WASHINGTON — The Senate on Tuesday passed a $1 trillion infrastructure bill by a vote "
    "of 68 to 32, sending the measure to the House. Nineteen Republicans joined all 50 "
    "Democrats in support, Senate Majority Leader Chuck Schumer said. The bill includes $110 "
    "billion for roads and bridges, according to a summary released by the White House."
)


def test_a_column_without_markup_is_told_by_its_voice() -> None:
    # The hand-written cues miss it (two of six): only the learnt model sees the voice.
    assert voice_cues(COLUMN_TITLE, COLUMN) < 4
    verdict = classify_kind(PageSignals(title=COLUMN_TITLE, text=COLUMN))
    assert verdict == classify_kind(PageSignals(title=COLUMN_TITLE, text=COLUMN))
    assert (verdict.kind, verdict.signal) == (K.OPINION, "text_model")
    report = classify_kind(PageSignals(title=REPORT_TITLE, text=REPORT))
    assert (report.kind, report.signal) == (K.NEWS, "none")
    assert voice_model().score(REPORT_TITLE, REPORT) < voice_model().threshold


def test_markup_still_wins_over_the_voice() -> None:
    column = PageSignals(title=COLUMN_TITLE, text=COLUMN, ld_types=("ReportageNewsArticle",))
    assert (classify_kind(column).kind, classify_kind(column).signal) == (K.NEWS, "json_ld")
    article = Article(url="https://x.example/2021/a.html", title=COLUMN_TITLE, paragraphs=(COLUMN,))
    assert classify_article(article).signal == "text_model"
    assert classify_article(article, source_kind=K.NEWS).kind is K.NEWS
    analysis = PageSignals(url="https://x.example/analysis/a-b", title=COLUMN_TITLE, text=COLUMN)
    assert classify_kind(analysis) == classify_kind(PageSignals(url=analysis.url))


def test_the_score_is_the_bias_plus_the_weighted_features() -> None:
    features = voice_features("Why it matters", "I think we should.")
    assert {"t:why", "t:why it", "w:i", "w:we should"} <= set(features)
    assert all(v == pytest.approx(len(features) ** -0.5) for v in features.values())
    model = parse_model(
        f"# format: {FORMAT}\n# threshold: 0.5\nbias\t-1.0\nw:i\t2.0\nt:why it\t3.0\nw:nope\t9\n"
    )
    expected = -1.0 + 5.0 * len(features) ** -0.5
    assert model.score("Why it matters", "I think we should.") == pytest.approx(expected)
    assert model.is_view("Why it matters", "I think we should.") is (expected >= 0.5)
    assert voice_features("", "") == {}


def test_the_doubt_level_is_read_from_the_header_and_never_above_the_threshold() -> None:
    head = f"# format: {FORMAT}\n# threshold: 0.5\n"
    model = parse_model(f"{head}# doubt: -0.25\nbias\t0\n")
    assert model.doubt == -0.25
    assert model.doubts(-0.25) and model.doubts(0.1) and not model.doubts(-0.3)
    # Without the line the writer doubts only what the label says.
    older = parse_model(f"{head}bias\t0\n")
    assert older.doubts(0.5) and not older.doubts(0.4)
    # A doubt level above the threshold never doubts less than the label.
    assert parse_model(f"{head}# doubt: 2\nbias\t0\n").doubts(0.5)
    with pytest.raises(VoiceModelError, match="doubt"):
        parse_model(f"{head}# doubt: nan\nbias\t0\n")
    shipped = voice_model()
    assert shipped.doubt < shipped.threshold


def test_the_writers_doubt_reads_its_own_weights_over_words_and_register() -> None:
    head = f"# format: {FORMAT}\n# threshold: 0.5\n# doubt: 0.2\n"
    features = register_features(COLUMN_TITLE, COLUMN)
    assert set(voice_features(COLUMN_TITLE, COLUMN)) < set(features)
    writer = f"{WRITER_PREFIX}bias\t-2.0\n{WRITER_PREFIX}{STYLE_PREFIX}contract\t1.5\n"
    model = parse_model(f"{head}# writer doubt: 1.0\nbias\t0\nw:i\t2.0\n{writer}")
    assert model.weights == {"w:i": 2.0}
    expected = -2.0 + 1.5 * features[f"{STYLE_PREFIX}contract"]
    assert model.writer_score(COLUMN_TITLE, COLUMN) == pytest.approx(expected)
    assert model.writer_doubts(1.0) and not model.writer_doubts(0.99)
    # Without writer lines the writer reads the label's score against the doubt level.
    older = parse_model(f"{head}bias\t0\nw:i\t2.0\n")
    assert older.writer_score(COLUMN_TITLE, COLUMN) == older.score(COLUMN_TITLE, COLUMN)
    assert older.writer_doubts(0.2) and not older.writer_doubts(0.1)
    with pytest.raises(VoiceModelError, match="writer doubt"):
        parse_model(f"{head}bias\t0\n{writer}")


def test_the_register_tells_a_column_from_a_report() -> None:
    column = register_features(COLUMN_TITLE, COLUMN)
    report = register_features(REPORT_TITLE, REPORT)
    style = {k for k in column if k.startswith(STYLE_PREFIX)}
    assert style == {k for k in report if k.startswith(STYLE_PREFIX)}  # every key, always
    assert column[f"{STYLE_PREFIX}we"] > report[f"{STYLE_PREFIX}we"] == 0  # "Let's"
    assert column[f"{STYLE_PREFIX}eval"] > report[f"{STYLE_PREFIX}eval"]  # "really"
    assert column[f"{STYLE_PREFIX}modal"] > report[f"{STYLE_PREFIX}modal"]
    assert report[f"{STYLE_PREFIX}day"] > column[f"{STYLE_PREFIX}day"] == 0
    assert report[f"{STYLE_PREFIX}said"] > column[f"{STYLE_PREFIX}said"] == 0
    # The shipped writer's doubt: the column at or above its level, the report below.
    model = voice_model()
    assert {f"{STYLE_PREFIX}{k}" for k in ("day", "said", "hedge")} <= set(
        model.writer_weights or {}
    )
    assert model.writer_doubts(model.writer_score(COLUMN_TITLE, COLUMN))
    assert not model.writer_doubts(model.writer_score(REPORT_TITLE, REPORT))
    assert register_features("", "") == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("# format: kind-voice/0\n# threshold: 1\nbias\t0\n", "format"),
        (f"# format: {FORMAT}\nbias\t0\n", "threshold"),
        (f"# format: {FORMAT}\n# threshold: 1\nw:a\t1\n", "bias"),
        (f"# format: {FORMAT}\n# threshold: 1\nbias\t0\nw:a\tmany\n", "line 4"),
    ],
)
def test_a_bad_weights_file_is_one_clear_error(content: str, message: str) -> None:
    with pytest.raises(VoiceModelError, match=message):
        parse_model(content)


def test_the_model_path_setting_replaces_the_shipped_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = voice_model()
    other = tmp_path / "other.tsv"
    other.write_text(f"# format: {FORMAT}\n# threshold: 0.5\nbias\t9.0\n", encoding="utf-8")
    monkeypatch.setenv(MODEL_ENV, str(other))
    assert voice_model().bias == 9.0
    # Every reader of the model sees it: here the kind of a plain report.
    verdict = classify_kind(PageSignals(title=REPORT_TITLE, text=REPORT))
    assert (verdict.kind, verdict.signal) == (K.OPINION, "text_model")
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "missing.tsv"))
    with pytest.raises(VoiceModelError, match=MODEL_ENV):
        voice_model()
    monkeypatch.setenv(MODEL_ENV, "")
    assert voice_model() == shipped


def test_the_shipped_weights_are_small_and_current() -> None:
    shipped = resources.files("newsdesk.classify").joinpath(MODEL_FILE)
    content = shipped.read_text(encoding="utf-8")
    assert len(content.encode()) < 200_000  # the label's weights and the writer's
    assert content.startswith(f"# format: {FORMAT}\n")
    model = voice_model()
    assert 1000 < len(model.weights) < 10_000
    assert "allsides-stream dev" in model.trained_on
    # Nothing keyed on an outlet: the fit blanks the stream's outlet names out of the text.
    assert not [n for n in model.weights if n.split(":", 1)[1] in ("cnn", "fox", "reuters")]


def test_dev_stream_recall_and_precision_with_the_voice(data_dir: Callable[[str], Path]) -> None:
    """On the dev half it was fitted on (in sample: the honest, nested figures are in
    docs/decisions/classify.md), precision stays >= 0.95 and recall passes the rules'
    0.333 alone."""
    path = data_dir("allsides-stream") / "dev.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    said = right = views = 0
    for row in rows:
        article = Article(url=row["url"], title=row["title"], paragraphs=(row["text"],))
        is_view = row["opinion_tag"] in ("OPINION", "ANALYSIS")
        views += is_view
        if classify_article(article).kind in (K.OPINION, K.ANALYSIS):
            said += 1
            right += is_view
    assert right / said >= 0.95
    assert right / views > 0.5


def test_only_the_span_the_weights_were_fitted_on_is_read() -> None:
    # The weights were fitted on the stream's excerpts (at most 106 words): a full text
    # is read on that span, not on words the model never saw in that position.
    opening = " ".join(["Officials met on Tuesday."] * 28)  # 112 words, under 1,200 chars
    assert len(opening.split()) > TEXT_WORDS and len(opening) < 1000
    features = voice_features("Council votes", opening + " I think we should act.")
    assert "w:officials" in features
    assert not {"w:i", "w:think", "w:we should"} & set(features)
    assert features == voice_features("Council votes", opening)


def test_the_span_holds_every_excerpt_the_weights_were_fitted_on(
    data_dir: Callable[[str], Path],
) -> None:
    # So that the cap changes no feature the shipped weights and levels were fitted on.
    path = data_dir("allsides-stream") / "dev.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    assert max(len(text[:TEXT_CHARS].split()) for text in texts) <= TEXT_WORDS
