"""The publish stage: static site, feeds, sitemaps, search, and the JSON API server.

``publish(store, options)`` writes the site incrementally; ``make_app`` and ``serve``
give `newsdesk serve`. Everything that came from a source is treated as untrusted text.
"""

from newsdesk.publish.api import OPENAPI, make_app, serve
from newsdesk.publish.options import SiteOptions, story_path
from newsdesk.publish.search import SearchHit, search
from newsdesk.publish.site import PublishReport, publish

__all__ = [
    "OPENAPI",
    "PublishReport",
    "SearchHit",
    "SiteOptions",
    "make_app",
    "publish",
    "search",
    "serve",
    "story_path",
]
