"""The headline: the most central of the news reports' titles, as an editor would sign it.

Candidates are the titles of the story's news reports and their shorter self-contained
parts (before or after a colon, before a dash, the statement after a question). Each is
scored by how central it is across outlets, near a target length; then an editor's
rules: never a title with a loaded word outside quotes ("Slams", "Bombshell"), an
unbalanced quotation or the outlet's own voice ("We", "Our", "Here's what"); a
statement rather than a label ("Free Speech") and a question only where nothing states
the news (both as strong penalties, so that a story whose every title breaks them still
gets one); a part that drops the names of the title it comes from ("Death Toll Rises
to 117" from "KZN, Gauteng unrest: Death toll rises to 117") loses to the whole title.
The case is AP title case (``headline_case``), shouted words lowered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from newsdesk.models import Article
from newsdesk.text import clean_title, content_stems, cosine, headline_case
from newsdesk.text.loaded import loaded_words, outside_quotes
from newsdesk.text.statements import is_statement

# The outlet's voice: a pronoun of its own or the reader's ("US" is a country), a teaser.
_OUTLET_VOICE = re.compile(
    r"\b(?:[Ww]e|[Oo]ur|us|I|[Mm]y|[Yy]ou|[Yy]our)\b|^(?:[Hh]ere['’]s|[Hh]ere [Ii]s|"
    r"[Hh]ere [Aa]re|[Ww]hat [Tt]o [Kk]now|[Ww]atch|[Ll]ive [Uu]pdates?|[Ll]isten)\b"
)
_NAME = re.compile(r"(?<!^)(?<![.:?!] )\b[A-Z][\w’'.-]+")
_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]+\b")
NOT_A_STATEMENT = 1.5  # score lost by a label or teaser
QUESTION = 1.0
LOST_NAMES = 0.5


_SPEAKER = re.compile(r"^(?:[A-Z][\w.'’-]*\s?){1,3}$")


def title_parts(title: str) -> set[str]:
    """A title and its shorter self-contained parts (before/after a colon, before a dash).

    What follows a speaker's name and a colon ("Trump: Biden Didn't Mention 'Disaster'
    Border Situation He Created") is that speaker's claim: it is no part of its own.
    """
    out = {title}
    if ":" in title:
        head, tail = title.split(":", 1)
        for part in (head, tail):
            if len(part.split()) >= 4 and not (part is tail and _SPEAKER.match(head.strip())):
                out.add(part.strip())
    if "? " in title:  # "Altruism or PR? China Sends Supplies ...": the statement after it
        tail = title.split("? ", 1)[1]
        if len(tail.split()) >= 4 and "?" not in tail:
            out.add(tail.strip())
    for sep in (" – ", " - ", " -- ", "; ", " | "):
        if sep in title:
            head = title.split(sep, 1)[0]
            if len(head.split()) >= 4:
                out.add(head.strip())
    return {t.strip().rstrip(".") for t in out if t.strip()}


def balanced(text: str) -> bool:
    """Whether every quotation that opens also closes ("'Nobody Wants to Blink" does not)."""
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return False
    opens = len(re.findall(r"(?:^|\s)['‘]\w", text))
    closes = len(re.findall(r"\w[.,!?]?['’](?=\s|$|[,.:;?!])", text))
    return closes >= opens


def _names(text: str) -> set[str]:
    return {m.group(0).lower() for m in _NAME.finditer(text)}


def allowed(part: str) -> bool:
    """The rules no headline breaks: loaded words, open quotes, the outlet's voice."""
    return (
        not loaded_words(part) and balanced(part) and not _OUTLET_VOICE.search(outside_quotes(part))
    )


def choose_headline(
    articles: Sequence[Article],
    candidates: Sequence[int],
    outlets: Sequence[str],
    words: Sequence[Counter[str]],
    target_words: int,
    case: str,
) -> tuple[str, tuple[int, ...]]:
    """The story's headline and the articles whose titles support it.

    Args:
        articles: the story's articles.
        candidates: indices of the articles whose titles may give the headline.
        outlets: each article's outlet.
        words: each article's stemmed words (title and text).
        target_words: the preferred headline length.
        case: "title" or "sentence".

    Returns:
        The headline ("" when no candidate has a usable title) and the ids of the
        articles whose titles support it.
    """
    best: tuple[float, str, int] | None = None
    titles = [clean_title(a.title, a.site_name) for a in articles]
    title_words = [content_stems(t) for t in titles]
    for i in candidates:
        title = titles[i]
        if not title:
            continue
        whole_names = _names(title)
        others = [j for j in range(len(articles)) if outlets[j] != outlets[i]]
        own_text = content_stems(articles[i].text)
        for part in title_parts(title):
            if not allowed(part):
                continue
            vec = content_stems(part)
            n = len(part.split())
            score = (
                sum(cosine(vec, title_words[j]) for j in others)
                + sum(cosine(vec, words[j]) for j in others)
                + cosine(vec, own_text)
                - 0.1 * abs(n - target_words)
                - 0.3 * bool(re.search(r"[\"“”‘’']", part))
                - QUESTION * ("?" in part)
                - 0.2 * (":" in part)
                - NOT_A_STATEMENT * (not is_statement(part))
                - LOST_NAMES * bool(whole_names and not whole_names & _names(part))
            )
            if best is None or score > best[0]:
                best = (score, part, i)
    if best is None:
        return "", ()
    _, text, index = best
    vec = content_stems(text)
    sources = {articles[index].id}
    for j, article in enumerate(articles):
        if j != index and j in candidates and cosine(vec, title_words[j]) >= 0.45:
            sources.add(article.id)
    lower = {w for a in articles for w in _LOWER_WORD.findall(a.text)}
    ids = tuple(sorted(i for i in sources if i is not None))
    return headline_case(text, case, lower), ids
