"""The CLI as a user meets it: exit codes, one-line errors, real files."""

import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from newsdesk import __version__
from newsdesk.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def runner(tmp_path: Path) -> CliRunner:
    os.chdir(tmp_path)
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_init_writes_once(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "newsdesk.toml").read_text(encoding="utf-8").startswith("# newsdesk")
    again = invoke(runner, "init")
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_config_errors_are_one_line(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "newsdesk.toml").write_text("[stor]\nurl = 'x.db'\n", encoding="utf-8")
    result = invoke(runner, "run")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        f"Error: {tmp_path / 'newsdesk.toml'}: unknown setting 'stor.url'; "
        "did you mean 'store.url'?"
    ]
    missing = invoke(runner, "stories", "list", "--config", "nope.toml")
    assert missing.exit_code == 1 and "no config file" in missing.output


def test_demo_twice_then_list_and_show(runner: CliRunner, tmp_path: Path) -> None:
    """Three weeks of the AllSides stream (175 articles of 61 events) and one raw page."""
    first = invoke(runner, "demo")
    assert first.exit_code == 0, first.output
    assert f"site:  {tmp_path / 'demo' / 'site' / 'index.html'}" in first.output
    assert "ratings: 45 outlets' leanings" in first.output
    summary = re.search(r"\((\d+) stories from 176 articles\)", first.output)
    assert summary and 55 <= int(summary.group(1)) <= 80
    second = invoke(runner, "demo")
    assert second.exit_code == 0
    assert "ingest.unchanged=176" in second.output
    assert summary.group(0) in second.output
    listed = invoke(
        runner, "stories", "list", "--json", "--limit", "100", "--config", "demo/newsdesk.toml"
    )
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert len(rows) == int(summary.group(1)) and all(r["headline"] for r in rows)
    multi = next(r for r in rows if r["outlets"] == 3)
    os.chdir(tmp_path / "demo")  # ./newsdesk.toml is read when --config is not given
    shown = invoke(runner, "stories", "show", str(multi["id"]))
    assert shown.exit_code == 0
    assert "Sources:" in shown.output and "[3]" in shown.output
    missing = invoke(runner, "stories", "show", "9999")
    assert missing.exit_code == 1 and "no story 9999" in missing.output
    # The demo's export validates against the published schema; its digest has three forms.
    schema = json.loads((ROOT / "docs" / "story.schema.json").read_text(encoding="utf-8"))
    exported = invoke(runner, "export")
    lines = exported.stdout.splitlines()
    assert exported.exit_code == 0 and len(lines) == len(rows)
    for line in lines:
        jsonschema.validate(json.loads(line), schema, format_checker=jsonschema.FormatChecker())
    check_views_are_labelled([json.loads(line) for line in lines], tmp_path / "demo" / "site")
    assert invoke(runner, "digest").stdout.startswith("# newsdesk demo: daily digest, ")
    assert '<table role="presentation"' in invoke(runner, "digest", "--format", "html").stdout
    no_sender = invoke(runner, "digest", "--format", "email")
    assert no_sender.exit_code == 1
    assert no_sender.output == "Error: e-mail needs mail.sender set in the config\n"
    settings = {"NEWSDESK_MAIL_SENDER": "desk@example.org", "NEWSDESK_DIGEST_RECIPIENTS": "a@b.c"}
    mime = runner.invoke(main, ["digest", "--format", "email"], env=settings)
    assert mime.exit_code == 0 and "Content-Type: multipart/alternative" in mime.stdout


def check_views_are_labelled(stories: list[dict[str, Any]], site: Path) -> None:
    """Editor's read, session 5: the demo led Sports with Vice's column, unlabelled.

    On the front page, a story told only by opinion and analysis carries the label and
    never leads; every other story is not labelled; the Vice column is one of the first.
    """
    views = {
        str(s["id"])
        for s in stories
        if all(a["kind"] in ("opinion", "analysis") for a in s["articles"])
    }
    vice = [s for s in stories if any("vice.com" in a["url"] for a in s["articles"])]
    assert vice and all(str(s["id"]) in views for s in vice)
    front = (site / "index.html").read_text("utf-8")
    items = re.findall(r'<article class="(lead|item)">(.*?)</article>', front, re.S)
    shown = {}
    for kind, body in items:
        story = re.search(r'href="stories/(\d+)\.html"', body)
        assert story, body
        shown[story.group(1)] = (kind, '<p class="label">Opinion and analysis</p>' in body)
    assert {sid: labelled for sid, (_, labelled) in shown.items()} == {
        sid: sid in views for sid in shown
    }
    assert all(kind == "item" for sid, (kind, _) in shown.items() if sid in views)
    assert any(str(s["id"]) in shown for s in vice)


def test_stories_show_text_starts_with_the_opening_sentence(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Issue 22: the text view left out the summary, which is the story's first sentence."""
    from datetime import UTC, datetime

    from newsdesk.models import Article, Draft, RawDocument, Sentence, StoryVersion
    from newsdesk.store.sqlite import SQLiteStore

    sample = Path(__file__).resolve().parent / "fixtures" / "sample" / "articles.jsonl"
    record = json.loads(sample.read_text("utf-8").splitlines()[0])
    (tmp_path / "newsdesk.toml").write_text('[store]\nurl = "newsdesk.db"\n', encoding="utf-8")
    when = datetime(2021, 6, 1, tzinfo=UTC)
    store = SQLiteStore(tmp_path / "newsdesk.db")
    raw_id, _ = store.add_raw(
        RawDocument(record["url"], record["url"], record["url"], 200, {}, b"{}", when)
    )
    article_id = store.save_article(
        Article(record["url"], record["title"], (record["text"],), raw_id=raw_id)
    )
    story_id = store.create_story(when)
    store.add_to_story(story_id, article_id, when)
    first, second, *_ = record["text"].split(". ")
    draft = Draft(
        headline=record["title"],
        summary=Sentence(first + ".", (article_id,)),
        paragraphs=((Sentence(second + ".", (article_id,)),),),
    )
    store.save_version(StoryVersion(story_id, 1, draft, when, (article_id,)), None)
    store.close()
    shown = invoke(runner, "stories", "show", str(story_id))
    assert shown.exit_code == 0, shown.output
    lines = [line for line in shown.output.splitlines() if line]
    assert lines[:3] == [record["title"], f"{first}.[1]", f"{second}.[1]"]
