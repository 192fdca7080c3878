"""The sentence vector settles what the words leave open (the ``embeddings`` extra).

With ``use_embeddings`` every article is scored by words alone, with the defaults'
thresholds. When the words would open a story for a dated article, it joins the recent
story its MiniLM vector is nearest to if the cosine with that story's summed vector is
at least ``dense_join`` and at least ``dense_margin`` above every other recent story's.
Recent: the article within ``event_hours`` of the story's first report, and no report of
the same outlet in it within the hour, so a saga's next event still opens its own story.
An undated article has no event window to be recent in and is decided by words alone:
every rule for it that the model decided lowered the crowded NeuS pool. Why and how it
was measured: docs/decisions/cluster.md, "Embeddings on the dated stream" and
"Undated articles with embeddings: words alone".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from newsdesk.cluster.options import ClusterOptions
from newsdesk.cluster.window import DenseIndex, Story
from newsdesk.embed import Vectors


def dense_story(
    dense: Vectors,
    when: datetime,
    index: DenseIndex,
    stories: Mapping[int, Story],
    options: ClusterOptions,
    same_outlet: Callable[[Story], bool],
) -> int | None:
    """The recent story the article's vector clearly points to, or None.

    Args:
        dense: the article's unit vector.
        when: its date.
        index: the open stories' unit centroids.
        stories: the open stories by id.
        options: ``dense_join`` (0: off), ``dense_margin``, ``event_hours``,
            ``max_candidates``.
        same_outlet: whether the article's outlet reported in the story within the
            outlet window (``outlet_window_hours``).
    """
    if options.dense_join <= 0.0:
        return None
    sims = index.similarities(dense)
    recent = []
    for sid in index.nearest(sims, options.max_candidates):
        story = stories[sid]
        if story.first is None:
            continue
        if abs((when - story.first).total_seconds()) / 3600.0 > options.event_hours:
            continue
        if same_outlet(story):
            continue  # the same outlet within the hour tells another story
        recent.append(sid)
    if not recent:
        return None
    best = recent[0]
    cosine = index.cosine(sims, best)
    runner = index.cosine(sims, recent[1]) if len(recent) > 1 else 0.0
    if cosine < options.dense_join or cosine - runner < options.dense_margin:
        return None
    return best
