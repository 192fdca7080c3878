"""Crash safety: a run killed with SIGKILL at any point, then started again, ends with
exactly the store and site of an uninterrupted run; and one killed while it clusters
1,500 articles ends with exactly the stories of an uninterrupted run."""

import gzip
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from newsdesk import ingest
from newsdesk.cluster import ClusterOptions
from newsdesk.config import load_config
from newsdesk.extract import ExtractOptions
from newsdesk.models import RunReport
from newsdesk.pipeline import run_cluster, run_dedupe, run_extract
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


# -- kills while clustering ------------------------------------------------------------

OUTLETS = ("Left Ledger", "Centre Courier", "Right Review")  # by the NeuS record's a0/a1/a2


def neus_stream(data: Path, out: Path, size: int = 1500) -> None:
    """``size`` NeuS dev records as a dated JSONL dump: whole stories, in file order.

    The dev file is shuffled; records are taken, in file order, from the first stories met
    until there are ``size``, so most stories have their three articles (left, centre and
    right outlets). Each is dated five minutes after the one before: a stream of about
    five days, so the first stories close (72 quiet hours) while later ones grow. Every
    fiftieth record is also served again under another URL by another outlet: a copy.
    """
    with gzip.open(next(data.glob("*.jsonl.gz")), "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    stories: dict[str, int] = {}
    for record in records:
        stories[record["cluster_id"]] = stories.get(record["cluster_id"], 0) + 1
        if sum(stories.values()) >= size:
            break
    chosen = [r for r in records if r["cluster_id"] in stories][:size]
    start = datetime(2021, 3, 1, tzinfo=UTC)
    lines = []
    for i, r in enumerate(chosen):
        line = {
            "url": f"https://news.example/{r['id']}",
            "title": r["title"],
            "text": r["text"],
            "date": (start + timedelta(minutes=5 * i)).isoformat(),
            "site_name": OUTLETS[int(r["id"][-1]) % 3],
        }
        lines.append(line)
        if i % 50 == 49:
            lines.append({**line, "url": f"https://wire.example/{r['id']}", "site_name": "Wire"})
    out.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def waiting_to_cluster(db: Path) -> int:
    store = SQLiteStore(db)
    try:
        return store.queue_depths()["cluster"]
    finally:
        store.close()


def partition(db: Path) -> tuple[set[frozenset[str]], list[str]]:
    """Every story as the set of its article URLs, and what `newsdesk check` finds wrong."""
    store = SQLiteStore(db)
    try:
        stories: dict[int, set[str]] = {}
        for article in store.recent_articles(since=None, limit=10**6):
            assert article.id is not None
            story = store.story_of(article.id)
            assert story is not None, article.url
            stories.setdefault(story, set()).add(article.url)
        return {frozenset(s) for s in stories.values()}, store.integrity_problems()
    finally:
        store.close()


def cluster_in_process(db: Path) -> float:
    """The cluster stage on ``db`` in this process; returns the seconds it took."""
    store = SQLiteStore(db)
    try:
        began = time.perf_counter()
        run_cluster(store, ClusterOptions(), RunReport(started_at=datetime.now(UTC)))
        return time.perf_counter() - began
    finally:
        store.close()


def prepared_before_clustering(folder: Path, data: Path) -> Path:
    """A store that holds the stream ingested, extracted and deduplicated, not clustered."""
    folder.mkdir(parents=True)
    neus_stream(data, folder / "stream.jsonl")
    (folder / "newsdesk.toml").write_text(
        "[extract]\nmin_words = 25\n"
        f'[[sources]]\nurl = {json.dumps(str(folder / "stream.jsonl"))}\nkind = "jsonl"\n',
        encoding="utf-8",
    )
    config = load_config(folder / "newsdesk.toml", env={})
    store = SQLiteStore(folder / "newsdesk.db")
    try:
        report = RunReport(started_at=datetime.now(UTC))
        ingest.collect(ingest.sources_to_read(config.sources, store), store, report)
        run_extract(store, ExtractOptions.from_config(config), report)
        run_dedupe(store, timedelta(days=7), report)
        assert report.counts["dedupe.duplicates"] >= 20, report.counts
    finally:
        store.close()
    return folder


def killed_while_clustering(base: Path, folder: Path, after: float) -> int:
    """Start `newsdesk run` on a copy of ``base``; SIGKILL it ``after`` seconds into
    clustering (once the first articles are stored in their stories); returns how many
    articles were clustered when it died."""
    shutil.copytree(base, folder)
    waiting = waiting_to_cluster(folder / "newsdesk.db")
    proc = start(folder)
    deadline = time.monotonic() + 120
    while waiting_to_cluster(folder / "newsdesk.db") == waiting:
        assert proc.poll() is None, "the run ended before it clustered anything"
        assert time.monotonic() < deadline, "the run never started clustering"
        time.sleep(0.01)
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.stderr is not None
    proc.stderr.close()
    return waiting - waiting_to_cluster(folder / "newsdesk.db")


def check_cluster_kills(
    tmp_path: Path, data_dir: Callable[[str], Path], points: Sequence[float]
) -> None:
    """Kill a run at each of ``points`` (fractions of the stage's time in this process)."""
    base = prepared_before_clustering(tmp_path / "base", data_dir("neus-story-clustering"))
    clean = tmp_path / "clean"
    shutil.copytree(base, clean)
    seconds = cluster_in_process(clean / "newsdesk.db")
    expected, problems = partition(clean / "newsdesk.db")
    assert problems == []
    assert 500 < len(expected) < 1400
    mid_way = 0
    for n, point in enumerate(points):
        folder = tmp_path / f"killed-{n}"
        done = killed_while_clustering(base, folder, point * seconds)
        mid_way += 0 < done < 1530
        cluster_in_process(folder / "newsdesk.db")  # the resume
        got, problems = partition(folder / "newsdesk.db")
        assert problems == [], f"point {n}: {problems}"
        moved = sum(len(s) for s in expected - got)
        assert got == expected, f"kill {n} after {done} articles: {moved} in other stories"
    assert mid_way, "no kill landed while the stage clustered"


def test_runs_killed_while_clustering_resume_to_the_same_stories(
    tmp_path: Path, data_dir: Callable[[str], Path]
) -> None:
    check_cluster_kills(tmp_path, data_dir, points=(0.3, 0.55, 0.8))
