"""Whether a headline or title states something: a clause with a verb, not a label.

"Death Toll Rises to 117" and "Biden to Sign Bill" are statements; "Free Speech",
"Biden's Latest $1 Trillion+ Plan" and "Patriotism and Pride" are labels, and "When
Wokeness Becomes Weakness" or "Here's Why It Matters" are not statements of news either.
With no tagger at hand (and none fast enough for every title), a verb is a form of a
common news verb in the place a headline puts one: a present or past form anywhere
after the first word, a bare form after "to", a modal, or a plural subject ("Senators
Reach Deal", "U.S., China Formally Join", "Trump and Biden Condemn", "Nearly 200,000
Remain"). Nouns that share a verb's form ("Plans", "Talks") pass as verbs; the
check is for labels, not for grammar.
"""

from __future__ import annotations

import re

from newsdesk.text.tokens import stem

_AUXILIARIES = frozenset(
    """is are was were be been being am has have had do does did will would shall should
    can could may might must won't can't cannot doesn't don't didn't isn't aren't wasn't
    weren't hasn't haven't hadn't wouldn't shouldn't couldn't it's""".replace("'", "’").split()
    + """won't can't doesn't don't didn't isn't aren't wasn't weren't hasn't haven't
    hadn't wouldn't shouldn't couldn't it's""".split()
)
_MODALS = frozenset("will would could should can may might must to".split())
# Base forms of verbs that news headlines use; regular forms are derived.
_VERBS = """
accept accuse acquit add admit agree aim allow announce appeal appear approve argue arrest
ask attack avoid back ban bar battle beat become begin block blame boost break bring build
buy call cancel charge chase cite claim clash close come condemn confirm consider continue
convict cost count cover create criticize criticise cut deal debate decide declare decline
defend delay deliver demand deny deploy describe die disclose dismiss dispute doubt drop
drive earn ease elect end enter escape expand expect explain face fail fall fear file fill
find fine fire fix flee fly follow force forgive freeze gain get give grant grow halt hand
hang head hear help hike hire hit hold hope host hurt identify impose include increase
indict investigate issue join jump keep kill launch lead leave lift limit link lose make
mark meet miss move name need nominate note offer open order oust overturn pass pay plan
plead pledge plunge post praise press probe promise propose protest prove provide publish
pull push put quit raise rally reach react receive recall reject release remain remove
repeal report require rescue resign resume retire return reveal review rise rule run
say seek seize sell send sentence set settle shoot show shut sign signal sink slash slow
soar spark spend split spread stand start stay step stop strike struggle sue suffer support
surge suspend take talk target tell test think threaten top track trade trigger try turn
unveil uphold urge vote vow walk want warn weigh win withdraw work worry write
abandon abolish absolve allege attend choose clear commute compare conduct contradict
defeat defy denounce dodge duck employ encourage endorse extend eye float go hail impeach
inject introduce invite knock let look mull nix obtain oppose override pick postpone rebuff
rebuke recommend refer renew rescind respond retract reverse rush see storm suggest surpass
tap throw tout trim upend veto wield prevail replace appoint demolish assassinate elevate
board greet land produce spar stab toss tweet
""".split()
_IRREGULAR = """
said told became began beaten begun broke broken brought built bought came caught chose
drew driven drove fell felt fought found flew fled forgot froze gave given got gone went
grew hung heard held hid kept knew known laid led left lent lost made meant met paid quit
ran rose risen saw seen sought sold sent set shot shut sang sank sat slid spoke spent
split spread stood stole sunk struck swore took taken taught thought threw won wore withdrew
wrote written goes vetoes
""".split()


def _forms(base: str) -> set[str]:
    forms = {base}
    if base.endswith("e"):
        forms |= {base + "s", base + "d"}
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {base + "es", base + "ed"}
    else:
        forms |= {base + "s", base + "ed"}
        if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", base):  # stop -> stopped
            forms.add(base + base[-1] + "ed")
    return forms


_INFLECTED = frozenset(
    {f for base in _VERBS for f in _forms(base) if f != base} | set(_IRREGULAR) | _AUXILIARIES
)
_BASE = frozenset(_VERBS)
_NOT_A_STATEMENT = re.compile(
    r"^(?:when|what|why|how|who|whom|where|which|whether|if|as|here['’]s|here is|here are|"
    r"watch|listen|read|see|live|opinion|analysis)\b",
    re.I,
)
# Verb-forming suffixes in a present form: "retaliates", "criticizes", "intensifies".
_VERB_SUFFIX = re.compile(r"(?:ates|izes|ises|ifies|ens)$")
_DETERMINERS = frozenset("a an the its their his her our this that these those".split())
_PRESENT = re.compile(r"[^su'’]s$")
# Words that open what follows a verb: an object's determiner, a preposition, a pronoun.
_AFTER_VERB = frozenset(
    """a an the his her its their this that these those to for on in into with at over
    from by about against after as up out off down back new more it him them us""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
# Names that open a title as its subject: "U.S., China (Formally) ", "Pennsylvania,
# Nebraska, Idaho, Oregon ".
# Words no name in such a list is ("Nine Dead, Including Gunman, After Attack ...").
_NOT_A_NAME = _AFTER_VERB | {"including", "dead", "killed", "injured", "wounded"}
_TWO_NAMES = re.compile(r"^[\w.’'-]+(?: [\w.’'-]+)?(?:, [\w.’'-]+(?: [\w.’'-]+)?)+(?: \w+ly)? $")


def _plural_subject(words: list[str], i: int, text: str) -> bool:
    """Whether the words before ``words[i]`` (an adverb in "-ly" skipped) read as a plural
    subject: a plural noun ("Senators Reach"), two joined names ("U.S., China Formally
    Join", "Trump and Biden Condemn") or a count ("Nearly 200,000 Remain")."""
    j = i - 1 if i > 1 and words[i - 1].endswith("ly") else i
    if j == 0:
        return True  # after a count: "150 Americans to Board", "5 Stabbed"
    if words[j - 1].endswith("s") or "and" in words[max(0, j - 3) : j - 1]:
        return True
    before = text[: [m.start() for m in _WORD.finditer(text)][i]].lower()  # not a substring
    names = _TWO_NAMES.match(before) and not _NOT_A_NAME & set(re.findall(r"[\w’'-]+", before))
    return bool(names or re.search(r"\d\s*$", before))


def has_verb(text: str) -> bool:
    """Whether ``text`` has a verb where a headline puts one (see the module docstring)."""
    words = [w.lower().strip("'’") for w in _WORD.findall(text)]
    # After a count, a participle first is the verb ("5 Stabbed at ..."); a plural noun is
    # not ("10 Takeaways From the Debate").
    counted = bool(re.match(r"\d", text.strip()))
    for i, word in enumerate(words):
        if i == 0 and not (counted and (word.endswith("ed") or word in _IRREGULAR)):
            continue
        if word in _INFLECTED or (_VERB_SUFFIX.search(word) and i + 1 < len(words)):
            return True
        if word in _BASE and (words[i - 1] in _MODALS or _plural_subject(words, i, text)):
            return True
        if word.endswith("ed") and len(word) > 4 and words[i - 1] not in _DETERMINERS:
            return True
        # A present form before the rest of the clause: "Trump blesses House Republicans'
        # bill", "Marchers flood streets" (a plural noun usually ends its phrase instead).
        if (
            _PRESENT.search(word)
            and i + 1 < len(words)
            and words[i - 1] not in _DETERMINERS
            and words[i + 1] in _AFTER_VERB
        ):
            return True
    return False


def is_statement(text: str) -> bool:
    """Whether a headline or title states news: a verb, no question, no lead-in.

    Args:
        text: a headline or title.

    Returns:
        False for labels ("Free Speech"), questions, "When ..."/"Why ..." clauses and
        teasers ("Here's what ...", "Watch ...").
    """
    stripped = text.strip()
    if not stripped or stripped.endswith("?") or _NOT_A_STATEMENT.match(stripped):
        return False
    return has_verb(stripped)


def is_verb_form(word: str, before: str = "") -> bool:
    """Whether ``word`` (after ``before``) is a verb: an inflected form of a common news
    verb or an auxiliary ("plans", "said", "is"), or a bare one after a modal or "to"
    ("will sign"); a phrase that ends on one ("Biden meets") waits for what follows."""
    low = word.lower().strip("'’\"“”,.")
    bare = low in _BASE and before.lower() in _MODALS
    return low in _INFLECTED or bare or (low.endswith("ed") and len(low) > 4)


_IRREGULAR_BASE = dict(
    pair.split(":")
    for pair in """said:say told:tell became:become began:begin beaten:beat begun:begin
    broke:break broken:break brought:bring built:build bought:buy came:come caught:catch
    chose:choose drew:draw driven:drive drove:drive fell:fall fought:fight found:find
    flew:fly fled:flee froze:freeze gave:give given:give got:get gone:go went:go grew:grow
    hung:hang heard:hear held:hold kept:keep led:lead left:leave lost:lose made:make met:meet
    paid:pay ran:run rose:rise risen:rise saw:see seen:see sought:seek sold:sell sent:send
    sank:sink sunk:sink stood:stand struck:strike took:take taken:take thought:think
    threw:throw won:win withdrew:withdraw wrote:write written:write""".split()
)


def verb_bases(text: str) -> dict[str, str]:
    """The news verbs of ``text`` (and the nouns that share their form: "ban", "signing"),
    each word's stem -> the verb's base ("signed" and "signing" -> "sign", "won" -> "win").

    Args:
        text: a sentence.

    Returns:
        The base of each lower-case word that is a form of a verb in the module's list,
        keyed by the word's stem.
    """
    found: dict[str, str] = {}
    for raw in _WORD.findall(text):
        if raw[0].isupper():
            continue  # a name ("Mark Moores") or a sentence's first word
        low = raw.lower().strip("'’-")
        base = _IRREGULAR_BASE.get(low) or _STEM_BASE.get(stem(low))
        if base:
            found[stem(low)] = base
    return found


def _stem_bases() -> dict[str, str]:
    out: dict[str, str] = {}
    for base in _VERBS:
        for form in (*_forms(base), base[:-1] + "ing" if base.endswith("e") else base + "ing"):
            out.setdefault(stem(form), base)
    return out


_STEM_BASE = _stem_bases()
