"""Incremental publishing reads only what changed, and leaves the site a full rebuild makes."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from newsroom_data import NOW, Newsroom, make_story, rewrite, specs_of

from newsdesk.models import NoteKind, StoryNote, StoryStatus
from newsdesk.pipeline import run_publish
from newsdesk.store.records import StoryMember
from newsdesk.store.sqlite import SQLiteStore


def site_files(out: Path) -> dict[str, bytes]:
    """Every file of the site by path. A story page keeps the running list of top stories
    it was written with: incremental runs write only the stories that changed, so that
    list is left out of story pages (everything else on them must be the same)."""
    files = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.name == ".publishing":
            continue
        data = path.read_bytes()
        if path.parent.name == "stories" and b'class="headlines"' in data:
            doc = lxml.html.fromstring(data)
            for aside in doc.cssselect("aside.headlines"):
                aside.drop_tree()
            data = lxml.html.tostring(doc)
        files[str(path.relative_to(out))] = data
    return files


def full_rebuild_of(room: Newsroom, folder: Path) -> dict[str, bytes]:
    """The site a full rebuild makes from a copy of the store as it is now."""
    folder.mkdir()
    copy = folder / "copy.db"
    with closing(sqlite3.connect(copy)) as target:
        room.store.conn.backup(target)
    store = SQLiteStore(copy)
    try:
        run_publish(store, replace(room.options, out_dir=folder / "site"), full=True)
    finally:
        store.close()
    return site_files(folder / "site")


def test_incremental_runs_leave_the_site_a_full_rebuild_makes(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    store, ids = newsroom.store, newsroom.story_ids
    run_publish(store, newsroom.options)
    changes = [
        lambda: rewrite(store, ids[2], NOW, "Shortened."),
        lambda: store.join_storyline(ids[3], ids[1], NOW),  # linked with no new version
        lambda: store.join_storyline(ids[4], ids[3], NOW),
        lambda: store.merge_stories(ids[0], [ids[1]], NOW),  # a merge carries the line
        lambda: store.set_storyline(ids[4], None),  # unlinked: its old peers list it no more
        lambda: make_story(store, specs_of(newsroom.records[6], NOW - timedelta(hours=1)), NOW),
        lambda: store.add_story_note(
            StoryNote(ids[5], NoteKind.SUPPRESSION, "Legal.", 1, NOW), StoryStatus.SUPPRESSED
        ),
        lambda: store.merge_stories(ids[3], [ids[0]], NOW),  # a redirect's target moves on
    ]
    for n, change in enumerate(changes):
        change()
        report = run_publish(store, newsroom.options)
        assert not report.full_rebuild
        rebuilt = full_rebuild_of(newsroom, tmp_path / f"full{n}")
        assert site_files(newsroom.options.out_dir) == rebuilt, f"after change {n}"


def rows_read(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, the number of rows each of the store's reads returns."""
    counts: list[int] = []
    rows = store._rows

    def counted(sql: str, params: Sequence[Any] = ()) -> list[Any]:
        found = rows(sql, params)
        counts.append(len(found))
        return found

    monkeypatch.setattr(store, "_rows", counted)
    return counts


def test_a_run_reads_the_changed_stories_not_every_story(
    newsroom: Newsroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ids = newsroom.store, newsroom.story_ids
    run_publish(store, newsroom.options)
    store.join_storyline(ids[2], ids[1], NOW)
    read: list[int] = []
    members_of = store.members_of

    def counted(story_ids: Sequence[int]) -> dict[int, list[StoryMember]]:
        read.extend(story_ids)
        return members_of(story_ids)

    monkeypatch.setattr(store, "members_of", counted)
    assert run_publish(store, newsroom.options).stories_published == 2
    assert sorted(read) == [ids[1], ids[2]]
    # With nothing changed, a run reads as much from 6 stories as from 8.
    idle = []
    for record in newsroom.records[6:8]:
        counts = rows_read(store, monkeypatch)
        assert run_publish(store, newsroom.options).pages_written == 0
        idle.append((len(counts), sum(counts)))
        monkeypatch.undo()
        make_story(store, specs_of(record, NOW - timedelta(hours=3)), NOW)
        run_publish(store, newsroom.options)
    assert len(set(idle)) == 1, idle
