"""The cluster stage: each new article joins the story of its event, or opens one.

``cluster`` is the stage's one entry point (``stage.py``); the online clusterer it runs is
``StoryClusterer`` (``clusterer.py``, its open window in ``window.py``), with the options of
``options.py``. How it decides and how it was tuned: docs/decisions/cluster.md; figures
and commands: docs/clustering.md.
"""

from newsdesk.cluster.clusterer import Assignment, StoryClusterer
from newsdesk.cluster.options import EMBEDDING_DEFAULTS, ClusterOptions
from newsdesk.cluster.stage import (
    NEW_STORY_IDS,
    ClusterResult,
    ClusterState,
    OpenStory,
    Placement,
    article_time,
    brings_news,
    cluster,
    copy_brings_news,
    in_order,
)

__all__ = [
    "EMBEDDING_DEFAULTS",
    "NEW_STORY_IDS",
    "Assignment",
    "ClusterOptions",
    "ClusterResult",
    "ClusterState",
    "OpenStory",
    "Placement",
    "StoryClusterer",
    "article_time",
    "brings_news",
    "cluster",
    "copy_brings_news",
    "in_order",
]
