"""The cluster stage: each new article joins the story of its event, or opens one.

``cluster`` is the stage's one entry point (``stage.py``); the online clusterer it runs is
``StoryClusterer`` (``clusterer.py``: it scores an article with ``scoring.py``, decides which story
it joins with ``joining.py`` and keeps the open window of ``window.py``), with the options of
``options.py``; ``state.py`` is the window as plain values and as store rows, saved with
each batch of placements. How it decides and how it was tuned: docs/decisions/cluster.md;
figures and commands: docs/clustering.md.
"""

from newsdesk.cluster.clusterer import StoryClusterer
from newsdesk.cluster.joining import Assignment
from newsdesk.cluster.options import EMBEDDING_DEFAULTS, ClusterOptions
from newsdesk.cluster.stage import (
    NEW_STORY_IDS,
    ClusterResult,
    OpenStory,
    Placement,
    article_time,
    brings_news,
    cluster,
    copy_brings_news,
    in_order,
    window_from_articles,
)
from newsdesk.cluster.state import ClusterState, MemberState, StoryState, state_of_rows, state_rows

__all__ = [
    "EMBEDDING_DEFAULTS",
    "NEW_STORY_IDS",
    "Assignment",
    "ClusterOptions",
    "ClusterResult",
    "ClusterState",
    "MemberState",
    "OpenStory",
    "Placement",
    "StoryClusterer",
    "StoryState",
    "article_time",
    "brings_news",
    "cluster",
    "copy_brings_news",
    "in_order",
    "state_of_rows",
    "state_rows",
    "window_from_articles",
]
