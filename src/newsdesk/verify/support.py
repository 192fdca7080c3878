"""Finding a claim's support: one or two cited sentences, never the whole article.

The cited articles' units (``evidence``) are ranked by the words, names and figures
they share with the claim, and the best few are checked one at a time (``check``): a
claim is supported when one unit supports all of it. Failing that, a claim joined from
two statements ("A and B", "A, while B", "A; B") is split where it was joined and each
part must be supported by a unit of its own; a part joined by "because", "after" or
"so" is a relation that no single source sentence states, and is refused as one. A
headline, in title case, is checked against its best three units together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsdesk.models import VIEW_LABELS, Article, ArticleKind
from newsdesk.text import split_sentences
from newsdesk.verify.check import Problem, missing_words, problems, supported_by
from newsdesk.verify.evidence import Evidence, Unit, evidence_of, unit_of
from newsdesk.verify.parse import Parsed, is_relation, normalise, parse

SINGLE_TRIES = 3  # best-ranked units tried for a whole claim
PART_TRIES = 2  # for each part of a joined claim
MAX_SPLITS = 8  # places where a claim is tried as two joined statements
_JOIN = re.compile(r",? (?:and|while|but|whereas) |; ")
_RELATION = re.compile(
    r",? (?:because|after|so|before|since|therefore|as a result|following|which led to) "
)
# "WASHINGTON, Jan. 24 (Reuters) — ", "Kabul (AP) — ": a dateline before the sentence.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’ -]{1,40}?)(?:, (?P<when>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"(?: \((?P<who>[^)]{1,40})\))? (?:—|–|--?) (?=[A-Z\"“])"
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The verifier's answer for one sentence.

    Attributes:
        problems: what is not supported (empty: supported).
        support: the texts of the source sentences that support it.
    """

    problems: tuple[Problem, ...]
    support: tuple[str, ...] = ()

    @property
    def supported(self) -> bool:
        return not self.problems

    @property
    def reasons(self) -> tuple[str, ...]:
        """The machine-readable reasons, each once, in order."""
        return tuple(dict.fromkeys(p.reason for p in self.problems))


def _ranked(claim: Parsed, evidences: Sequence[Evidence]) -> list[tuple[Evidence, Unit]]:
    names = {claim.tokens[i].low for a, b in claim.names for i in range(a, b)}
    values = {f.value for f in claim.figures}
    content, lows, flat = claim.content, claim.lows, claim.flat
    scored = []
    for e_index, evidence in enumerate(evidences):
        for u_index, unit in enumerate(evidence.units):
            parts = unit.parts
            copied = any(flat in p.flat for p in parts) if parts[1:] else flat in parts[0].flat
            score = (
                len(content & unit.stems)
                + 2 * len(names & unit.lows)
                + 2 * len(values & unit.values)
                + 0.01 * len(lows & unit.lows)
                + 100 * copied  # copied whole
                - 0.1 * (unit.context is not None)
            )
            scored.append((-score, e_index, u_index))
    scored.sort()  # (e_index, u_index) is unique: the order is the scores', then reading
    return [(evidences[e], evidences[e].units[u]) for _, e, u in scored]


def _best(
    claim: Parsed, evidences: Sequence[Evidence], tries: int, quick: bool = False
) -> tuple[list[Problem], Unit | None]:
    """The first of the best-ranked units that supports ``claim``, else the fewest problems
    (``quick``: else one problem standing for them, and no unit)."""
    best: tuple[list[Problem], Unit | None] = ([Problem("unsupported", "nothing cited")], None)
    ranked = _ranked(claim, evidences)[:tries]
    if quick:
        first = next((u for e, u in ranked if supported_by(claim, u, e)), None)
        if first is not None:
            return [], first
        return best if not ranked else ([Problem("unsupported", "not supported")], None)
    for n, (evidence, unit) in enumerate(ranked):
        found = problems(claim, unit, evidence)
        if not found:
            return [], unit
        if n == 0 or len(found) < len(best[0]):
            best = (found, unit)
    return best


def _headline(claim: Parsed, evidences: Sequence[Evidence]) -> Verdict:
    ranked = _ranked(claim, evidences)[:SINGLE_TRIES]
    if not ranked:
        return Verdict((Problem("no_source", ""),))
    as_written = claim.flat.rstrip(" .")  # a headline drops the title's full stop
    if any(as_written == p.flat.rstrip(" .") for _, u in ranked for p in u.parts):
        return Verdict((), (ranked[0][1].text,))  # a title (or sentence) as written
    union = unit_of(tuple(p for _, u in ranked for p in u.parts))
    found = problems(claim, union, ranked[0][0], headline=True)
    return Verdict(tuple(found), tuple(u.text for _, u in ranked))


def _dateline(text: str, evidences: Sequence[Evidence]) -> tuple[str, list[Problem]]:
    """``text`` without a leading dateline, and what in the dateline is unsupported."""
    m = _DATELINE.match(text)
    if not m:
        return text, []
    found: list[Problem] = []
    stated = m.group().strip(" -—–").lower()
    if any(stated in p.flat for e in evidences for u in e.units for p in u.parts):
        return text[m.end() :], found  # the source's own dateline
    for group in ("place", "who"):
        words = [t.low for t in parse(m[group] or "").tokens if t.kind == "word"]
        pools = [e.all_lows if group == "place" else e.meta_lows for e in evidences]
        if words and not any(all(w in pool for w in words) for pool in pools):
            found.append(Problem("name", m[group]))
    if m["when"]:
        when = parse(m["when"]).dates
        if not any(
            when <= e.all_dates or (e.published and _md(e.published) in when) for e in evidences
        ):
            found.append(Problem("date", m["when"]))
    return text[m.end() :], found


# The frames a writer composes around what a cited opinion or analysis piece argues
# (write/perspectives.py): the names in them must be the cited article's outlet (or its
# host) and author, what it calls the piece must be the article's kind; what follows
# "that" is checked as a sentence, a headline against the title.
_PIECE = r"an opinion piece|an analysis|a fact check|a column|an editorial|a commentary"
_FRAMES = (
    re.compile(
        rf"^(?:In|On) (?P<outlet>[^,]{{2,80}}), "
        rf"(?:(?P<piece>{_PIECE})(?: by (?P<author>[^,]{{2,80}}?))?"
        r"|(?P<person>[^,]{2,80}?)) (?:argues|writes|says|finds|argued|wrote) that (?P<claim>.+)$",
        re.I,
    ),
    re.compile(
        rf"^(?P<outlet>.{{2,80}}?) published (?P<piece>{_PIECE})"
        r"(?: by (?P<author>.{2,80}?))? headlined \"(?P<headlined>.+)\"\.?$",
        re.I,
    ),
)
# What a frame may call a piece of each kind.
_PIECE_KINDS = {
    "an opinion piece": {ArticleKind.OPINION},
    "a column": {ArticleKind.OPINION},
    "an editorial": {ArticleKind.OPINION},
    "an analysis": {ArticleKind.ANALYSIS},
    "a fact check": {ArticleKind.FACT_CHECK},
    "a commentary": {ArticleKind.OPINION, ArticleKind.ANALYSIS},
}


# The line a writer composes where outlets give a figure differently (write/attribution.py),
# "The figures differ by outlet: A reported 26, B 28.": each outlet's figure must be
# stated, with its sign, in that outlet's cited article.
_DIFFER = re.compile(r"^The figures differ by outlet: (?P<rest>.+)\.$")


def _differ_problems(m: re.Match[str], evidences: Sequence[Evidence]) -> list[Problem]:
    rest = m["rest"]
    for first in evidences:
        for second in evidences:
            head = f"{first.outlet} reported "
            if first is second or not rest.startswith(head):
                continue
            x, sep, y = rest[len(head) :].partition(f", {second.outlet} ")
            if sep:
                return _figure_stated(x, first) + _figure_stated(y, second)
    return [Problem("name", rest)]


def _figure_stated(figure: str, evidence: Evidence) -> list[Problem]:
    wanted = {(f.value, f.unit) for f in parse(figure).figures}
    stated = {(f.value, f.unit) for u in evidence.units for p in u.parts for f in p.figures}
    return [] if wanted and wanted <= stated else [Problem("number", figure)]


def _frame(
    text: str, evidences: Sequence[Evidence], sources: Sequence[Article]
) -> tuple[str, list[Problem], bool] | None:
    """An attribution frame's claim, the frame's unsupported words, and whether the claim
    is a quoted headline; None when ``text`` is in no frame."""
    for pattern in _FRAMES:
        m = pattern.match(text)
        if m is None:
            continue
        for group in ("outlet", "author", "person"):
            name = m.groupdict().get(group)
            words = [t.low for t in parse(name or "").tokens if t.kind == "word"]
            if group == "outlet" and len(words) > 1 and words[0] == "the":
                words = words[1:]  # "The Washington Post" for a site named "Washington Post"
            if words and not any(all(w in e.meta_lows for w in words) for e in evidences):
                return None  # not the article's byline: a sentence like any other
        found = []
        piece = (m["piece"] or "").lower()
        kinds = {a.kind for a in sources if a.kind is not None}  # None: not classified
        if piece and kinds and not kinds & _PIECE_KINDS[piece]:
            found.append(Problem("unsupported", piece))  # another kind of piece
        headlined = m.groupdict().get("headlined")
        return (headlined or m["claim"]), found, headlined is not None
    return None


# The label a story of opinion or analysis alone carries in its headline (write/headline.py).
_KIND_LABEL = re.compile(rf"^(?P<label>{'|'.join(VIEW_LABELS)}): (?P<rest>.+)$")


def _unlabelled(text: str, sources: Sequence[Article]) -> str:
    """A headline without its kind label, where every article is of a kind it names
    (the articles' kind is metadata that supports the label): "Opinion: X" -> "X"."""
    m = _KIND_LABEL.match(text)
    kinds = {a.kind for a in sources}
    if m is None or not kinds <= {ArticleKind.OPINION, ArticleKind.ANALYSIS}:
        return text
    if m["label"] == "Analysis" and kinds != {ArticleKind.ANALYSIS}:
        return text
    rest = m["rest"]
    if rest[:1] in '"“' and rest[-1:] in '"”' and len(rest) > 2:
        rest = rest[1:-1]  # a title quoted whole
    return rest


# Where a title's parts meet: a label ("Opinion: ..."), an outlet's name (" | CNN").
_TITLE_JOINS = re.compile(r"(?:(?<!\s)\s*+)?(?:[:|]|::)\s+|(?<!\s)\s++[-–—]\s+")


def _is_title(text: str, evidences: Sequence[Evidence]) -> bool:
    """``text`` is a cited article's title (ignoring case), or the run of its parts left
    once a label or an outlet's name is taken off either end ("What a true Memorial Day
    celebration looks like" of "Opinion: What a true Memorial Day celebration looks like")."""
    wanted = normalise(text).lower().rstrip(" .")
    for e in evidences:
        if not e.units or not e.units[0].parts[0].title:
            continue
        title = e.units[0].parts[0].flat.rstrip(" .")
        if wanted == title:
            return True
        starts = [0, *(m.end() for m in _TITLE_JOINS.finditer(title))]
        ends = [m.start() for m in _TITLE_JOINS.finditer(title)]
        if any(title[a:].startswith(wanted) and a + len(wanted) in ends for a in starts):
            return True
        if any(title[a:] == wanted for a in starts[1:]):
            return True
    return False


def _statement(part: Parsed) -> bool:
    """A part that states something: three words, one of them more than a name."""
    words = sum(t.kind == "word" for t in part.tokens)
    return words + len(part.figures) >= 3 and bool(part.content or part.figures)


def _hanging(part: Parsed, unit: Unit | None, joint: str) -> bool:
    """The first part ends on a relation that its source does not end on, and no comma
    closes it: "A after | but B" joins a relation to nothing ("shortly after, | while B"
    and a source's own "debunked before." are whole)."""
    words = [t for t in part.tokens if t.kind == "word"]
    last = words[-1] if words else None
    if (
        last is None
        or joint.startswith(",")
        or not (
            any(c.kind == "relation" and part.tokens[c.index] is last for c in part.cues)
            or is_relation(last.low)  # "A, so | but B": "so" before a join relates nothing
        )
    ):
        return False
    ends = [w.low for p in (unit.parts if unit else ()) for w in p.tokens if w.kind == "word"]
    return not ends or ends[-1] != last.low


def _overlap(first: Unit | None, second: Unit | None) -> bool:
    """Two units share a sentence (a pronoun passage holds the sentence before it)."""
    if first is None or second is None:
        return first is second

    def sentences(unit: Unit) -> set[int]:
        return {id(p) for p in (*unit.parts, *((unit.context,) if unit.context else ()))}

    return bool(sentences(first) & sentences(second))


def _md(day: date) -> str:
    return f"md:{day.month}-{day.day}"


def check(
    text: str, sources: Sequence[Article], headline: bool = False, quick: bool = False
) -> Verdict:
    """Whether the cited articles support ``text``, and if not, why.

    Args:
        text: a sentence of a draft (or its headline).
        sources: the articles it cites.
        headline: ``text`` is a headline (checked against all the story's articles).
        quick: only whether it is supported: the same answer, but an unsupported
            sentence's problems may be one that stands for them (``supports``).

    Returns:
        The verdict: its problems (each with a reason from ``REASONS``) and the
        source sentences that support it.
    """
    if not sources:
        return Verdict((Problem("no_source", ""),))
    evidences = [evidence_of(a) for a in sources]
    text = normalise(text)
    differ = _DIFFER.match(text)
    if differ and not headline:
        return Verdict(tuple(_differ_problems(differ, evidences)))
    framed = _frame(text, evidences, sources)
    if headline and framed is None:
        return _headline(parse(_unlabelled(text, sources), title=True), evidences)
    text, dateline_problems = _dateline(text, evidences) if framed is None else (text, [])
    if framed is not None:
        claim_text, frame_problems, headlined = framed
        if headlined:  # the title, verbatim
            titled = _is_title(claim_text, evidences)
            found = frame_problems + ([] if titled else [Problem("quote", claim_text)])
            return Verdict(tuple(dateline_problems + found))
        if _is_title(claim_text, evidences):  # the title word for word, in sentence case
            return Verdict(tuple(dateline_problems + frame_problems), (claim_text,))
        inner = check(claim_text[:1].upper() + claim_text[1:], sources, quick=quick)
        return Verdict(tuple(dateline_problems + frame_problems) + inner.problems, inner.support)
    claim = parse(text)
    found, unit = _best(claim, evidences, SINGLE_TRIES, quick)
    if not found:
        return Verdict(tuple(dateline_problems), (unit.text,) if unit else ())
    # Joins first, then relations: a join is the reading to take.
    splits = sorted(
        (*_JOIN.finditer(text), *_RELATION.finditer(text)),
        key=lambda m: (bool(_RELATION.fullmatch(m.group())), m.start()),
    )
    for m in splits[:MAX_SPLITS]:
        left, right = parse(text[: m.start()]), parse(text[m.end() :])
        if not _statement(left) or not _statement(right):
            continue  # "..., Great Britain, and Australia": a list, not two statements
        # Each part is only asked whether it is supported, and by which unit.
        left_found, left_unit = _best(left, evidences, PART_TRIES, quick=True)
        if left_found or _hanging(left, left_unit, m.group()):
            continue
        right_found, right_unit = _best(right, evidences, PART_TRIES, quick=True)
        if right_found or _overlap(left_unit, right_unit):
            continue  # two parts of one sentence must be supported by it whole
        if _RELATION.fullmatch(m.group()):
            return Verdict((*dateline_problems, Problem("relation", m.group().strip(" ,"))))
        support = tuple(u.text for u in (left_unit, right_unit) if u is not None)
        return Verdict(tuple(dateline_problems), support)
    several = split_sentences(text)
    if len(several) > 1:  # a passage: each of its sentences on its own
        verdicts = [check(s, sources, quick=quick) for s in several]
        if all(v.supported for v in verdicts):
            return Verdict(tuple(dateline_problems), tuple(t for v in verdicts for t in v.support))
    return Verdict(tuple(dateline_problems + found))


def supports(text: str, sources: Sequence[Article]) -> bool:
    """Whether ``sources`` support the sentence ``text``: ``check``'s answer, at less cost
    when they do not (the writer asks it of every article it might cite)."""
    return check(text, sources, quick=True).supported


@dataclass(frozen=True, slots=True)
class NearSupport:
    """A sentence of another article that states a claim in other words (``near_support``).

    Attributes:
        text: that sentence (or pronoun passage).
        missing: stems of the claim's words it lacks (empty: it supports the claim).
        quoted: it quotes someone.
    """

    text: str
    missing: frozenset[str]
    quoted: bool


def near_support(text: str, article: Article) -> NearSupport | None:
    """The sentence of ``article`` that bears out every name, role, figure, date, quote
    and cue of the sentence ``text`` and the most of its other words, of its best-ranked
    few; None where none does (the writer decides how many missing words a corroborating
    citation may leave: write/corroborate.py)."""
    evidence = evidence_of(article)
    claim = parse(normalise(text))
    best: NearSupport | None = None
    for _, unit in _ranked(claim, [evidence])[:SINGLE_TRIES]:
        missing = missing_words(claim, unit, evidence)
        if missing is not None and (best is None or len(missing) < len(best.missing)):
            quoted = any(p.quotes for p in unit.parts)
            best = NearSupport(unit.text, missing, quoted)
    return best


def check_sentence(text: str, sources: Sequence[Article], headline: bool = False) -> list[str]:
    """The claims of ``text`` that its sources do not support, as short notes (empty:
    supported): "number 2500", "negation not", ... (``check`` gives the reasons apart).
    """
    return [str(p) for p in check(text, sources, headline).problems]
