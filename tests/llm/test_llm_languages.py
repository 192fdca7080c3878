"""Sources in another language (issue 21, item 10), with real German pages.

The LLM writer writes them up in the site's language; only names and figures can be
checked across languages, so such a story says so on its page. The extractive writer
never mixes languages in one story.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from test_llm_writer import writer_for

from llm_loopback import ChatServer, articles, llm_config, story_prompt
from newsdesk.config import load_config
from newsdesk.extract import ExtractOptions, extract
from newsdesk.models import Article, RawDocument, Source, SourceKind
from newsdesk.pipeline import run
from newsdesk.publish.options import story_path
from newsdesk.store import SQLiteStore
from newsdesk.text import decode
from newsdesk.write import ExtractiveWriter, write_verified

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "write"
YARIS = (
    "trafeval-de-auto-presse-yaris-cross.html.gz",
    "https://auto-presse.de/autonews.php?newsid=6486285",
)
EINTRACHT = (
    "trafeval-de-bembel-eintracht.html.gz",
    "http://bayrische-bembel.de/bbr/modules/news/article.php?storyid=504",
)


def page(name: str) -> bytes:
    return gzip.decompress((FIXTURES / name).read_bytes())


def german(fixture: tuple[str, str], article_id: int) -> Article:
    name, url = fixture
    raw = RawDocument(url, url, url, 200, {}, page(name), datetime(2021, 11, 5, tzinfo=UTC))
    found = extract(raw, ExtractOptions(min_words=25))
    assert isinstance(found, Article) and found.language == "de"
    return replace(found, id=article_id)


def translation(prompt: str, sold: str = "more than 5,000") -> str:
    """A translation citing the German sentences by the fragments they hold."""

    def number(fragment: str) -> int:
        found = re.search(rf"^\[(\d+)\] .*{re.escape(fragment)}", prompt, re.M)
        assert found, fragment
        return int(found[1])

    return json.dumps(
        {
            "headline": f"Toyota Has Sold the Yaris Cross {sold} Times",
            "summary": {
                "text": f"Toyota has sold the Yaris Cross {sold} times weeks after its launch.",
                "sources": [number("5.000 Mal")],
            },
            "paragraphs": [
                [
                    {
                        "text": "The Yaris Cross is always driven by the 1.5-litre hybrid engine.",
                        "sources": [number("1,5-Liter")],
                    },
                    {
                        "text": "50 percent of the customers choose one of the higher trim levels.",
                        "sources": [number("50 Prozent")],
                    },
                    {
                        "text": "Andre Schmidt of Toyota Deutschland GmbH said the Yaris Cross "
                        "exceeded expectations.",
                        "sources": [number("Andre Schmidt")],
                    },
                ]
            ],
        }
    )


def test_a_german_source_is_translated_and_checked_for_names_and_figures(
    chat: ChatServer,
) -> None:
    yaris = german(YARIS, 1)
    writer = writer_for(chat.url)
    prompt = writer.prompt([yaris], writer.number_sentences([yaris]))
    assert prompt.startswith("Write the story in English.") and "| language: de" in prompt
    chat.script.add(translation(prompt))
    draft, report = write_verified([yaris], writer, ExtractiveWriter(), "en")
    assert draft.writer == "llm" and report.dropped == (), report.notes
    assert report.translated_from == ("de",)
    assert draft.headline == "Toyota Has Sold the Yaris Cross More Than 5,000 Times"


def test_a_wrong_figure_in_a_translation_is_caught(chat: ChatServer) -> None:
    yaris = german(YARIS, 1)
    writer = writer_for(chat.url)
    prompt = writer.prompt([yaris], writer.number_sentences([yaris]))
    chat.script.add(translation(prompt, sold="more than 50,000"))
    draft, report = write_verified([yaris], writer, ExtractiveWriter(), "en")
    assert draft.writer == "extractive" and report.rejected == "headline_unsupported"
    assert "number 50000" in report.notes[0]


def test_the_extractive_writer_never_mixes_languages() -> None:
    english, _ = articles()
    yaris, eintracht = german(YARIS, 7), german(EINTRACHT, 8)
    draft, _ = write_verified(
        [english, yaris, eintracht], ExtractiveWriter(), ExtractiveWriter(), "en"
    )
    assert {i for s in draft.sentences() for i in s.sources} == {english.id}
    assert "Yaris" not in draft.headline
    # With no source in the site's language, the story keeps to its most common language
    # (an English article marked Spanish stands for a third language here).
    spanish = replace(english, language="es")
    draft, _ = write_verified(
        [spanish, yaris, eintracht], ExtractiveWriter(), ExtractiveWriter(), "fr"
    )
    assert {i for s in draft.sentences() for i in s.sources} <= {yaris.id, eintracht.id}


def test_the_fallback_after_a_rejected_translation_keeps_to_one_language(
    chat: ChatServer,
) -> None:
    english, _ = articles()
    yaris = german(YARIS, 7)
    chat.script.add('{"headline": "x"}')
    chat.script.add('{"headline": "x"}')
    draft, report = write_verified([english, yaris], writer_for(chat.url), ExtractiveWriter(), "en")
    assert report.fell_back and {i for s in draft.sentences() for i in s.sources} == {english.id}


def test_a_translated_story_says_so_on_its_page(chat: ChatServer, tmp_path: Path) -> None:
    name, url = YARIS
    dump = tmp_path / "german.jsonl"
    record = {"url": url, "html": decode(page(name)), "date": "2021-11-05"}
    dump.write_text(json.dumps(record) + "\n", encoding="utf-8")

    def answer(request: dict[str, Any]) -> str:
        return translation(story_prompt(request))

    chat.script.answer = answer
    config = load_config(llm_config(tmp_path, chat.url), env={})
    store = SQLiteStore(config.store_url)
    run(config, store, sources=[Source(str(dump), SourceKind.JSONL, "german")])
    (summary,) = store.latest_stories()
    version = store.versions(summary.story_id)[-1]
    assert version.draft.writer == "llm" and version.report is not None
    assert version.report.translated_from == ("de",)
    html = (config.path_of("site.dir") / story_path(summary.story_id)).read_text(encoding="utf-8")
    assert (
        "Translated from German by the language model, and checked for names and figures only"
        in html
    )
    assert 'lang="de"' not in html
