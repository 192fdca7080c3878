"""`newsdesk backup` and `restore` (issue 19): nothing lost by the operator either.

A real `newsdesk run` writes a SQLite store in another process while the test backs it
up again and again; every copy must be a whole, consistent store, and one taken in the
middle of the run (held there by the scripted model it writes with), restored in a fresh
place and run on, must end as the uninterrupted run did. For PostgreSQL the commands that
`backup` prints are run as printed.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from llm_loopback import ChatServer, faithful_story
from newsdesk.cli import main
from newsdesk.store import SQLiteStore, open_store
from newsdesk.store.backup import restored_url
from newsdesk.store.base import Store
from sample_config import write_sample_config


def cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def newsdesk_run(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "-q", "run", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def content(store: Store) -> dict[str, Any]:
    """Articles, stories (by member URLs) and every version's text, without times or ids."""
    articles = store.recent_articles(since=None, limit=10**6)
    url_of = {a.id: a.url for a in articles}
    stories = {}
    for story_id in {store.story_of(a.id) for a in articles if a.id is not None}:
        assert story_id is not None
        members = tuple(sorted(url_of[m.article.id] for m in store.story_members(story_id)))
        stories[members] = [
            (v.draft.headline, [s.text for s in v.draft.sentences()])
            for v in store.versions(story_id)
        ]
    return {"articles": sorted((a.url, a.paragraphs) for a in articles), "stories": stories}


@contextmanager
def opened(path: Path) -> Iterator[SQLiteStore]:
    store = SQLiteStore(path)
    try:
        yield store
    finally:
        store.close()


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = ("raw_documents", "articles", "story_versions")
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def llm_sample_config(folder: Path, chat: ChatServer) -> Path:
    """The sample's config, written by the scripted model on ``chat``."""
    config = write_sample_config(folder)
    with config.open("a", encoding="utf-8") as fh:
        fh.write(
            f'[write]\nwriter = "llm"\nllm_base_url = "{chat.url}"\n'
            'llm_model = "scripted-model"\nllm_timeout = 120.0\n'
        )
    return config


@contextmanager
def gated_model() -> Iterator[ChatServer]:
    """A careful scripted model whose answers wait until ``script.gate`` is set."""
    chat = ChatServer()
    chat.script.answer = faithful_story
    gate = chat.script.gate = threading.Event()
    chat.start()
    try:
        yield chat
    finally:
        gate.set()
        chat.stop()


def test_backups_during_a_run_are_whole_and_one_restores_and_runs_on(tmp_path: Path) -> None:
    """The run is held at a known point (its first request to the model, when every
    article is stored and no story is written yet) for one backup; others are taken
    while it runs, wherever it is."""
    backups: list[Path] = []

    def back_up(config: Path) -> Path | None:
        dest = tmp_path / "backups" / f"{len(backups):03}.db"
        result = cli("backup", "--config", str(config), str(dest))
        if result.exit_code != 0:  # only before the run has made its tables
            assert "not a newsdesk store: it has no migrations" in result.output
            return None
        backups.append(dest)
        return dest

    with gated_model() as chat:
        config = llm_sample_config(tmp_path / "live", chat)
        proc = newsdesk_run(config)
        deadline = time.monotonic() + 300
        try:
            while not chat.script.requests:  # ingest, extract, dedupe, cluster
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "the run never asked the model"
                if (tmp_path / "live" / "newsdesk.db").exists():
                    back_up(config)
                time.sleep(0.2)  # pacing only: what is checked waits on no timing
            held = back_up(config)
            assert chat.script.gate is not None
            chat.script.gate.set()
            while proc.poll() is None and time.monotonic() < deadline:
                back_up(config)
                time.sleep(0.2)
            assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
        finally:
            if proc.poll() is None:
                proc.kill()
            if proc.stderr:
                proc.stderr.close()
        final = counts(tmp_path / "live" / "newsdesk.db")
        assert final["articles"] == 31 and final["story_versions"] >= 11
        # Each copy is one self-contained file holding a consistent store.
        for path in backups:
            assert not Path(f"{path}-wal").exists()
            with opened(path) as store:
                assert store.integrity_problems() == [], path
        assert held is not None
        middle = counts(held)
        assert middle["articles"] == 31 and middle["story_versions"] < final["story_versions"]
        # Restored in a fresh place and run on, the copy from the middle ends as the run did.
        again = llm_sample_config(tmp_path / "again", chat)
        result = cli("restore", "--config", str(again), str(held))
        assert result.exit_code == 0, result.output
        assert cli("run", "--config", str(again)).exit_code == 0
    with (
        opened(tmp_path / "live/newsdesk.db") as live,
        opened(tmp_path / "again/newsdesk.db") as back,
    ):
        assert back.integrity_problems() == []
        assert content(back) == content(live)


def test_backup_and_restore_refuse_what_would_lose_something(tmp_path: Path) -> None:
    config = write_sample_config(tmp_path / "desk")
    assert cli("run", "--config", str(config)).exit_code == 0
    store = tmp_path / "desk" / "newsdesk.db"
    made = cli("backup", "--config", str(config))  # the default: backups/ beside the store
    assert made.exit_code == 0, made.output
    [copy] = (tmp_path / "desk" / "backups").glob("newsdesk-*Z.db")
    assert str(copy) in made.output and "31 articles" in made.output
    # A backup never overwrites one.
    again = cli("backup", "--config", str(config), str(copy))
    assert again.exit_code == 1 and "already exists" in again.output
    # A damaged or foreign file is refused before the store is touched.
    before = counts(store)
    junk = tmp_path / "junk.db"
    junk.write_bytes(copy.read_bytes()[: 4096 * 3])
    for bad in (junk, tmp_path / "missing.db", config):
        result = cli("restore", "--config", str(config), "--force", str(bad))
        assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    newer = tmp_path / "newer.db"
    shutil.copy(copy, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, '0099_future.sql', 'x')")
    refused = cli("restore", "--config", str(config), "--force", str(newer))
    assert refused.exit_code == 1 and "newer release" in refused.output
    assert counts(store) == before
    # An existing store is replaced only with --force, and kept beside it first.
    kept_out = cli("restore", "--config", str(config), str(copy))
    assert kept_out.exit_code == 1 and "--force" in kept_out.output
    with sqlite3.connect(store) as conn:
        conn.execute("DELETE FROM item_errors")
        conn.execute("INSERT INTO runs (started_at) VALUES ('2025-01-01T00:00:00+00:00')")
    replaced = cli("restore", "--config", str(config), "--force", str(copy))
    assert replaced.exit_code == 0, replaced.output
    [kept] = (tmp_path / "desk").glob("newsdesk.before-restore-*Z.db")
    with sqlite3.connect(kept) as old, sqlite3.connect(store) as now:
        assert old.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2
        assert now.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
    assert cli("check", "--config", str(config)).exit_code == 0


def test_postgres_backup_prints_the_pg_dump_way_and_it_works(
    pg_server: Any, tmp_path: Path
) -> None:
    url = pg_server.new_database()
    config = write_sample_config(tmp_path, url)
    assert cli("run", "--config", str(config)).exit_code == 0
    dump = tmp_path / "newsdesk.dump"
    printed = cli("backup", "--config", str(config), str(dump))
    assert printed.exit_code == 1 and not dump.exists()  # newsdesk itself copied nothing
    commands = [shlex.split(line) for line in printed.output.splitlines() if line.startswith("  ")]
    assert [c[0] for c in commands] == ["pg_dump", "createdb", "pg_restore"]
    # Run them as printed, with the test server's tools.
    tools = {**os.environ, "PATH": f"{pg_server.bin}:{os.environ['PATH']}"}
    for command in commands:
        subprocess.run(command, check=True, timeout=120, env=tools, capture_output=True)
    target = restored_url(url)[0]
    assert target.split("?")[0].endswith("_restored")
    with closing_store(url) as live, closing_store(target) as back:
        assert back.integrity_problems() == [] and content(back) == content(live)
        assert back.counts() == live.counts()
    # The restored database is a store that runs on, and finds nothing new to do (its
    # site is written afresh in its new folder).
    moved = write_sample_config(tmp_path / "moved", target)
    result = CliRunner().invoke(main, ["run", "--json", "--config", str(moved)])
    assert result.exit_code == 0, result.output
    done = json.loads(result.stdout)["counts"]
    assert done["ingest.unchanged"] == 31 and set(done) == {"ingest.unchanged", "publish.pages"}


@contextmanager
def closing_store(url: str) -> Iterator[Store]:
    store = open_store(url)
    try:
        yield store
    finally:
        store.close()
