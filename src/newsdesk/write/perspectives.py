"""Opinion and analysis kept apart from the news: one attributed line per piece.

A column or an analysis is not a source of neutral text: the writer tells what it
argues, attributed to its outlet (and author, where the page names one), in a
Perspectives section. The claim is the piece's own title when that states something
("In The Daily Signal, Kay James argues that the Oversight Board is wrong to uphold
Facebook's suspension of Trump."), turned to sentence case with the piece's own
spelling of each word; a title that states nothing ("Patriotism and Pride") is quoted
as the piece's headline instead. Every line is built from the article's metadata and
title only, so that the verifier can check it against them (``metadata_support``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.models import Article, ArticleKind, Perspective
from newsdesk.text import clean_title
from newsdesk.text.loaded import loaded_words
from newsdesk.text.statements import is_statement
from newsdesk.text.titles import strip_outlet_name
from newsdesk.write.base import outlet_of

VIEW_KINDS = frozenset({ArticleKind.OPINION, ArticleKind.ANALYSIS})
_VOICE = re.compile(r"\b(?:I|me|my|we|our|us|you|your)\b", re.I)
_ALWAYS_LOWER = frozenset(
    """a an and as at but by for from if in into nor of off on or over per than the to up
    via vs with is are was were be been has have had will would can could should must may
    might not no its it this that these those his her their he she they who what""".split()
)


def is_view(article: Article) -> bool:
    """Whether an article is opinion or analysis (kept out of the neutral text)."""
    return article.kind in VIEW_KINDS


def _sentence_case(title: str, text: str) -> str:
    """A title-case title in sentence case: a word keeps its capital only where the piece
    itself writes it so inside a sentence (a name), or is an acronym."""
    named = set(re.findall(r"(?<=[\w,;:’'\"”)]\s)[A-Z][\w’'-]*", text))  # \s: no-break too
    out = []
    for i, word in enumerate(title.split()):
        core = word.strip("\"'“”‘’(),:;.!?")
        capitalised = core[:1].isupper() and not any(c.isupper() for c in core[1:])
        name = re.sub(r"['’]s$", "", core)  # "Israel's" is kept where the text says "Israel"
        first = i == 0 and core.lower() not in _ALWAYS_LOWER and core in text
        keep = bool({core, name} & named) or first
        if capitalised and not keep:
            word = word.replace(core, core.lower(), 1)
        out.append(word)
    return " ".join(out)


def perspective_line(article: Article) -> str:
    """What ``article`` argues, attributed: one sentence built from its metadata and title.

    Args:
        article: an opinion or analysis piece.

    Returns:
        The line ("In National Review, David Harsanyi argues that ..."), or "" when the
        piece has no title to tell it by.
    """
    outlet = outlet_of(article)
    title = clean_title(strip_outlet_name(article.title, article.site_name, article.url))
    if not title:
        return ""
    what = "an analysis" if article.kind is ArticleKind.ANALYSIS else "an opinion piece"
    verb = "writes" if article.kind is ArticleKind.ANALYSIS else "argues"
    author = article.authors[0] if article.authors else ""
    claim = title.rstrip(".")
    one_sentence = not re.search(r"[.!?]\s", claim)
    if (
        one_sentence
        and is_statement(claim)
        and not _VOICE.search(claim)
        and not loaded_words(claim)
    ):
        claim = _sentence_case(claim, article.text)
        if author:
            return f"In {outlet}, {author} {verb} that {claim}."
        return f"{what[:1].upper()}{what[1:]} published by {outlet} {verb} that {claim}."
    by = f" by {author}" if author else ""
    return f"{outlet} published {what}{by} headlined “{title}”."


def perspectives(views: Sequence[Article]) -> tuple[Perspective, ...]:
    """One line per opinion or analysis piece, in the order given (one per title).

    Args:
        views: the story's opinion and analysis pieces (ids set).

    Returns:
        The lines.
    """
    out: list[Perspective] = []
    seen: set[str] = set()
    for article in views:
        line = perspective_line(article)
        if line and article.id is not None and line not in seen:
            seen.add(line)
            out.append(Perspective(line, article.id))
    return tuple(out)
