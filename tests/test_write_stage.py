"""The write stage's entry point, ``write_story``: plain values in, a numbered version out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.models import Article, Draft
from newsdesk.write import (
    ExtractiveWriter,
    PreviousVersion,
    WriterError,
    write_story,
)
from newsdesk.write.base import is_boilerplate

RAW = Path(__file__).parent / "fixtures" / "write" / "rco-news-raw-article.txt"
NOW = datetime(2025, 1, 25, 12, 0, tzinfo=UTC)


def articles() -> list[Article]:
    """The RCO NEWS article and a wire article built from its own paragraphs
    (tests/fixtures/README.md)."""
    title, *paragraphs = RAW.read_text(encoding="utf-8").splitlines()
    body = tuple(p for p in paragraphs if p.strip())
    rco = Article(
        url="https://rco-news.example/mexico-plane",
        title=title,
        paragraphs=body,
        site_name="RCO NEWS",
        id=1,
    )
    wire = Article(
        url="https://wire.example/mexico-refuses-us-military-deportation-flight",
        title="Mexico refuses U.S. military deportation flight - Wire",
        paragraphs=tuple(p for p in body if not is_boilerplate(p))[2:9],
        site_name="Wire",
        id=2,
    )
    return [rco, wire]


class Broken:
    name = "broken"

    def write(self, articles: Sequence[Article]) -> Draft:
        raise WriterError("endpoint down")


def test_a_new_story_gets_its_first_version() -> None:
    rco, _ = articles()
    written = write_story(7, [rco], None, ExtractiveWriter(), ExtractiveWriter(), NOW)
    version = written.version
    assert (version.story_id, version.version, version.created_at) == (7, 1, NOW)
    assert version.article_ids == (1,)
    assert version.what_changed == "First version."
    assert version.report is not None and not written.fell_back
    assert version.report.checked_claims == version.report.supported_claims > 0
    assert [o["name"] for o in written.coverage["outlets"]] == ["RCO NEWS"]


def test_the_next_version_says_what_it_adds() -> None:
    rco, wire = articles()
    writer = ExtractiveWriter()
    first = write_story(7, [rco], None, writer, writer, NOW).version
    previous = PreviousVersion(first, (rco,))
    second = write_story(7, [rco, wire], previous, writer, writer, NOW).version
    assert second.version == 2
    assert second.article_ids == (1, 2)
    assert second.what_changed.startswith("Added reporting from Wire")
    assert write_story(7, [rco], previous, writer, writer).version.what_changed == (
        "Sources updated."
    )


def test_a_failing_writer_falls_back_to_the_default() -> None:
    rco, wire = articles()
    written = write_story(3, [rco, wire], None, Broken(), ExtractiveWriter(), NOW)
    assert written.fell_back
    assert written.version.draft.writer == "extractive"
    assert written.version.report is not None
    assert written.version.report.notes[0] == "broken failed (writer_error): endpoint down"
    assert written.version.report.rejected == "writer_error"
