"""The whole pipeline on real files with the real SQLite store."""

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.cluster import ClusterState, StoryClusterer, state_of_rows
from newsdesk.config import load_config
from newsdesk.models import Article, Rejected, Source, SourceKind
from newsdesk.pipeline import run
from newsdesk.store import SQLiteStore

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
SAMPLE_SOURCES = [
    Source(url=str(SAMPLE / "articles.jsonl"), kind=SourceKind.JSONL, name="sample"),
    Source(url=str(SAMPLE / "pages"), kind=SourceKind.FOLDER, name="pages"),
]


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    (tmp_path / "newsdesk.toml").write_text(
        '[site]\ntitle = "test"\n[extract]\nmin_words = 25\n', encoding="utf-8"
    )
    return tmp_path


def test_sample_gives_one_story_per_event_and_a_second_run_adds_nothing(config_dir: Path) -> None:
    config = load_config(config_dir / "newsdesk.toml", env={})
    store = SQLiteStore(config.store_url)
    first = run(config, store, sources=SAMPLE_SOURCES)
    assert first.counts["ingest.new"] == 31
    assert first.counts["extract.articles"] == 31
    assert not first.errors
    # Every NeuS event of the sample is exactly one story; the RCO page is one more.
    event_of = {}
    for line in (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        event_of[record["url"]] = record["neus_id"].rsplit("-", 1)[0]
    stories: dict[int, set[str]] = defaultdict(set)
    for article in store.recent_articles(since=None):
        assert article.id is not None
        story = store.story_of(article.id)
        assert story is not None
        stories[store.resolve_story(story) or story].add(event_of.get(article.url, article.url))
    # No story mixes two events (the sample's events were picked to be distinct), and
    # articles are grouped: far fewer stories than articles. Outlets that frame one event
    # very differently can still open a second story; the clustering issue measures that.
    assert all(len(events) == 1 for events in stories.values())
    assert len(stories) <= 20
    grouped = [s for s in stories.values() if any(e.startswith("neus") for e in s)]
    assert len(grouped) >= 10
    latest = store.latest_stories(limit=50)
    assert len(latest) == len(stories)
    site = config.path_of("site.dir")
    assert (site / "index.html").is_file()
    before = store.counts()
    second = run(config, store, sources=SAMPLE_SOURCES)
    assert second.counts == {"ingest.unchanged": 31}
    assert store.counts() == {**before, "runs": before["runs"] + 1}


def test_the_cluster_window_is_kept_for_the_next_run(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(config_dir / "newsdesk.toml", env={})
    store = SQLiteStore(config.store_url)
    run(config, store, sources=SAMPLE_SOURCES[:1])
    saved = state_of_rows(store.cluster_window())
    placed = {a.id: store.story_of(a.id) for a in store.recent_articles(since=None)}
    assert {i: m.story_id for i, m in saved.members.items()} == placed
    assert any(s.watchers for s in saved.stories.values())
    given: list[ClusterState] = []
    rebuild = StoryClusterer.from_state.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        StoryClusterer,
        "from_state",
        classmethod(lambda cls, state, *rest: (given.append(state), rebuild(cls, state, *rest))[1]),
    )
    run(config, store, sources=SAMPLE_SOURCES[1:])  # the RCO page: one new article
    (restored,) = given
    assert restored.members == saved.members
    assert {k: (s.revision, s.watchers) for k, s in restored.stories.items()} == {
        k: (s.revision, s.watchers) for k, s in saved.stories.items()
    }


def test_a_store_that_kept_only_watch_lists_rebuilds_its_window_with_them(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store written before the window was kept: the open stories by date, and the
    watch lists it kept, make the window of the next run."""
    config = load_config(config_dir / "newsdesk.toml", env={})
    store = SQLiteStore(config.store_url)
    run(config, store, sources=SAMPLE_SOURCES[:1])
    lists = {
        sid: list(s.watchers)
        for sid, s in state_of_rows(store.cluster_window()).stories.items()
        if s.watchers
    }
    with store.transaction():
        for table in ("cluster_clock", "cluster_stories", "cluster_members"):
            store.conn.execute(f"DELETE FROM {table}")
    store.save_cluster_watch_lists(lists)
    given: list[object] = []
    keep = StoryClusterer.restore_watch_lists
    monkeypatch.setattr(
        StoryClusterer,
        "restore_watch_lists",
        lambda self, lists: (given.append(lists), keep(self, lists))[1],
    )
    run(config, store, sources=SAMPLE_SOURCES[1:])
    assert given == [lists]
    assert state_of_rows(store.cluster_window()).members
    assert store.integrity_problems() == []


def test_bad_inputs_are_reported_not_fatal(config_dir: Path) -> None:
    pages = config_dir / "pages"
    pages.mkdir()
    good = (SAMPLE / "pages" / "rco-news-mexico-deportation-flight.html").read_bytes()
    (pages / "good.html").write_bytes(good)
    (pages / "corrupt.html.gz").write_bytes(b"\x1f\x8b\x08\x00 this is not gzip data")
    (pages / "binary.html").write_bytes(bytes(range(256)) * 40)
    (pages / "empty.html").write_bytes(b"")
    dump = config_dir / "dump.jsonl"
    lines = (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    dump.write_text(
        "\n".join([lines[0], "{not json", '{"title": "no url"}', lines[1]]) + "\n", encoding="utf-8"
    )
    sources = [
        Source(str(pages), SourceKind.FOLDER),
        Source(str(dump), SourceKind.JSONL),
        Source(str(config_dir / "missing.jsonl"), SourceKind.JSONL),
    ]
    config = load_config(config_dir / "newsdesk.toml", env={})
    store = SQLiteStore(config.store_url)
    report = run(config, store, sources=sources)
    assert report.counts["extract.articles"] == 3  # the good page and two good lines
    assert report.errors["ingest.unreadable"] == 1
    assert report.errors["ingest.bad_json"] == 1
    assert report.errors["ingest.no_url"] == 1
    assert report.errors["ingest.source_error"] == 1
    assert sum(v for k, v in report.errors.items() if k.startswith("extract.")) == 2
    reasons = {r[0] for r in store.conn.execute("SELECT reason FROM item_errors")}
    assert {"unreadable", "bad_json", "no_url", "source_error"} <= reasons
    assert store.counts()["story_versions"] >= 1


def test_a_page_dated_in_year_one_does_not_stop_dedupe(tmp_path: Path) -> None:
    from datetime import timedelta

    from newsdesk.models import Article, RawDocument, RunReport
    from newsdesk.pipeline import run_dedupe

    store = SQLiteStore(tmp_path / "db.sqlite")
    report = RunReport(started_at=datetime.now(UTC))
    for n, year in enumerate((1, 2024)):
        url = f"https://a.example/{n}"
        raw_id, _ = store.add_raw(
            RawDocument(url, url, url, 200, {}, b"<html></html>", datetime.now(UTC))
        )
        text = ("An unusual date from a broken page. " * 8).strip()
        when = datetime(year, 1, 1, tzinfo=UTC)
        store.save_article(
            Article(
                url=url,
                title=f"T{n}",
                paragraphs=(text,),
                published_at=when,
                site_name="A",
                raw_id=raw_id,
            )
        )
    run_dedupe(store, timedelta(days=7), report)
    assert not store.pending_dedupe()
    store.close()


def test_extracting_elsewhere_saves_what_extracting_here_saves(tmp_path: Path) -> None:
    """The backfill's way (parsing handed to ``extract_many``, several documents a
    transaction) and the run's leave the same articles and outcomes."""
    from dataclasses import replace

    from newsdesk import ingest
    from newsdesk.extract import ExtractOptions, extract_safely
    from newsdesk.models import RawDocument
    from newsdesk.pipeline import run_extract, start_run

    options = ExtractOptions(min_words=25)

    def elsewhere(docs: list[RawDocument]) -> Iterator[Article | Rejected]:
        return iter([extract_safely(doc, options) for doc in docs])

    outcomes = []
    for name, how in (("here", {}), ("elsewhere", {"extract_many": elsewhere, "commit_every": 4})):
        store = SQLiteStore(tmp_path / f"{name}.db")
        report = start_run(store)
        ingest.collect(
            [replace(s, id=store.upsert_source(s)) for s in SAMPLE_SOURCES], store, report
        )
        run_extract(store, options, report, **how)  # type: ignore[arg-type]
        articles = {a.url: (a.title, a.paragraphs) for a in store.recent_articles(since=None)}
        outcomes.append((articles, report.counts, report.errors, store.outlet_boilerplate()))
        store.close()
    assert outcomes[0][1]["extract.articles"] == 31
    assert outcomes[0] == outcomes[1]


def test_a_run_whose_stage_fails_is_not_recorded_as_finished(tmp_path: Path) -> None:
    from newsdesk.pipeline import Stage, run_stages, start_run
    from newsdesk.workers import WorkQueue

    store = SQLiteStore(tmp_path / "db.sqlite")
    queue = WorkQueue(store, "worker")
    ran: list[str] = []

    def broken(stop: object) -> None:
        raise RuntimeError("a bug in a stage")

    stages: list[Stage] = [
        ("ingest", lambda stop: ran.append("ingest")),
        ("extract", broken),
        ("dedupe", lambda stop: ran.append("dedupe")),
    ]
    with pytest.raises(RuntimeError, match="a bug"):
        run_stages(queue, stages, start_run(store))
    assert ran == ["ingest"]
    assert store.runs()[0].finished_at is None
    stopped = run_stages(queue, stages, start_run(store), lambda: True)
    assert stopped.counts == {"stopped_before.ingest": 1}
    assert store.runs()[0].finished_at is not None and ran == ["ingest"]
    store.close()
