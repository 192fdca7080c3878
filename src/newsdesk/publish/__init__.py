"""The publish stage: static site, feeds, sitemaps, search, and the JSON API server.

``Site`` writes the site incrementally from plain story states (``StoryState``; the
pipeline's ``run_publish`` reads them from the store); ``make_app`` and ``serve`` give
`newsdesk serve`. Everything that came from a source is treated as untrusted text.
"""

from newsdesk.publish.api import OPENAPI, make_app, serve
from newsdesk.publish.options import SiteOptions, story_path
from newsdesk.publish.search import SearchHit, search
from newsdesk.publish.site import PublishedBatch, PublishReport, Site, StoryState

__all__ = [
    "OPENAPI",
    "PublishReport",
    "PublishedBatch",
    "SearchHit",
    "Site",
    "SiteOptions",
    "StoryState",
    "make_app",
    "search",
    "serve",
    "story_path",
]
