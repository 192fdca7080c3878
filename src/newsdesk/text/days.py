"""The day a weekday names in an article, read one way by the writer and the verifier."""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = tuple(
    "january february march april may june july august september october november december".split()
)
# The weekdays as a regex alternation, as written: "Monday|Tuesday|...".
WEEKDAY_NAMES = "|".join(w.title() for w in WEEKDAYS)
AHEAD_DAYS = 1  # a weekday is read in [-5, +1] days of its article's day


def weekday_date(weekday: str, published: date) -> date:
    """The day ``weekday`` ("Thursday", any case) names in an article of ``published``:
    the one within five days before and one day after it. A report may name tomorrow's
    scheduled event, and its (UTC) time may fall before the day it was written; the same
    weekday a week back is the rarer reading (why: docs/decisions/write.md)."""
    ahead = (WEEKDAYS.index(weekday.lower()) - published.weekday()) % 7
    return published + timedelta(days=ahead if ahead <= AHEAD_DAYS else ahead - 7)


# A month and day as written: AP abbreviations before a day, the others spelt out.
MONTH_DAY = (
    r"(?:(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.?|January|February|March|April|May|June|July|"
    r"August|September|October|November|December) \d{1,2}\b"
)
_DAY_WORDS = r"today|tonight|yesterday|tomorrow|" + WEEKDAY_NAMES
# A day named relative to the writing: "last night", "this morning", "today", and
# "today's ruling" too; but "today's issues" is the present age, not a day, so "today's"
# counts only before an event of a day. Lower case but for the first word: "USA Today"
# and "the TODAY show" are names.
_DAY_EVENTS = (
    r"ruling|decision|vote|votes|hearing|meeting|announcement|speech|session|election|"
    r"primary|debate|attack|shooting|game|match|race|briefing|deadline|report|verdict|"
    r"testimony|rally|summit|launch|protest|march|order|filing|release|sentencing"
)
RELATIVE_DAY = re.compile(
    rf"\b(?:today(?![’']s)|today[’']s (?:{_DAY_EVENTS})|tonight|yesterday|tomorrow|"
    r"(?:last|tomorrow) (?:night|morning|afternoon|evening)|"
    r"this (?:morning|afternoon|evening))(?:[’']s)?\b"
)
# A day word with its date beside it ("today, January 15", "Tuesday, Oct. 19"): the
# sentence dates that day itself. A date elsewhere ("the Jan. 6 committee") does not.
DATED_DAY = re.compile(
    rf"\b(?i:{_DAY_WORDS})(?: (?:night|morning|afternoon|evening))?,? (?:{MONTH_DAY})"
)


def undated_relative_day(text: str) -> bool:
    """Whether ``text`` names a day relative to the writing (``RELATIVE_DAY``) without
    giving its date beside it (``DATED_DAY``)."""
    text = DATED_DAY.sub(" ", text)
    return RELATIVE_DAY.search(text[:1].lower() + text[1:]) is not None
