"""`newsdesk export` and `stories show --json`: one story schema, streamed, never half-written."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from newsdesk.cli import main
from newsdesk.config import load_config
from newsdesk.errors import ExportError
from newsdesk.export import CSV_COLUMNS, csv_row, parse_since
from newsdesk.pipeline import run
from newsdesk.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "story.schema.json").read_text(encoding="utf-8"))
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"  # the sample before issue 22


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled sample, run once (words only): its config file."""
    folder = tmp_path_factory.mktemp("room")
    config = folder / "newsdesk.toml"
    config.write_text(
        '[extract]\nmin_words = 25\n[site]\nbase_url = "https://news.example.org/"\n'
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "articles.jsonl"))}\nkind = "jsonl"\n'
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "pages"))}\nkind = "folder"\n',
        encoding="utf-8",
    )
    loaded = load_config(config, env={})
    store = SQLiteStore(loaded.store_url)
    run(loaded, store)
    store.close()
    yield config


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def records(room: Path, *args: str) -> list[dict[str, Any]]:
    result = cli("export", "--config", str(room), *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_story_exports_in_the_schema_as_the_scorer_reads_it(room: Path) -> None:
    found = records(room)
    store = SQLiteStore(load_config(room, env={}).store_url)
    try:
        assert [r["id"] for r in found] == sorted(s.story_id for s in store.latest_stories(100))
        for record in found:
            jsonschema.validate(record, SCHEMA, format_checker=jsonschema.FormatChecker())
            # What tools/score_stream.py reads: headline, sentences with their article ids,
            # and the member articles with id and url.
            assert record["headline"] and record["sentences"]
            assert {i for s in record["sentences"] for i in s["sources"]} <= {
                a["id"] for a in record["articles"]
            }
            assert all(a["url"].startswith("https://") for a in record["articles"])
            assert record["url"] == f"https://news.example.org/stories/{record['id']}.html"
            members = store.story_members(record["id"])
            dates = [m.article.published_at for m in members if m.article.published_at]
            first = datetime.fromisoformat(record["published_at"])
            if dates:  # the first report, not the time newsdesk wrote it
                assert first == min(dates) and not record["published_at_estimated"]
            else:
                fetched = min(m.fetched_at for m in members if m.fetched_at)
                assert first == fetched and record["published_at_estimated"]
        assert any(r["published_at_estimated"] for r in found)
        assert any(not r["published_at_estimated"] for r in found)
        assert any(len(r["articles"]) == 3 for r in found)
    finally:
        store.close()


def test_stories_show_json_is_the_export_record(room: Path) -> None:
    exported = {r["id"]: r for r in records(room)}
    story_id = max(exported, key=lambda i: len(exported[i]["articles"]))
    shown = cli("stories", "show", str(story_id), "--json", "--config", str(room))
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout) == exported[story_id]
    text = cli("stories", "show", str(story_id), "--config", str(room)).stdout
    lead = exported[story_id]["sentences"][0]["text"]
    assert lead in text  # the opening sentence is in the text view too
    assert "[3]" in text and "Sources:" in text


def test_csv_is_one_row_per_story_with_the_main_fields(room: Path, tmp_path: Path) -> None:
    out = tmp_path / "stories.csv"
    result = cli("export", "--config", str(room), "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    exported = records(room)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [int(r["id"]) for r in rows] == [r["id"] for r in exported]
    for row, record in zip(rows, exported, strict=True):
        assert row["headline"] == record["headline"]
        assert int(row["article_count"]) == len(record["articles"])
        assert row["summary"] == record["sentences"][0]["text"]


def test_a_cell_that_a_spreadsheet_would_run_is_made_inert() -> None:
    record = {
        "id": 1,
        "version": 1,
        "status": "live",
        "headline": '=HYPERLINK("https://evil.example","click")',
        "published_at": "2025-01-01T00:00:00+00:00",
        "published_at_estimated": False,
        "updated_at": "2025-01-01T00:00:00+00:00",
        "section": None,
        "storyline": None,
        "url": "https://news.example.org/stories/1.html",
        "writer": "extractive",
        "sentences": [{"text": "+1 555 0100 was the number.", "sources": [1], "paragraph": 0}],
        "articles": [{"outlet": "@outlet", "leaning": None}],
        "notes": [],
    }
    row = csv_row(record)
    assert row["headline"].startswith("'=HYPERLINK")
    assert row["summary"] == "'+1 555 0100 was the number."
    assert row["outlets"] == "'@outlet"


def test_since_picks_the_period(room: Path) -> None:
    assert len(records(room, "--since", "24h")) == len(records(room))
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert records(room, "--since", tomorrow) == []
    now = datetime(2025, 3, 4, 12, tzinfo=UTC)
    assert parse_since("7d", now) == datetime(2025, 2, 25, 12, tzinfo=UTC)
    assert parse_since("90m", now) == datetime(2025, 3, 4, 10, 30, tzinfo=UTC)
    assert parse_since("2025-03-01", now) == datetime(2025, 3, 1, tzinfo=UTC)
    assert parse_since("2025-03-01T08:00:00+02:00", now) == datetime(2025, 3, 1, 6, tzinfo=UTC)
    with pytest.raises(ExportError, match="give a span such as 24h"):
        parse_since("yesterday", now)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("--format", "xml"), "Invalid value for '--format': 'xml' is not one of 'jsonl', 'csv'"),
        (("--since", "soon"), "Invalid value for '--since': --since 'soon': give a span"),
    ],
)
def test_bad_options_are_one_clear_error(room: Path, args: tuple[str, ...], error: str) -> None:
    result = cli("export", "--config", str(room), *args)
    assert result.exit_code == 2 and error in result.output


def test_an_unwritable_out_is_one_line_and_leaves_nothing(room: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "x.jsonl"
    result = cli("export", "--config", str(room), "--out", str(out))
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: cannot write {out}: No such file or directory"]
    folder = cli("export", "--config", str(room), "--out", str(tmp_path))
    assert folder.exit_code == 2 and "is a directory" in folder.output
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_old_file_and_no_part(room: Path, tmp_path: Path) -> None:
    out = tmp_path / "stories.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")
    db = tmp_path / "broken.db"
    source = sqlite3.connect(load_config(room, env={}).store_url)
    with sqlite3.connect(db) as copy:
        source.backup(copy)
        last = copy.execute("SELECT MAX(story_id) FROM story_versions").fetchone()[0]
        copy.execute("UPDATE story_versions SET draft = '{' WHERE story_id = ?", (last,))
    source.close()
    config = tmp_path / "broken.toml"
    config.write_text(
        f"[store]\nurl = {json.dumps(str(db))}\n" + room.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    with pytest.raises(json.JSONDecodeError):  # a damaged store fails the export...
        cli("export", "--config", str(config), "--out", str(out))
    assert out.read_text(encoding="utf-8") == "the previous export\n"  # ...and nothing else
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
