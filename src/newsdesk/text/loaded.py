"""Loaded words: the outlets' heat ("slams", "bombshell", "unhinged") that a neutral
story does not borrow outside a quotation.

The lexicon holds words that carry a judgement in nearly every use in news prose. Words
that are plain in some senses are kept only in their loaded forms: "blasts" and
"blasted" (a critic's verb) but not "blast" (an explosion), "snaps" but not "snap
election"; "sick", "destroyed" and "explosive" are left out (illness, a fire, a device). Where a
listed form also has a plain sense that its neighbours show, that use is not counted
(``PLAIN_SENSES``): a deal "hammered out", a storm that "slammed" the coast, cars
"torched" in a riot, "disastrous flooding", a "brutal crackdown", a "bloody attack",
"Bloody Sunday". Verbs that frame a dispute over speech ("suppress free speech",
"censor student expression") are loaded only with speech as their object, and they and
"beholden to" a patron only in the writer's own voice (``FRAMING``, ``BEHOLDEN``): "would
suppress voter turnout", "stifle the delta variant", "alleged censorship" and a charge the
sentence attributes ("..., which they say suppresses free speech", "..., according to its
CEO", "critics say he is beholden to donors") are plain reports.
"Restrictive" is not listed: AP's own news voice calls a law that restricts voting
"restrictive" ("one of America's most restrictive new voting measures"), a description.
Quoted words are someone's and may stay: ``loaded_words`` looks outside quotes only.
"""

from __future__ import annotations

import re

from newsdesk.text.days import MONTHS, WEEKDAYS

# One alternation per entry, matched whole-word and case-insensitively.
LEXICON: tuple[str, ...] = (
    r"slam(?:s|med|ming)?",
    r"blast(?:s|ed|ing)",
    r"rip(?:s|ped|ping)",
    r"trash(?:es|ed|ing)",
    r"mock(?:s|ed|ing)",
    r"torch(?:es|ed)",
    r"fumed",  # not "fumes": exhaust
    r"fuming",
    r"snap(?:s|ped) at",
    r"snaps",
    r"shred(?:s|ded)",
    r"eviscerat\w*",
    r"humiliat\w*",
    r"meltdowns?",
    r"bombshells?",
    r"lash(?:es|ed|ing) out",
    r"hammer(?:s|ed)",
    r"blistering",
    r"scathing",
    r"rant(?:s|ed|ing)?",
    r"tirades?",
    r"brutal(?:ly)?",
    r"disgrace(?:s|d|ful|fully)?",
    r"outrageous(?:ly)?",
    r"furious(?:ly)?",
    r"hate-filled",
    r"shocking(?:ly)?",
    r"stunning(?:ly)?",
    r"unhinged",
    r"cave(?:s|d)? (?:in|to)",
    r"whack(?:s|ed)",
    r"skewer(?:s|ed)",
    r"obliterat\w*",
    r"annihilat\w*",
    # "savage memes"; a savage attack is plain (``PLAIN_SENSES``); lower case only, as
    # "Savage" mid-sentence is a name ("Michael Savage", "21 Savage").
    r"(?-i:savage(?:s|d|ly)?)",
    r"diatribes?",
    # A span of time called bloody: "A bloody Fourth of July weekend", "Bloody July Fourth
    # Weekend Leaves 150 Fatally Shot": the outlet's horror, not a count. A war, an exit
    # or an attack in which people died is described ("bloody 11-day war"); "Bloody
    # Sunday" is a name (``PLAIN_SENSES``).
    r"bloody (?:[\w-]+ ){0,3}(?:weekends?|weeks?|days?|nights?|months?|years?|holidays?|"
    r"summers?|springs?|winters?|autumns?|stretch|spell)",
    # Bragging, in the writer's words: "boasted about his “very good call”", "boasts of
    # getting the outbreak under control", "..., he boasted."; a city that "boasts a
    # population of" has one.
    r"boast(?:s|ed|ing)? (?:about|of|that)",
    r"boasted(?=\s*[,.;:—–-])",
    r"(?:he|she|they|who) boasted",
    # A measure judged, not described: "extreme six-week abortion ban", "Extreme
    # Gerrymandering" ("extreme weather", "extreme vetting" order: not these nouns).
    r"extreme (?:[\w-]+ ){0,2}(?:bans?|laws?|measures?|bills?|gerrymander\w*|tax-hikes?)",
    # Prices or an economy that "roared higher": a market report's heat (AP's verb is
    # "rose" or "soared"); an engine, a crowd or a hurricane that roars is plain, and a
    # virus "roaring back" is common in news.
    r"roar(?:s|ed|ing)? (?:higher|ahead)",
    r"(?:economy|prices|stocks?|markets?|inflation) (?:is |are |was |were )?roar(?:s|ed|ing)",
    r"extraordinary bow to",
    r"for daring to",
    r"lambast\w*",
    r"goes off on",
    r"freak(?:s|ed)? out",
    r"fearmonger\w*",
    r"hysteri(?:a|cal|cally)",
    r"smear(?:s|ed)",
    r"destroys",
    r"crushes",
    r"insane(?:ly)?",
    r"idiotic",
    r"pathetic",
    r"ridiculous(?:ly)?",
    r"absurd(?:ly|ity)?",
    r"unprecedented disaster",
    r"disastrous(?:ly)?",
    r"radical left",
    r"far-left",
    # A flood of scorn: "a tsunami of mocking memes" (a wave of water or mud is a
    # tsunami's plain sense, ``PLAIN_SENSES``).
    r"tsunamis? of",
)
_LOADED = re.compile(r"\b(?:" + "|".join(LEXICON) + r")\b", re.I)

_WEATHER = (
    r"(?:storms?|hurricanes?|typhoons?|cyclones?|tornado(?:e?s)?|winds?|rains?|snow|"
    r"blizzards?|floods?|flooding|waves?|(?:earth)?quakes?|wildfires?|fires?|heat ?waves?)"
)
_HARM = (
    r"(?:flood(?:s|ing)?|fires?|wildfires?|storms?|hurricanes?|earthquakes?|droughts?|"
    r"landslides?|mudslides?|tsunamis?|eruptions?|famines?|outbreaks?|explosions?)"
)
_VIOLENCE = (
    r"(?:murders?|killings?|slayings?|attacks?|assaults?|beatings?|rapes?|torture|"
    r"interrogations?|crackdowns?|massacres?|executions?|violence)"
)
_THINGS = (
    r"(?:cars?|vehicles?|police cars?|buses|trucks|buildings?|homes?|houses?|stores?|"
    r"shops?|businesses|churches|flags?|tires|dumpsters?)"
)
# Plain senses of listed forms, shown by the words around them: physical acts, weather
# and literal violence, where no judgement is borrowed from the outlet.
PLAIN_SENSES: tuple[str, ...] = (
    r"hammer(?:s|ed|ing)? out",  # a deal negotiated
    r"blast(?:s|ed|ing) (?:off|out|through|into|open)",  # a rocket, a broadcast, a wall
    r"rip(?:s|ped|ping) (?:through|off|open|down|out|apart)",  # a tornado, a poster
    r"slam(?:s|med|ming)? (?:into|shut)",  # a car, a door
    r"slam(?:s|med|ming)? (?:the|a) doors?",
    _WEATHER + r"(?: \w+)? (?:slam(?:s|med)?|hammer(?:s|ed)|blast(?:s|ed)|rip(?:s|ped))",
    r"torch(?:es|ed) (?:\w+ ){0,2}" + _THINGS,
    _THINGS + r" (?:were |was |had been |have been |are |being )?torched",
    r"shred(?:s|ded) (?:\w+ )?(?:documents?|papers?|files?|records?|evidence)",
    r"disastrous (?:\w+ )?" + _HARM,
    r"brutal(?:ly)? (?:\w+ )?" + _VIOLENCE,
    r"savage(?:ly)? (?:\w+ )?" + _VIOLENCE,
    r"(?-i:Bloody Sunday)",
    r"bloody (?:\w+ )?(?:"
    + _VIOLENCE
    + r"|nose|noses|clothes|clothing|shirts?|hands?|footprints|bandages?|battlefields?)",
    r"turn(?:s|ed)? bloody",
    r"tsunamis? of (?:water|mud|debris|seawater)",
)
# Dumping or purging a person is the outlet's scorn ("votes to dump Cheney", "purge GOP
# Conference Chair Liz Cheney"); rain, steel, shares and voter rolls are dumped or
# purged plainly, and so are officials purged. A person is a run of capitalised words
# after the verb (case-sensitive) that ends the phrase, at punctuation or a function word:
# "dump Tesla shares" names a company's shares. A weekday or month is no name. In a
# title-case headline every word is capitalised, so there only a title marks a person
# ("Dump Rep. Cheney").
_NOT_A_NAME = (
    r"(?:The|A|An|Its|His|Her|Their|Heavy|More|Record|Rain|Snow|Water|Inches|Tons|Voters?|"
    r"Rolls|Shares|Stocks?|Waste|Oil|Steel|Data|Documents|Millions|Billions|Thousands|"
    + "|".join(w.title() for w in WEEKDAYS + MONTHS)
    + r")\b"
)
_PERSON_TITLE = (
    r"(?:(?:Rep|Sen|Gov|Gen|Adm|Lt|Col|Sgt|Capt|Dr|Mr|Mrs|Ms)\.|Chair(?:man|woman)?|Speaker|"
    r"President|Secretary|Minister|Director|Commissioner|Leader|Judge|Justice|Mayor|Sheriff)"
)
_CAPITALISED = r"[A-Z][\w’'.-]*"
_PHRASE_END = (
    r"(?=\s*(?:$|[,.;:!?)—–]|(?:from|as|over|after|for|in|and|or|to|at|on|amid|by|with|"
    r"because|but|who|while|before|despite|is|was|has|had|said|says|will|would)\b))"
)
_VERB = r"\b(?:[Dd]ump(?:s|ed|ing)?|[Pp]urg(?:e|es|ed|ing)) "
_PURGED_OFFICIALS = (
    r"\b[Pp]urge of (?:[\w’'-]+ ){0,5}(?:officials|leaders|generals|officers|aides|staff)\b"
)
_PEOPLE = re.compile(
    rf"{_VERB}(?!{_NOT_A_NAME}){_CAPITALISED}(?=(?: {_CAPITALISED}){{0,4}}{_PHRASE_END})"
    rf"|{_PURGED_OFFICIALS}"
)
_TITLED_PEOPLE = re.compile(
    rf"{_VERB}(?:{_CAPITALISED} ){{0,3}}{_PERSON_TITLE} {_CAPITALISED}|{_PURGED_OFFICIALS}"
)
_LONG_WORD = re.compile(r"\b[A-Za-z][a-z’'-]{3,}\b")


def _title_case(text: str) -> bool:
    """Whether ``text`` is written in title case: nearly every long word capitalised."""
    words = _LONG_WORD.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


# A verb that frames limits on speech as suppression, with speech as its object (a noun
# such as "censorship" is as often a plain report: "over alleged censorship").
FRAMING = (
    r"(?:suppress(?:es|ed|ing)?|censor(?:s|ed|ing)?|silenc(?:e|es|ed|ing)|stifl(?:e|es|ed|ing)|"
    r"muzzl(?:e|es|ed|ing)) (?:[\w’'-]+ ){0,2}(?:free speech|speech|expression|dissent|"
    r"voices?|views|opinions|conservatives|liberals)"
)
# Calling someone "beholden to" a patron is a judgement of their independence ("a
# conference beholden to former President Trump"); a charge the sentence attributes is
# a report ("critics say he is beholden to donors"), as with ``FRAMING``.
BEHOLDEN = r"beholden to"
_FRAMING = re.compile(r"\b(?:" + FRAMING + "|" + BEHOLDEN + r")\b", re.I)
# A charge the sentence attributes: someone's claim, reported ("which they say ...",
# "..., according to the platform's CEO", "criticized companies for silencing speech").
_ATTRIBUTED = re.compile(
    r"\b(?:say|says|said|saying|claim(?:s|ed|ing)?|alleg\w*|accus\w*|charg(?:e|es|ed|ing)|"
    r"argu(?:e|es|ed|ing)|contend\w*|complain\w*|insist\w*|criticiz\w*|according to)\b",
    re.I,
)
_PLAIN = re.compile(r"\b(?:" + "|".join(PLAIN_SENSES) + r")\b", re.I)
# A quotation: straight or curly double quotes, or curly single quotes ('scare quotes'
# in straight single quotes are too easily confused with apostrophes).
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’")


def outside_quotes(text: str) -> str:
    """``text`` with every quotation blanked out."""
    return _QUOTED.sub(" ", text)


def loaded_words(text: str) -> list[str]:
    """The loaded words of ``text`` outside quotations, in order.

    Args:
        text: a headline or sentence.

    Returns:
        The words as written (empty: neutral wording).
    """
    text = outside_quotes(text)
    found = list(_LOADED.finditer(text))
    if found:  # most sentences have none: no need to look for plain senses
        plain = [m.span() for m in _PLAIN.finditer(text)]
        found = [m for m in found if not any(start <= m.start() < end for start, end in plain)]
    if "ump" in text or "urg" in text:
        people = _TITLED_PEOPLE if _title_case(text) else _PEOPLE
        found = sorted(found + list(people.finditer(text)), key=lambda m: m.start())
    if any(w in text for w in ("ress", "ensor", "ilenc", "tifl", "uzzl", "eholden")):
        framing = list(_FRAMING.finditer(text))
        if framing and not _ATTRIBUTED.search(text):
            found = sorted(found + framing, key=lambda m: m.start())
    return [m.group(0) for m in found]
