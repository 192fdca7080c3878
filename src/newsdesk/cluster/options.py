"""The clusterer's thresholds and cues (how they were tuned: docs/decisions/cluster.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsdesk.config import default
from newsdesk.features import FeatureOptions


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """Thresholds and cues of the online clusterer (docs/decisions/cluster.md)."""

    # From the settings (cluster.*); the rest are tuned, not settings.
    quiet_hours: float = default("cluster.quiet_hours")
    use_embeddings: bool = default("cluster.use_embeddings")
    threshold: float = 0.28
    weak_threshold: float = 0.14
    clear_margin: float = 2.0
    ambiguity_ratio: float = 0.79
    merge_threshold: float = 0.5
    decay_half_life_hours: float = 24.0  # the gap to a story's nearest report
    event_hours: float = 24.0  # past this after a story's first report ...
    event_half_life_hours: float = 6.0  # ... its score halves every this many hours
    idf_memory: int = 5_000  # articles of closed stories still counted in the IDF
    facts_min: int = 1  # shared facts of a story's own that decide a torn article (0: off)
    facts_share: float = 0.5  # a fact is a story's own when this part of its articles are
    dense_join: float = 0.0  # embeddings: a recent story this close by cosine ... (0: off)
    dense_margin: float = 0.1  # ... and ahead of any other recent story by this takes a
    # dated article the words left undecided (cluster/dense.py)
    view_floor: float = 0.05  # a view that would open a story joins the recent best ... (0: off)
    view_margin: float = 4.0  # ... when it scores this much and leads the second by this
    view_facts: int = 1  # ... and tells this many facts of that story's own
    view_clear_floor: float = 0.12  # ... or, telling none, scores this much (0: off) ...
    view_clear_margin: float = 1.5  # ... and leads the second by this
    report_floor: float = 0.06  # a news report that would open a story joins a recent
    report_margin: float = 2.0  # story of views only on these terms (0: off) ...
    report_facts: int = 0  # ... telling this many facts of its own
    late_core_floor: float = 0.5  # late joins of dated stories: each tells this much of the
    # other's core, by IDF (cluster/core.py; 0: off)
    weak_headline_floor: float = 0.4  # a dated report's weak join into a story of
    # ``late_join_story`` or more: its core holds this much of the headline (cluster/core.py)
    merge_core_test: bool = True  # story merges (``story_merge_threshold``) of dated stories
    # pass the late joins' core test too
    bridge_lone: bool = True  # a dated report that reaches two dated stories of one report
    # each at ``weak_threshold`` merges them ...
    bridge_shared: float = 0.25  # ... when this share of its weaker link runs through terms
    # both hold (a roundup of two events reaches each through its own part; cluster/joining.py)
    outlet_window_hours: float = 1.0
    outlet_penalty: float = 0.7
    max_open_articles: int = 50_000
    common_df_ratio: float = 0.02
    max_candidates: int = 10
    story_merge_threshold: float = 0.4
    story_merge_floor: float = 0.1
    late_join_checks: int = 8
    late_join_size: int = 2
    late_join_story: int = 3
    late_join_floor: float = 0.1
    late_join_margin: float = 4.0
    late_join_watch: int = 3
    late_join_candidates: int = 4
    story_idf_weight: float = 0.15
    embedding_weight: float = 0.0  # > 0: blend the MiniLM cosine into the score (measured only)
    features: FeatureOptions = field(default_factory=FeatureOptions)

    @classmethod
    def with_embeddings(cls, **overrides: Any) -> ClusterOptions:
        """The options for MiniLM: every article is scored by words with the defaults'
        thresholds; for a dated one the cosine decides what the words leave undecided
        (``EMBEDDING_DEFAULTS``, cluster/dense.py)."""
        return cls(**{**EMBEDDING_DEFAULTS, "use_embeddings": True, **overrides})


# The sentence vector's rule ("Embeddings on the dated stream" in docs/decisions/cluster.md).
EMBEDDING_DEFAULTS: dict[str, Any] = {
    "dense_join": 0.6,
    "dense_margin": 0.1,
}
