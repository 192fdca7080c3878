"""The operator's controls, as a reader meets them: on the page, in the feeds, the API, the
export and the next digest; and blocked sources are not read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from markupsafe import escape
from newsroom_data import Newsroom
from starlette.testclient import TestClient

from newsdesk.cli import main
from newsdesk.config import load_config
from newsdesk.controls import apply_note, block_source
from newsdesk.digest import DigestOptions, build_digest, markdown
from newsdesk.errors import ControlError
from newsdesk.models import NoteKind, Source, SourceKind, StoryStatus
from newsdesk.pipeline import run, run_publish
from newsdesk.publish import make_app
from newsdesk.publish.record import story_records
from newsdesk.store import SQLiteStore

DAY_AGO = datetime.now(UTC) - timedelta(days=1)


@pytest.fixture
def client(newsroom: Newsroom) -> Iterator[TestClient]:
    app = make_app(
        newsroom.store.path,
        newsroom.options.out_dir,
        title=newsroom.options.title,
        base_url=newsroom.options.base_url,
    )
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def page(room: Newsroom, story_id: int) -> str:
    return (room.options.out_dir / "stories" / f"{story_id}.html").read_text(encoding="utf-8")


def feed_entry(room: Newsroom, name: str, story_id: int) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((room.options.out_dir / "feeds" / name).read_bytes())
    url = room.options.absolute(f"stories/{story_id}.html")
    return next(e for e in parsed.entries if e.link == url)


def exported(room: Newsroom) -> dict[int, dict[str, object]]:
    return {r["id"]: r for r in story_records(room.store, room.options)}


def test_a_retraction_shows_on_the_page_feeds_api_export_and_digest(
    newsroom: Newsroom, client: TestClient
) -> None:
    run_publish(newsroom.store, newsroom.options)
    story_id = newsroom.story_ids[2]
    headline = newsroom.store.versions(story_id)[-1].draft.headline
    apply_note(newsroom.store, story_id, NoteKind.RETRACTION, "The event  did not take place.")
    assert newsroom.store.stories_to_publish() == [story_id]
    run_publish(newsroom.store, newsroom.options)
    html = page(newsroom, story_id)
    assert '<p class="notice" role="note"><strong>Retracted</strong>' in html
    assert "The event did not take place." in html
    assert '<span class="retracted">Retracted:</span>' in html
    assert "Retracted: The event did not take place." in html  # the update history line
    for name in ("rss.xml", "atom.xml"):
        entry = feed_entry(newsroom, name, story_id)
        assert entry.title == f"Retracted: {headline}"
        assert entry.summary.startswith("Retracted: The event did not take place.")
    home = (newsroom.options.out_dir / "index.html").read_text(encoding="utf-8")
    assert escape("Retracted: " + headline) in home
    body = client.get(f"/api/stories/{story_id}").json()
    assert body["status"] == "retracted"
    assert [(n["kind"], n["note"]) for n in body["notes"]] == [
        ("retraction", "The event did not take place.")
    ]
    record = exported(newsroom)[story_id]
    assert record == body and record["version"] == 2
    assert [h["version"] for h in body["history"]] == [1, 2]
    digest = build_digest(newsroom.store, DigestOptions(site=newsroom.options), DAY_AGO)
    assert story_id not in {i.story_id for i in digest.items}  # not a top story any more
    [note] = digest.notes
    assert (note.kind, note.story_id, note.headline) == ("retraction", story_id, headline)
    assert f"**Retracted:** [{headline}]" in markdown(digest).replace("\\", "")


def test_a_correction_keeps_the_history_and_the_story_live(newsroom: Newsroom) -> None:
    story_id = newsroom.story_ids[1]
    apply_note(newsroom.store, story_id, NoteKind.CORRECTION, "An earlier version misnamed Kyiv.")
    apply_note(newsroom.store, story_id, NoteKind.CORRECTION, "The toll was 12, not 21.")
    versions = newsroom.store.versions(story_id)
    assert [v.version for v in versions] == [1, 2, 3]
    assert versions[0].draft == versions[2].draft  # every earlier version is kept as it was
    assert [v.what_changed for v in versions[1:]] == [
        "Correction: An earlier version misnamed Kyiv.",
        "Correction: The toll was 12, not 21.",
    ]
    story = newsroom.store.story(story_id)
    assert story is not None and story.status == StoryStatus.LIVE
    run_publish(newsroom.store, newsroom.options)
    html = page(newsroom, story_id)
    assert html.index("The toll was 12, not 21.") < html.index("misnamed Kyiv")  # newest first
    assert "Update history" in html and html.count("Correction: ") >= 2
    entry = feed_entry(newsroom, "atom.xml", story_id)
    assert entry.summary.startswith("Correction: The toll was 12, not 21.")
    record = exported(newsroom)[story_id]
    assert record["status"] == "live" and len(record["notes"]) == 2  # type: ignore[arg-type]
    digest = build_digest(newsroom.store, DigestOptions(site=newsroom.options), DAY_AGO)
    [item] = [i for i in digest.items if i.story_id == story_id]
    assert item.notes == (
        "Correction: An earlier version misnamed Kyiv.",
        "Correction: The toll was 12, not 21.",
    )


def test_a_suppressed_story_leaves_every_public_place(
    newsroom: Newsroom, client: TestClient
) -> None:
    run_publish(newsroom.store, newsroom.options)
    story_id = newsroom.story_ids[3]
    headline = newsroom.store.versions(story_id)[-1].draft.headline
    apply_note(newsroom.store, story_id, NoteKind.SUPPRESSION, "Legal request 4411.")
    run_publish(newsroom.store, newsroom.options)
    html = page(newsroom, story_id)
    assert "This story was removed" in html and escape(headline) not in html
    assert "Legal request" not in html  # the note is for the record only
    site = newsroom.options.out_dir
    for name in ("index.html", "feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json"):
        text = (site / name).read_text(encoding="utf-8")
        assert headline not in text and escape(headline) not in text, name
    assert client.get(f"/api/stories/{story_id}").status_code == 410
    assert story_id not in {s["id"] for s in client.get("/api/stories").json()["stories"]}
    word = max(headline.split(), key=len).strip(".,'\"‘’“”")
    hits = client.get("/api/search", params={"q": word}).json()["results"]
    assert story_id not in {h["id"] for h in hits}
    assert story_id not in exported(newsroom)
    apply_note(newsroom.store, story_id, NoteKind.RESTORATION, "Cleared by counsel.")
    run_publish(newsroom.store, newsroom.options)
    assert escape(headline) in page(newsroom, story_id)
    assert escape(headline) in (site / "index.html").read_text(encoding="utf-8")
    assert client.get(f"/api/stories/{story_id}").status_code == 200


def test_controls_refuse_what_does_not_apply(newsroom: Newsroom) -> None:
    story_id = newsroom.story_ids[0]
    with pytest.raises(ControlError, match="a note is required"):
        apply_note(newsroom.store, story_id, NoteKind.CORRECTION, "   ")
    with pytest.raises(ControlError, match="no story 9999"):
        apply_note(newsroom.store, 9999, NoteKind.RETRACTION, "x")
    with pytest.raises(ControlError, match="is live: it cannot take a restoration"):
        apply_note(newsroom.store, story_id, NoteKind.RESTORATION, "x")
    apply_note(newsroom.store, story_id, NoteKind.RETRACTION, "Wrong.")
    with pytest.raises(ControlError, match="is retracted: it cannot take a correction"):
        apply_note(newsroom.store, story_id, NoteKind.CORRECTION, "x")
    other = newsroom.story_ids[1]
    newsroom.store.merge_stories(other, [newsroom.story_ids[4]], datetime.now(UTC))
    with pytest.raises(ControlError, match=f"merged into {other}"):
        apply_note(newsroom.store, newsroom.story_ids[4], NoteKind.RETRACTION, "x")


def test_the_commands_say_what_they_did(newsroom: Newsroom, tmp_path: Path) -> None:
    config = tmp_path / "newsdesk.toml"
    config.write_text(
        f"[store]\nurl = {json.dumps(newsroom.store.path)}\n"
        '[[sources]]\nurl = "https://feeds.example/config"\nkind = "feed"\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    story_id = str(newsroom.story_ids[5])
    done = runner.invoke(
        main, ["stories", "correct", story_id, "--note", "Date fixed.", "--config", str(config)]
    )
    assert done.exit_code == 0, done.output
    assert done.output == f"story {story_id} corrected (version 2); the next run publishes it\n"
    missing = runner.invoke(main, ["stories", "retract", story_id, "--config", str(config)])
    assert missing.exit_code == 2 and "Missing option '--note'" in missing.output
    wrong = runner.invoke(
        main, ["stories", "restore", story_id, "--note", "x", "--config", str(config)]
    )
    assert wrong.exit_code == 1
    assert wrong.output == f"Error: story {story_id} is live: it cannot take a restoration\n"
    # A config source can be blocked before any run has read it.
    feed = "https://feeds.example/config"
    blocked = runner.invoke(
        main, ["sources", "block", feed, "--note", "Spam.", "--config", str(config)]
    )
    assert blocked.exit_code == 0, blocked.output
    assert [b.url for b in newsroom.store.blocked_sources()] == ["https://feeds.example/config"]
    nowhere = runner.invoke(
        main, ["sources", "block", "https://x.example/", "--note", "x", "--config", str(config)]
    )
    assert nowhere.exit_code == 1 and "no source 'https://x.example/'" in nowhere.output


def test_a_blocked_source_is_not_read(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[1] / "fixtures" / "sample" / "pages"
    config_path = tmp_path / "newsdesk.toml"
    config_path.write_text(
        f"[extract]\nmin_words = 25\n[[sources]]\nurl = {json.dumps(str(sample))}\n"
        'kind = "folder"\n',
        encoding="utf-8",
    )
    config = load_config(config_path, env={})
    store = SQLiteStore(config.store_url)
    store.upsert_source(Source(str(sample), SourceKind.FOLDER))
    block_source(store, str(sample), "Machine-translated copies.")
    assert run(config, store).counts.get("ingest.new", 0) == 0
    assert store.unblock_source(str(sample))
    assert run(config, store).counts["ingest.new"] == 1
    store.close()
