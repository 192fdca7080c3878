"""`newsdesk watch`: scheduling, the health file, and a clean stop on SIGTERM."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.config import load_config
from newsdesk.models import Source, SourceKind
from newsdesk.store import SQLiteStore
from newsdesk.watch import WatchOptions, due_sources, watch

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"


def sample_config(tmp_path: Path, interval_minutes: float = 60) -> Path:
    path = tmp_path / "newsdesk.toml"
    path.write_text(
        f"[watch]\ninterval_minutes = {interval_minutes}\n"
        "[extract]\nmin_words = 25\n"
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "articles.jsonl"))}\nkind = "jsonl"\n'
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "pages"))}\nkind = "folder"\n'
        "interval_minutes = 0.001\n",
        encoding="utf-8",
    )
    return path


def test_due_sources_follow_each_interval(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "t.db")
    now = datetime(2025, 1, 1, tzinfo=UTC)
    fast = Source("a", SourceKind.JSONL, interval_minutes=5)
    slow = Source("b", SourceKind.JSONL)
    assert due_sources([fast, slow], store, timedelta(hours=1), now) == [fast, slow]
    store.save_last_read("a", now)
    store.save_last_read("b", now)
    later = now + timedelta(minutes=6)
    assert due_sources([fast, slow], store, timedelta(hours=1), later) == [fast]


def test_watch_runs_on_schedule_and_writes_health(tmp_path: Path) -> None:
    config = load_config(sample_config(tmp_path), env={})
    store = SQLiteStore(config.store_url)
    health = tmp_path / "health.json"
    options = WatchOptions(interval=timedelta(minutes=60), health_file=health, jitter=0.0)
    reports = []
    runs = watch(config, store, options, threading.Event(), max_runs=2, on_run=reports.append)
    assert runs == 2
    assert reports[0].counts["ingest.new"] == 31
    # Second pass: the hourly source is not due; the fast one is read and is unchanged.
    assert reports[1].counts == {"ingest.unchanged": 1}
    data = json.loads(health.read_text(encoding="utf-8"))
    assert data["status"] == "ok" and data["last_run"] == reports[1].id


def test_sigterm_stops_watch_cleanly(tmp_path: Path) -> None:
    sample_config(tmp_path, interval_minutes=0.02)
    health = tmp_path / "health.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "watch", "--health-file", str(health)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        deadline = time.monotonic() + 120
        while not health.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert health.exists(), proc.stderr.read() if proc.poll() is not None else "no health"
        proc.send_signal(signal.SIGTERM)
        _, errors = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, errors
    assert "received SIGTERM" in errors
    store = SQLiteStore(tmp_path / "newsdesk.db")
    history = store.runs()
    assert history and all(r.finished_at is not None for r in history)
    assert store.counts()["articles"] == 31
