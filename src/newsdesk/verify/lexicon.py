"""The words the verifier reads by meaning: function words, verbs of saying, cue words
(negation, modality, relations, comparison) and their groups, figure qualifiers, dates,
spelled numbers and scales. ``parse`` reads sentences with them.
"""

from __future__ import annotations

import re

from newsdesk.text.days import MONTHS

# Words a claim may use without support: function words (their meaning is carried by the
# content words around them) and the cue words, which are checked on their own.
FUNCTION_WORDS = frozenset(
    """a an the and or nor but yet while whereas also as at by for from in into of off on onto
    out over per to up upon with within via amid among between against about across along
    around behind beyond during through toward towards under until unto despite inside outside
    i me my we us our you your he him his she her it its they them their this that these those
    who whom whose which what where when why how whether if then there here than such
    is are was were be been being am has have had having do does did done
    said says say told tell tells saying stated added noted reported reports report according
    reporters reporter also just still even only both each every all any some other another
    one ones own same so very too much many more most less least
    mr mrs ms dr""".split()
)
SAY_WORDS = frozenset(
    """said says say saying told tell tells stated states added adds argued argues claimed
    reported reports
    claims wrote writes tweeted warned warns announced announces noted notes explained
    insisted declared testified acknowledged admitted""".split()
)
# Attribution words a composed sentence may add around a cited article's outlet and
# author ("The Associated Press put the toll at 26", "In National Review, X argues that").
ATTRIBUTION_WORDS = frozenset(
    """put puts putting argue argues argued argued write writes wrote written report reports
    reported reporting according estimate estimates estimated count counts counted tally
    tallied cite cites cited citing""".split()
)
# Cue words: (class, meaning group). A claim's cue needs the same cue in its support,
# next to the same words; a support's cue next to words the claim keeps needs it too.
_CUE_GROUPS: dict[str, dict[str, str]] = {
    "negation": {
        "not": "not never no nobody nothing none neither nor without cannot unable",
        "deny": "deny denies denied denying",
        "fail": "fail fails failed failing",
        "refuse": "refuse refuses refused refusing",
    },
    "modality": {
        "will": "will shall wo",
        "would": "would",
        "may": "may might",
        "could": "could",
        "can": "can ca",
        "should": "should",
        "must": "must",
        "hedge": "allegedly reportedly apparently possibly probably likely perhaps maybe "
        "purportedly supposedly unlikely",
    },
    "relation": {
        "cause": "because therefore thus consequently hence so",
        "after": "after following",
        "before": "before",
        "since": "since",
    },
    "comparison": {
        "up": "more higher larger bigger greater above over exceeded",
        "down": "less fewer lower smaller below under",
        "max": "most highest largest biggest greatest best top record",
        "min": "least lowest smallest worst bottom",
        "first": "first",
        "last": "last",
    },
}
CUES: dict[str, tuple[str, str]] = {
    word: (kind, group)
    for kind, groups in _CUE_GROUPS.items()
    for group, words in groups.items()
    for word in words.split()
}
CUE_WORDS = frozenset(CUES)
# Qualifiers of a figure, by meaning: "more than 80" is not "about 80".
QUALIFIERS = (
    ("more", re.compile(r"(?:more than|over|above|upwards of|in excess of|exceeding)$")),
    ("less", re.compile(r"(?:less than|fewer than|under|below|just under)$")),
    ("atleast", re.compile(r"at least$")),
    ("atmost", re.compile(r"(?:at most|up to|as many as|no more than)$")),
    ("nearly", re.compile(r"(?:nearly|almost|close to)$")),
    ("about", re.compile(r"(?:about|around|roughly|approximately|some|an estimated|estimated)$")),
)
MONTH_OF = {m: i + 1 for i, m in enumerate(MONTHS)}
MONTH_OF.update({m[:3]: i + 1 for i, m in enumerate(MONTHS) if m != "may"} | {"sept": 9})
RELATIVE_UNITS = frozenset(
    "week month year weekend morning afternoon evening night day spring summer fall autumn "
    "winter quarter decade".split()
)
RELATIVE_WORDS = frozenset("yesterday today tonight tomorrow recently".split())
SPELLED = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
    if i >= 2
}
SPELLED.update(
    {
        w: 10 * i
        for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
        if i >= 2
    }
)
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
}
SHORT_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9}
