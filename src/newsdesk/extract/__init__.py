"""The extract stage: RawDocument -> Article | Rejected.

Built on trafilatura (body, metadata; htmldate for dates, courlan for URLs). On top of
it: decoding that never fails (``newsdesk.text.decode``); the title from
``og:title``/JSON-LD/``<h1>``/``<title>`` with the outlet's name removed; authors and
dates from JSON-LD when the page declares them (``metadata``); removal of blocks that
trail articles, of promotional, credit, date, interface and paywall lines and of a second
printing of the text (``lines``); of lines an outlet repeats in every article, learnt as
articles arrive (``boilerplate``); the lead put back when printed apart, a precision or
recall pass (``second_opinion``) and the page's largest paragraph block where trafilatura
took a menu (``body``). Rejections are typed: ``empty``, ``binary``, ``not_html``,
``too_short``, ``not_article``, ``wrong_language`` (``stage``: the entry point).

Each rule's measurement and the variants measured and rejected:
docs/decisions/extract.md.
"""

from newsdesk.extract.body import add_standfirst, expand_chunks
from newsdesk.extract.boilerplate import LearntBoilerplate, OutletBoilerplate, strip_boilerplate
from newsdesk.extract.lines import (
    clean_paragraphs,
    drop_repeated_copy,
    line_key,
    strip_promo_lines,
    strip_trailing_blocks,
)
from newsdesk.extract.metadata import clean_authors, guess_language
from newsdesk.extract.options import ExtractOptions
from newsdesk.extract.stage import extract, extract_safely

__all__ = [
    "ExtractOptions",
    "LearntBoilerplate",
    "OutletBoilerplate",
    "add_standfirst",
    "clean_authors",
    "clean_paragraphs",
    "drop_repeated_copy",
    "expand_chunks",
    "extract",
    "extract_safely",
    "guess_language",
    "line_key",
    "strip_boilerplate",
    "strip_promo_lines",
    "strip_trailing_blocks",
]
