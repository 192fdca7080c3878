"""Full-text search over published stories, asked of the store (``store.SearchIndex``).

Publishing keeps the index current through ``index_story`` and ``remove_story``; the API
and the search page ask ``search``. The store matches every word of the query, the last
as a prefix, and ranks the headline above the summary above the body (SQLite FTS5, or
PostgreSQL full-text search: see ``newsdesk.store.sqlite`` and ``newsdesk.store.postgres``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsdesk.publish.safe import clean_text
from newsdesk.store.base import SearchIndex
from newsdesk.store.records import SearchHit

__all__ = [
    "MAX_QUERY_WORDS",
    "SearchHit",
    "index_story",
    "query_words",
    "remove_story",
    "search",
    "supports_search",
]

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 12


def supports_search(store: object) -> bool:
    """True when ``store`` can answer ``search``."""
    return isinstance(store, SearchIndex)


def index_story(
    store: SearchIndex, story_id: int, version: int, headline: str, summary: str, body: str
) -> None:
    """Make the search entry of ``story_id`` hold this version (replacing any older one).

    Args:
        store: the store.
        story_id: the story.
        version: its published version.
        headline: the version's headline.
        summary: its one-sentence summary.
        body: its body as plain text.
    """
    store.index_story(story_id, version, headline, summary, body)


def remove_story(store: SearchIndex, story_id: int) -> None:
    """Take a story (merged away, deleted) out of the search index."""
    store.unindex_story(story_id)


def query_words(text: str) -> list[str]:
    """The words of what a reader typed, at most ``MAX_QUERY_WORDS``.

    Example:
        >>> query_words('NEAR(a b) OR "c"*')
        ['NEAR', 'a', 'b', 'OR', 'c']
    """
    return _WORD.findall(clean_text(text, limit=500))[:MAX_QUERY_WORDS]


def search(store: SearchIndex, text: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Stories matching ``text``, best first (headline weighted highest).

    Args:
        store: the store.
        text: the reader's query, any text.
        limit: most hits (1 to 200).
        offset: hits to skip, for paging.

    Returns:
        The hits, each with a snippet of the best matching field.
    """
    words = query_words(text)
    if not words:
        return []
    hits = store.search_stories(words, max(1, min(limit, 200)), max(0, offset))
    return [replace(hit, headline=clean_text(hit.headline, limit=500)) for hit in hits]
