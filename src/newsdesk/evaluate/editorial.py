"""An editor's measures of published stories against a labelled stream.

Each gold story is matched to the published story holding most of its articles (by
URL); those stories are judged, as ``score_stream.py`` does, with the project's own
code: opinion in a story's headline, lead and neutral text (by the stream's labels,
where ``FACT CHECK`` and ``DATA`` count as news), sentences cut off, split inside a name
or citation, quotations without a speaker, loaded words (``newsdesk.text.loaded``),
one fact told twice (by figures and words, and one action of one actor told in other
words), length, and ROUGE of headline + text against the editors' headline
+ roundup. The article-kind classifier is scored against the labels per signal, and,
where the NRC-VAD lexicon lies beside the data, the arousal of our text against that of
its sources. Nothing here is read by the product.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from newsdesk.models import Article, ArticleKind
from newsdesk.text.sentences import QUOTED_SPAN
from newsdesk.write.shape import same_action

OPINION_TAGS = frozenset({"OPINION", "ANALYSIS"})
_STOP = frozenset(
    "a an the of to in on for and or but is are was were be been by with at from as that this "
    "it its he she they his her their we our you your i not no will would has have had said "
    "says".split()
)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|according|wrote|writes|asked|added|adds|stated|states|"
    r"tweeted|posted|argued|argues|noted|notes|explained|claimed|claims|insisted|replied)\b",
    re.I,
)
_NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")
_SPLIT_INSIDE = re.compile(
    r"(?:^|\s)[A-Z]\.$|\b(?:St|Mr|Mrs|Ms|Dr|No|Gov|Sen|Rep|Gen|Lt|Col|Jan|Feb|Aug|Sept|Oct|"
    r"Nov|Dec|Inc|Corp|Jr|vs?)\.$"
)
_EXAMPLES = 5


def content_words(text: str) -> list[str]:
    """Lower-case words and figures, stop words out."""
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP]


def _f1(a: str, b: str) -> float:
    x, y = set(content_words(a)), set(content_words(b))
    shared = len(x & y)
    return 2 * shared / (len(x) + len(y)) if shared else 0.0


def figures(text: str) -> set[str]:
    """Salient figures of a sentence: not years, not single digits."""
    found = set()
    for n in _NUMBER.findall(text):
        n = n.replace(",", "")
        if (len(n) >= 3 or "." in n) and not re.fullmatch(r"(?:19|20)\d\d", n):
            found.add(n)
    return found


def same_fact(a: str, b: str) -> bool:
    """Two sentences telling one fact: a shared figure and three shared words, or most of
    the shorter one's words."""
    wa = set(content_words(a)) - set(re.findall(r"\d+", a))
    wb = set(content_words(b)) - set(re.findall(r"\d+", b))
    if not wa or not wb:
        return False
    shared = len(wa & wb)
    if figures(a) & figures(b) and shared >= 3:
        return True
    return shared / min(len(wa), len(wb)) >= 0.6


_VIEW_LINE = re.compile(r"\bpublished an? (?:opinion|analysis) piece\b|\bargues\b")


def repeated_action(a: str, b: str) -> bool:
    """Two sentences telling one action of one actor, whatever their words: a shared name
    and a shared action (``write.shape.same_action`` with ``more=1``, where the name's own
    stem is the one shared word; the writer asks for one more, so this measure is looser
    than the rule it checks). Perspective lines ("X published an opinion piece ...") are
    each a piece's own and never count."""
    if _VIEW_LINE.search(a) or _VIEW_LINE.search(b):
        return False
    return same_action(a, b, more=1, unnamed=False)


def cut_off(sentence: str) -> bool:
    """Ends on an ellipsis or without closing punctuation."""
    s = sentence.strip()
    return s.endswith(("...", "…")) or not re.search(r"[.!?][\"”’')\]]*$", s)


def split_inside(sentence: str) -> bool:
    """Ends on an initial or abbreviation, or starts in lower case: split in the wrong place."""
    s = sentence.strip()
    return bool(_SPLIT_INSIDE.search(s) or re.match(r"^[\"“‘']?[a-z]", s))


def bare_quote(sentence: str) -> bool:
    """A quotation with no one saying it."""
    s = sentence.strip().rstrip(".")
    outside = QUOTED_SPAN.sub(" ", s)
    return s[:1] in "\"“‘'" and s[-1:] in "\"”’'" and not _ATTRIBUTION.search(outside)


def _matched(
    rows: Sequence[Mapping[str, Any]], stories: Sequence[Mapping[str, Any]]
) -> dict[str, int]:
    """gold story id -> index of the published story holding most of its articles."""
    members: dict[str, set[str]] = {}
    for row in rows:
        members.setdefault(str(row["cluster_id"]), set()).add(str(row["url"]))
    urls = [{str(a.get("url")) for a in s.get("articles", [])} for s in stories]
    found = {}
    for cid, mine in members.items():
        best, best_n = -1, 0
        for i, theirs in enumerate(urls):
            n = len(mine & theirs)
            if n > best_n:
                best, best_n = i, n
        if best >= 0:
            found[cid] = best
    return found


class _Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}

    def note(self, key: str, example: str = "") -> None:
        self.counts[key] += 1
        if example:
            shown = self.examples.setdefault(key, [])
            if len(shown) < _EXAMPLES:
                shown.append(example[:200])


def judge(
    rows: Sequence[Mapping[str, Any]],
    gold: Sequence[Mapping[str, Any]],
    stories: Sequence[Mapping[str, Any]],
    articles: Sequence[Article],
    data: Path | None = None,
) -> dict[str, Any]:
    """The editor's measures of ``stories`` (see the module docstring).

    Args:
        rows: the stream's labelled articles.
        gold: its gold stories (cluster_id, headline, roundup).
        stories: the published stories, as ``stream.dump_stories`` gives them.
        articles: the articles the product extracted (with their kind).
        data: the dataset path, to find the NRC-VAD lexicon beside it.

    Returns:
        One flat dict of counts, shares and scores, with a few examples of each fault.
    """
    from newsdesk.text.loaded import loaded_words

    by_url = {str(r["url"]): r for r in rows}
    gold_by_id = {str(g["cluster_id"]): g for g in gold}
    matched = _matched(rows, stories)
    judged = sorted(set(matched.values()))
    tally = _Tally()
    words: list[int] = []
    for index in judged:
        story = stories[index]
        tags = {
            str(a["id"]): by_url[str(a["url"])].get("opinion_tag")
            for a in story.get("articles", [])
            if str(a.get("url")) in by_url
        }
        news = [aid for aid, tag in tags.items() if tag not in OPINION_TAGS]
        head = str(story.get("headline") or "")
        sentences = [s for s in story.get("sentences", []) if s.get("text")]
        words.append(len(head.split()) + sum(len(s["text"].split()) for s in sentences))
        if loaded_words(head):
            tally.note("loaded_headlines", head)
        if news:
            tally.note("with_news_report")
            _opinion_at_top(story, head, sentences, tags, by_url, tally)
        for k, sentence in enumerate(sentences):
            text = sentence["text"]
            tally.note("sentences")
            cited = [str(x) for x in sentence.get("sources", []) if str(x) in tags]
            if news and cited and all(tags[x] in OPINION_TAGS for x in cited):
                tally.note("opinion_sentences", text)
            for check, key in (
                (cut_off, "cut_off"),
                (split_inside, "split_inside"),
                (bare_quote, "bare_quotes"),
                (loaded_words, "loaded_sentences"),
            ):
                if check(text):
                    tally.note(key, text)
            for later in sentences[k + 1 :]:
                if same_fact(text, later["text"]):
                    tally.note("repeated_facts", f"{text} || {later['text']}")
                if repeated_action(text, later["text"]):
                    tally.note("repeated_actions", f"{text} || {later['text']}")
        tally.counts["perspectives"] += len(story.get("perspectives", []))
    result: dict[str, Any] = {
        "stories_published": len(stories),
        "gold_stories": len({str(r["cluster_id"]) for r in rows}),
        "judged": len(judged),
    }
    for key in (
        "with_news_report",
        "headline_from_opinion",
        "lead_from_opinion",
        "sentences",
        "opinion_sentences",
        "cut_off",
        "split_inside",
        "bare_quotes",
        "loaded_headlines",
        "loaded_sentences",
        "repeated_facts",
        "repeated_actions",
        "perspectives",
    ):
        result[key] = tally.counts[key]
    result["opinion_sentence_share"] = round(
        tally.counts["opinion_sentences"] / max(tally.counts["sentences"], 1), 4
    )
    result["mean_words"] = round(sum(words) / len(words), 1) if words else 0.0
    result["max_words"] = max(words, default=0)
    result.update(_rouge(matched, gold_by_id, stories))
    result.update(kind_scores(rows, articles))
    if data is not None:
        result.update(_arousal(matched, gold_by_id, stories, rows, data))
    result["examples"] = tally.examples
    return result


def _opinion_at_top(
    story: Mapping[str, Any],
    head: str,
    sentences: Sequence[Mapping[str, Any]],
    tags: Mapping[str, str | None],
    by_url: Mapping[str, Mapping[str, Any]],
    tally: _Tally,
) -> None:
    """Count a headline closest to an opinion piece, and a lead only opinion supports."""
    best, best_f = "", 0.0
    for a in story.get("articles", []):
        row = by_url.get(str(a.get("url")))
        if row is None:
            continue
        parts = [str(row["title"]), *re.split(r"(?<=[.!?])\s+", str(row["text"]))[:8]]
        f = max(_f1(head, p) for p in parts)
        if f > best_f:
            best, best_f = str(a["id"]), f
    if best and tags.get(best) in OPINION_TAGS:
        tally.note("headline_from_opinion", head)
    if sentences:
        cited = [str(x) for x in sentences[0].get("sources", []) if str(x) in tags]
        if cited and all(tags[x] in OPINION_TAGS for x in cited):
            tally.note("lead_from_opinion", sentences[0]["text"])


def _rouge(
    matched: Mapping[str, int],
    gold: Mapping[str, Mapping[str, Any]],
    stories: Sequence[Mapping[str, Any]],
) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    sums: Counter[str] = Counter()
    for cid, index in matched.items():
        g = gold.get(cid)
        if not g:
            continue
        story = stories[index]
        text = " ".join(s["text"] for s in story.get("sentences", []))
        head = str(story.get("headline") or "")
        reference = f"{g['headline']} {g['roundup'][0]}"
        scores = scorer.score(reference, f"{head} {text}")
        for key in ("rouge1", "rouge2", "rougeL"):
            sums[key] += scores[key].fmeasure
        sums["headline_rougeL"] += scorer.score(str(g["headline"]), head)["rougeL"].fmeasure
    n = max(len(matched), 1)
    return {
        k: round(100 * sums[k] / n, 2) for k in ("rouge1", "rouge2", "rougeL", "headline_rougeL")
    }


def kind_scores(rows: Sequence[Mapping[str, Any]], articles: Sequence[Article]) -> dict[str, Any]:
    """The article-kind classifier against the labels: opinion+analysis precision, recall,
    and how many of the labelled pieces each signal found (and how many it got wrong).

    Args:
        rows: the labelled stream.
        articles: the product's articles (with ``kind`` as classified in the run).

    Returns:
        ``kind_precision``, ``kind_recall``, ``kind_by_signal``.
    """
    from newsdesk.classify.kind import classify_article

    labels = {str(r["url"]): r.get("opinion_tag") in OPINION_TAGS for r in rows}
    true_pos = false_pos = false_neg = 0
    by_signal: dict[str, Counter[str]] = {}
    wrong: list[str] = []
    for article in articles:
        if article.url not in labels:
            continue
        gold = labels[article.url]
        said = article.kind in (ArticleKind.OPINION, ArticleKind.ANALYSIS)
        if said and gold:
            true_pos += 1
        elif said:
            false_pos += 1
            wrong.append(article.url)
        elif gold:
            false_neg += 1
        verdict = classify_article(article)
        if verdict.kind in (ArticleKind.OPINION, ArticleKind.ANALYSIS):
            tally = by_signal.setdefault(verdict.signal, Counter())
            tally["right" if gold else "wrong"] += 1
    positives = sum(labels.values())
    return {
        "kind_labelled": positives,
        "kind_precision": round(true_pos / max(true_pos + false_pos, 1), 3),
        "kind_recall": round(true_pos / max(true_pos + false_neg, 1), 3),
        "kind_by_signal": {
            name: {
                "found": c["right"],
                "wrong": c["wrong"],
                "recall": round(c["right"] / max(positives, 1), 3),
            }
            for name, c in sorted(by_signal.items())
        },
        "kind_false_positives": wrong[:_EXAMPLES],
    }


def _arousal(
    matched: Mapping[str, int],
    gold: Mapping[str, Mapping[str, Any]],
    stories: Sequence[Mapping[str, Any]],
    rows: Sequence[Mapping[str, Any]],
    data: Path,
) -> dict[str, float | None]:
    """NeuS's arousal of our text and, on average, of each of its source articles."""
    from newsdesk.evaluate.summarization import arousal, load_arousal_lexicon

    lexicon = load_arousal_lexicon(data)
    if lexicon is None:
        return {"arousal": None, "source_arousal": None}
    by_url = {str(r["url"]): r for r in rows}
    ours: list[float] = []
    theirs: list[float] = []
    for cid, index in matched.items():
        g = gold.get(cid)
        if not g:
            continue
        story = stories[index]
        reference = f"{g['headline']} {g['roundup'][0]}"
        text = f"{story.get('headline', '')} " + " ".join(
            s["text"] for s in story.get("sentences", [])
        )
        ours.append(sum(arousal(text, reference, lexicon)))
        sources = [by_url[str(a["url"])] for a in story.get("articles", []) if a["url"] in by_url]
        if sources:
            values = [
                sum(arousal(f"{r['title']} {r['text']}", reference, lexicon)) for r in sources
            ]
            theirs.append(sum(values) / len(values))
    return {
        "arousal": round(sum(ours) / max(len(ours), 1), 3),
        "source_arousal": round(sum(theirs) / max(len(theirs), 1), 3),
    }
