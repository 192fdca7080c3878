"""The hostile mix: ten feeds on one host, nine of them misbehaving, default settings.

Issue 19 found the first run of this mix taking an hour and storing nothing: the 429
with Retry-After: 3600 held every source of its host. With the default ``fetch``
settings (private addresses allowed, for loopback) the first run must end in under a
minute with the healthy feed's articles stored and every failure reported with its
reason, and a second run must add nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hostile_mix import FEEDS, HostileServer

from newsdesk.cli import main

FAILURES = {
    "slow": "timeout",  # fetch.read_timeout: nothing for 15 s
    "trickle": "timeout",  # fetch.timeout: a byte a second is cut at 20 s in all
    "500": "http_500",
    "429": "rate_limited",
    "bomb": "too_large",
    "loop": "redirect_loop",
    "notfeed": "not_a_feed",
}


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    server = HostileServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def cli(config: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--config", str(config)])
    assert result.exit_code == 0, result.output
    return result.output


def run(config: Path) -> dict[str, Any]:
    """`newsdesk run --json` as its own process, given up (a failure) after 90 s."""
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk", "run", "--json", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.returncode == 0, done.stderr
    return json_lines(done.stdout)[-1]


def json_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_the_hostile_mix_on_one_host(hostile: HostileServer, tmp_path: Path) -> None:
    config = tmp_path / "newsdesk.toml"
    config.write_text(
        '[fetch]\nallow_private_addresses = true\ncontact = "hostile-mix@example.org"\n',
        encoding="utf-8",
    )
    for name in FEEDS:
        cli(config, "sources", "add", "--kind", "feed", hostile.url(name))

    started = time.monotonic()
    first = run(config)
    assert time.monotonic() - started < 60
    assert first["counts"]["ingest.new"] == 4
    assert "ingest.unchanged" not in first["counts"]  # each page fetched once, not per feed
    assert first["counts"]["extract.articles"] == 4
    # The cut feed keeps the items before the break; the latin-1 one is read whole.
    assert first["errors"]["ingest.feed_partial"] == 1
    for reason in set(FAILURES.values()):
        expected = sum(1 for r in FAILURES.values() if r == reason)
        assert first["errors"].get(f"ingest.{reason}") == expected, (reason, first["errors"])

    checked = {row["url"]: row for row in json_lines(cli(config, "sources", "check", "--json"))}
    now = datetime.now(UTC)
    for name in FEEDS:
        row = checked[hostile.url(name)]
        if name in FAILURES:
            status = "deferred" if name == "429" else "backing off"
            assert row["status"] == status and row["last_error"] == FAILURES[name], row
            assert datetime.fromisoformat(row["next_attempt"]) > now
        else:
            assert row["status"] == "ok" and row["last_success"], row
    deferred = datetime.fromisoformat(checked[hostile.url("429")]["next_attempt"])
    assert timedelta(minutes=59) < deferred - now <= timedelta(hours=1)
    assert "Retry-After 3600s" in checked[hostile.url("429")]["last_error_detail"]

    runs = json_lines(cli(config, "runs", "list", "--json"))
    assert runs[0]["id"] == first["run"] and runs[0]["finished_at"]
    assert runs[0]["errors"] == first["errors"]

    second = run(config)
    assert "ingest.new" not in second["counts"]
    assert "extract.articles" not in second["counts"]
    assert second["counts"]["ingest.skipped_backing_off"] == len(FAILURES)
