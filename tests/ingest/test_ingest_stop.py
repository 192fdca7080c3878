"""`newsdesk watch` and `newsdesk run` stop within seconds of SIGTERM, whatever they are
waiting on, and the next start picks up cleanly.

Issue 19 found `watch` still running 170 s after "received SIGTERM", stuck in a wait on a
rate-limited host; `run` had no stop at all. Here each command is a real process whose
only source trickles its feed (1 KiB a second, 64 KiB, inside a generous fetch.timeout).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ingest_loopback import LoopbackServer, Reply

from newsdesk.store import SQLiteStore

RSS = {"Content-Type": "application/rss+xml"}


def trickling_feed(server: LoopbackServer) -> bytes:
    """The rss20 fixture padded to 64 KiB, served at 1 KiB a second; returns the body."""
    body = server.fixture("rss20.xml").replace(b"</channel>", b" " * 65536 + b"</channel>")
    server.routes["/feed.xml"] = Reply(200, body, RSS, drip=1.0)
    server.serve_pages()
    return body


def write_config(tmp_path: Path, server: LoopbackServer) -> Path:
    path = tmp_path / "newsdesk.toml"
    path.write_text(
        '[fetch]\nallow_private_addresses = true\ncontact = "stop-tests@example.org"\n'
        "delay_per_host = 0.0\ntimeout = 120.0\nread_timeout = 30.0\n"
        f'[[sources]]\nurl = "{server.url("/feed.xml")}"\nkind = "feed"\n',
        encoding="utf-8",
    )
    return path


def start(config: Path, *command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk", *command, "--config", str(config)],
        cwd=config.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def stop_while_trickling(process: subprocess.Popen[str], server: LoopbackServer) -> float:
    """SIGTERM once the feed has been trickling a second; returns seconds until exit."""
    deadline = time.monotonic() + 120
    while not server.hits("/feed.xml") and time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited before fetching: {process.communicate()[1]}")
        time.sleep(0.1)
    assert server.hits("/feed.xml"), "the feed was never asked for"
    time.sleep(1.0)
    assert process.poll() is None, "the trickle should still be going"
    process.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    try:
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    return time.monotonic() - sent


def runs(config: Path) -> list[dict[str, object]]:
    store = SQLiteStore(config.parent / "newsdesk.db")
    try:
        return [{"finished": r.finished_at is not None, "counts": r.counts} for r in store.runs()]
    finally:
        store.close()


@pytest.mark.parametrize("command", [("watch",), ("run",)])
def test_sigterm_stops_within_seconds_and_the_next_start_reads_the_source(
    server: LoopbackServer, tmp_path: Path, command: tuple[str, ...]
) -> None:
    body = trickling_feed(server)
    config = write_config(tmp_path, server)
    process = start(config, *command)
    seconds = stop_while_trickling(process, server)
    _, errors = process.communicate()
    assert seconds < 5, f"{command[0]} took {seconds:.1f}s to stop"
    assert process.returncode == 0, errors
    assert "received SIGTERM" in errors
    [stopped] = runs(config)
    assert stopped["finished"] and stopped["counts"] == {"ingest.stopped": 1} | (
        {"stopped_before.extract": 1}
    )
    # The next start (a watch too: the stopped run did not count as a read) reads it all.
    server.routes["/feed.xml"] = Reply(200, body, RSS)
    again = start(config, *(("watch", "--once") if command == ("watch",) else command))
    _, errors = again.communicate(timeout=120)
    assert again.returncode == 0, errors
    latest = runs(config)[0]
    assert latest["finished"]
    counts = latest["counts"]
    assert isinstance(counts, dict) and counts["ingest.new"] == 3, json.dumps(counts)
