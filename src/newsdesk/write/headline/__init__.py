"""The headline: the most central of the news reports' titles, as an editor would sign it.

``choose`` picks among the candidate titles and says what stands where none will do
(``choose_headline``, ``headline_from_text``, ``carried_headline``); ``rules`` holds the
editor's rules for one candidate (``allowed``, ``tells_news``); ``shorten`` makes one title
shorter without changing what it says (``title_parts``, ``shortened``); ``views`` heads a
story of opinion and analysis alone under its kind's label (``views_headline``). Why these
choices: docs/decisions/write.md.
"""

from newsdesk.write.headline.choose import carried_headline, choose_headline, headline_from_text
from newsdesk.write.headline.rules import allowed, tells_news
from newsdesk.write.headline.shorten import MAX_WORDS, balanced, shortened, title_parts
from newsdesk.write.headline.views import quotable, views_headline, views_label

__all__ = [
    "MAX_WORDS",
    "allowed",
    "balanced",
    "carried_headline",
    "choose_headline",
    "headline_from_text",
    "quotable",
    "shortened",
    "tells_news",
    "title_parts",
    "views_headline",
    "views_label",
]
