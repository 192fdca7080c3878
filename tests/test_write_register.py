"""The writer's second doubt: a report whose register (hedges, modals, no day or
attribution, second person ...) reads like a view's gives no lead or headline where a
plain report can, and still gives the text its sentences (write/plain.py; the figures in
docs/decisions/classify.md)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsdesk.classify.voice import voice_model
from newsdesk.models import Article
from newsdesk.write import ExtractiveWriter, write_verified
from newsdesk.write.plain import plain_reports
from stream_stories import FIXTURES, read_rows, stream_story

ROWS = read_rows(FIXTURES / "allsides-stream-sample.jsonl")


def story(cluster: str) -> list[Article]:
    return stream_story(ROWS, cluster)


def test_a_report_the_register_doubts_gives_sentences_but_no_lead() -> None:
    # as-6110, the hate crimes bill: NPR, The Daily Caller and Vox, all reports. The
    # Daily Caller's register scores at the writer's doubt (a report, so this is the
    # rule's cost: one of three reports leaves the lead to the other two), its words
    # do not (the label's doubt).
    articles = story("as-6110")
    model = voice_model()
    caller = next(i for i, a in enumerate(articles) if a.site_name == "The Daily Caller")
    a = articles[caller]
    assert not model.doubts(model.score(a.title, a.text))
    assert model.writer_doubts(model.writer_score(a.title, a.text))
    others = [i for i in range(len(articles)) if i != caller]
    assert plain_reports(articles, range(len(articles))) == ([0, 1, 2], others)
    draft, _ = write_verified(articles, ExtractiveWriter(), ExtractiveWriter())
    assert a.id not in draft.summary.sources


def test_where_the_register_doubts_every_plain_report_they_all_may_lead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = story("as-6110")
    doubting = replace(voice_model(), writer_doubt=-100.0)
    monkeypatch.setattr("newsdesk.write.plain.voice_model", lambda: doubting)
    assert plain_reports(articles, range(len(articles))) == ([0, 1, 2], [0, 1, 2])


def test_the_register_never_touches_unclassified_articles() -> None:
    articles = stream_story(ROWS, "as-6110", classify=False)
    assert plain_reports(articles, [0, 1, 2]) == ([0, 1, 2], [0, 1, 2])
