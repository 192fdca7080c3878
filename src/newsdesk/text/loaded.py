"""Loaded words: the outlets' heat ("slams", "bombshell", "unhinged") that a neutral
story does not borrow outside a quotation.

The lexicon holds words that carry a judgement in nearly every use in news prose. Words
that are plain in some senses are kept only in their loaded forms: "blasts" and
"blasted" (a critic's verb) but not "blast" (an explosion), "snaps" but not "snap
election"; "sick", "destroyed" and "explosive" are left out (illness, a fire, a device).
Quoted words are someone's and may stay: ``loaded_words`` looks outside quotes only.
"""

from __future__ import annotations

import re

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
    r"savage(?:s|d)",
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
)
_LOADED = re.compile(r"\b(?:" + "|".join(LEXICON) + r")\b", re.I)
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
    return [m.group(0) for m in _LOADED.finditer(outside_quotes(text))]
