"""`watch` sends the day's digest at most once, even when it is killed around the send.

A real `newsdesk watch` process reads the bundled sample and, its digest being due,
sends it to aiosmtpd on loopback. The server's handler kills the process with SIGKILL at
the worst moments: once the whole message is in but before the server answers (the
server has it; newsdesk cannot know), and just after it answered. Started again, `watch`
must not send it again, and `digest status` must say what is known.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from smtp_loopback import Inbox, Received

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"  # the sample before issue 22


def write_config(folder: Path, port: int) -> Path:
    path = folder / "newsdesk.toml"
    path.write_text(
        "[watch]\ninterval_minutes = 60\n[extract]\nmin_words = 25\n"
        '[site]\nbase_url = "https://news.example.org/"\n'
        # Due from midnight: whenever the test runs, today's digest is due.
        '[digest]\ntime = "00:00"\nrecipients = ["ann@example.org"]\nretry_minutes = 0.01\n'
        f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        'sender = "desk@news.example.org"\noperator = "ops@news.example.org"\n'
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "articles.jsonl"))}\nkind = "jsonl"\n',
        encoding="utf-8",
    )
    return path


def start_watch(config: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "watch", "--config", str(config), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def kill_and_wait(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)


def digest_status(config: Path) -> dict[str, object]:
    result = CliRunner().invoke(main, ["digest", "status", "--json", "--config", str(config)])
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    return row


@pytest.mark.parametrize("moment", ["before the server answers", "after the server answered"])
def test_a_kill_around_the_send_never_sends_twice(tmp_path: Path, moment: str) -> None:
    with Inbox("none") as inbox:
        config = write_config(tmp_path, inbox.port)
        proc = start_watch(config)

        def kill_before_answering(got: Received) -> str:
            kill_and_wait(proc)  # the server has the whole message; newsdesk never hears
            return "250 OK"

        def kill_after_answering(got: Received) -> str:
            threading.Timer(0.005, kill_and_wait, (proc,)).start()
            return "250 OK"

        killer = kill_before_answering if moment.startswith("before") else kill_after_answering
        inbox.answer_with(killer)
        try:
            _, errors = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        assert proc.returncode == -signal.SIGKILL, errors
        assert len(inbox.wait_for(1)) == 1
        first = digest_status(config)
        assert first["state"] in ("sending", "sent") and first["attempts"] == 1
        if moment.startswith("before"):
            assert first["state"] == "sending"  # no answer was recorded

        inbox.answer_with(None)  # a healthy server from now on
        again = start_watch(config, "--once")
        _, errors = again.communicate(timeout=120)
        assert again.returncode == 0, errors
        assert len(inbox.messages) == 1  # not sent again
        after = digest_status(config)
        assert after["attempts"] == 1
        if first["state"] == "sending":
            assert after["state"] == "unknown" and "the server may have it" in str(after["error"])
            assert "may have it" in errors  # reported on stderr
        else:
            assert after["state"] == "sent"

        # Sending it again is the operator's choice.
        result = CliRunner().invoke(main, ["digest", "--send", "--config", str(config)])
        assert result.exit_code == 1 and "--again sends it anyway" in result.output
        forced = CliRunner().invoke(main, ["digest", "--send", "--again", "--config", str(config)])
        assert forced.exit_code == 0, forced.output
        assert len(inbox.messages) == 2
        assert digest_status(config)["state"] == "sent"
