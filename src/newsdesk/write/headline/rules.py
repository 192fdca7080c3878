"""The editor's rules for one candidate headline.

Never a title with a loaded word outside quotes ("Slams", "Bombshell"), an unbalanced
quotation, a quotation alone ("'Potentially a Death Sentence'") or the outlet's own
voice ("We", "Our", "Here's what"): ``allowed``. A statement rather than a label ("Free
Speech"), a round-up or a rebuttal: ``tells_news`` (a penalty where the headline is
chosen, so that a story whose every title breaks it still gets one). Why these choices:
docs/decisions/write.md.
"""

from __future__ import annotations

import re

from newsdesk.text.loaded import loaded_words, outside_quotes
from newsdesk.text.statements import is_statement
from newsdesk.write.headline.shorten import balanced, is_speaker

# The outlet's voice: a pronoun of its own or the reader's ("US" is a country), a teaser
# (also as a title's second sentence: "Eric Adams will likely be NYC's next mayor.
# Here's why it matters"), a list of its own ("5 Things To Watch At The Biden-Putin
# Summit", "... And 3 Other Takeaways From ..."): the page's packaging, not the news.
_OUTLET_VOICE = re.compile(
    r"\b(?:[Ww]e|[Oo]ur|us|I|[Mm]y|[Yy]ou|[Yy]our)\b|(?:^|[.?!:]\s+)(?:[Hh]ere['’]s|"
    r"[Hh]ere [Ii]s|[Hh]ere [Aa]re|[Ww]hat [Tt]o [Kk]now|[Ww]hat [Tt]o [Ww]atch|[Ww]atch|"
    r"[Ll]ive [Uu]pdates?|[Ll]isten)\b"
    r"|\b\d+ (?:[Oo]ther |[Mm]ore |[Kk]ey |[Bb]ig )?(?:[Tt]hings|[Tt]akeaways)\b|\b[Tt]akeaways\b"
)
# Titles that tell no news though they have a verb: a label over a "how"/"what" clause
# ("100 Days: How Biden Has Fared So Far on His Promises"), a superlative round-up ("The
# Most Savage Memes About ..."), a rebuttal in the fact-checker's voice ("No, Emails to
# Dr. Anthony Fauci Don't Show ...": its claim, without the "No", is a part of its own).
# A gerund over its object ("Plotting the Road Back to Normal", "Remembering the ...") and
# a round-up's label ("Reactions to Donald Rumsfeld's death") are a feature's labels too:
# they lose to a title that states the news, and stand where none does.
_NOT_NEWS = re.compile(
    r"^[^:]{1,60}:\s+(?:how|what|where|why|who|when)\b|^(?:the\s+)?(?:most|best|worst)\s|^no,\s"
    r"|^[a-z]+ing\s+(?:the|a|an|our|your)\s[^:]*$|(?:^|:\s+)(?:reactions?|tributes)\s+(?:to|for|as)\s",
    re.I,
)
# A quotation and nothing else: a fragment, not a statement of the news.
_ONLY_QUOTE = re.compile(r"[\"'“‘][^\"“”‘]*[\"'”’]")


def tells_news(headline: str) -> bool:
    """Whether a headline states the news: a statement, not a label, round-up or rebuttal."""
    return is_statement(headline) and not _NOT_NEWS.search(headline)


def allowed(part: str, voice: bool = False) -> bool:
    """The rules no headline breaks: loaded words, open quotes, the outlet's voice (allowed
    with ``voice``: a labelled column's title is its author's), a quotation alone."""
    return (
        not loaded_words(part)
        and balanced(part)
        and not _ONLY_QUOTE.fullmatch(part)
        and (voice or not _OUTLET_VOICE.search(outside_quotes(_own_words(part))))
    )


def _own_words(part: str) -> str:
    """What a title says in its own voice: after a speaker's name and a colon ("Fox News:
    We Do 'Not Condone' ...") the words are the speaker's, not the outlet's."""
    head, colon, _ = part.partition(":")
    return head if colon and is_speaker(head) else part
