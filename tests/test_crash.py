"""Crash safety: a run killed with SIGKILL at any point, then started again, ends with
exactly the store and site of an uninterrupted run."""

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newsdesk.store import SQLiteStore

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
STAMP = re.compile(
    r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d (?:GMT|[+-]\d{4})"
    r"|\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:?\d\d|Z)?"
    r"|\b\d{1,2} [A-Z][a-z]{2,8} \d{4}\b|\b\d\d:\d\d( UTC)?\b"
)


def make_config(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "newsdesk.toml"
    path.write_text(
        "[extract]\nmin_words = 25\n"
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "articles.jsonl"))}\nkind = "jsonl"\n'
        f'[[sources]]\nurl = {json.dumps(str(SAMPLE / "pages"))}\nkind = "folder"\n',
        encoding="utf-8",
    )
    return path


def start(folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "-q", "run"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def snapshot(folder: Path) -> dict[str, Any]:
    """What a reader and the store hold, without wall-clock times and row ids."""
    store = SQLiteStore(folder / "newsdesk.db")
    try:
        articles = store.recent_articles(since=None, limit=10**6)
        url_of = {a.id: a.url for a in articles}
        stories = {}
        for story_id in {store.story_of(a.id) for a in articles if a.id is not None}:
            assert story_id is not None
            members = sorted(url_of[m.article.id] for m in store.story_members(story_id))
            versions = [
                (
                    v.draft.headline,
                    [(s.text, sorted(url_of[i] for i in s.sources)) for s in v.draft.sentences()],
                )
                for v in store.versions(story_id)
            ]
            stories[tuple(members)] = versions
        result = {
            "articles": sorted((a.url, a.title, a.paragraphs) for a in articles),
            "duplicates": sorted(
                (a.url, url_of[d])
                for a in articles
                if a.id is not None and (d := store.duplicate_of(a.id)) is not None
            ),
            "stories": stories,
            "problems": store.integrity_problems(),
        }
    finally:
        store.close()
    site = folder / "site"
    result["site"] = {
        str(p.relative_to(site)): STAMP.sub(
            "<time>", p.read_text(encoding="utf-8", errors="replace")
        )
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }
    return result


def clean_run(tmp_path: Path) -> tuple[dict[str, Any], float]:
    folder = tmp_path / "clean"
    make_config(folder)
    began = time.monotonic()
    proc = start(folder)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return snapshot(folder), time.monotonic() - began


def killed_then_resumed(tmp_path: Path, n: int, delay: float) -> dict[str, Any]:
    folder = tmp_path / f"killed-{n}"
    make_config(folder)
    proc = start(folder)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.stderr is not None
    proc.stderr.close()
    resumed = start(folder)
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    return snapshot(folder)


def check_kill_points(tmp_path: Path, points: int, seed: int) -> None:
    expected, duration = clean_run(tmp_path)
    assert expected["problems"] == []
    assert len(expected["stories"]) >= 11
    rng = random.Random(seed)
    for n in range(points):
        delay = rng.uniform(0.05, duration)
        got = killed_then_resumed(tmp_path, n, delay)
        differing = [k for k in expected if got[k] != expected[k]]
        files = sorted(
            f
            for f in set(expected["site"]) | set(got["site"])
            if expected["site"].get(f) != got["site"].get(f)
        )
        assert not differing, f"kill after {delay:.2f}s (point {n}): {differing} differ {files}"


def test_killed_runs_resume_to_the_same_result(tmp_path: Path) -> None:
    check_kill_points(tmp_path, points=3, seed=1)


@pytest.mark.slow
def test_twenty_kill_points(tmp_path: Path) -> None:
    check_kill_points(tmp_path, points=20, seed=20)
