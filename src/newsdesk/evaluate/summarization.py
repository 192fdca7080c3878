"""`newsdesk eval summarize`: write one story per multi-outlet item and score it.

Each dataset item (``{id, articles: [{id, title, text}], reference: {title, summary}}``,
as in NeuS/AllSides) becomes ``Article`` objects; the writer and the verifier run
exactly as in the pipeline (``write_verified``); the reference is read only to score.

Scores (as the dataset README prescribes): ``rouge-score`` F1 with the Porter stemmer,
x100, of ``headline + " " + summary`` against ``reference.title + " " + reference.summary``;
``headline_rougeL`` scores the headline alone against the reference title. The scored
summary is the draft's opening: its summary sentence and the sentences that follow,
whole, up to the story's lead length (``lead_budget``, computed from the articles alone,
as the writer does). ``unsupported_claims`` counts the claims (headline and sentences)
that the verifier found unsupported in the writers' drafts; none of them is published.

Neutrality is NeuS's lexicon "Arousal" (Lee et al. 2022, the paper's metric notebook):
lowercase, "U.S." -> "USA", punctuation removed, tokens lemmatised; the distinct tokens
of a text that are not in the reference are looked up in the NRC-VAD lexicon, and the
arousal of those with valence > 0.65 (Arousal+) and < 0.35 (Arousal-) is summed, then
averaged over items; ``arousal`` is Arousal+ plus Arousal-. ``source_arousal`` is the same
for each source article (title + text), averaged per item. The lexicon is read from
``lexicons/nrc-vad`` beside the dataset folder, only here (its terms forbid shipping it).
WordNet's data cannot be installed here, so NLTK's noun lemmatiser is approximated by
WordNet's noun suffix rules (morphy) with the lexicon's vocabulary standing in for
WordNet's: a lemma only matters when it is a lexicon word, so a form is replaced by a
candidate lemma only if that is one. Irregular plurals (WordNet's exception list) are
not lemmatised.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsdesk.errors import EvalDataError
from newsdesk.evaluate.data import dataset_file, iter_records
from newsdesk.models import Article, Draft
from newsdesk.verify import verify
from newsdesk.write import DraftRejected, ExtractiveWriter, Writer, WriterError, write_verified
from newsdesk.write.base import ModelWriter, lead_budget, lead_sentences

_LEXICON = Path("lexicons") / "nrc-vad" / "NRC-VAD-Lexicon.txt"
# WordNet's noun detachment rules (morphy), in its order.
_NOUN_SUFFIXES = (
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
)
_PUNCT = re.compile(r"[^\w\s]")
_METRICS = ("rouge1", "rouge2", "rougeL")


def item_articles(record: Mapping[str, Any]) -> list[Article]:
    """Turn one dataset item's articles into ``Article`` objects (ids 1, 2, ...).

    Args:
        record: a dataset line with an ``articles`` list of ``{id, title, text}``.

    Returns:
        The articles, one outlet each; the dataset id is kept in the URL.
    """
    articles = []
    for n, raw in enumerate(record.get("articles") or [], 1):
        text = str(raw.get("text") or "")
        articles.append(
            Article(
                url=f"urn:newsdesk-eval:{raw.get('id', n)}",
                title=str(raw.get("title") or ""),
                paragraphs=tuple(p for p in text.split("\n") if p.strip()),
                site_name=str(raw.get("site_name") or f"outlet {n}"),
                id=n,
            )
        )
    return articles


def summary_text(draft: Draft, words: int) -> str:
    """The draft's opening, whole sentences, about ``words`` words long.

    Args:
        draft: a written draft.
        words: the lead length.

    Returns:
        The summary sentence and the sentences that follow it, joined.
    """
    return " ".join(s.text for s in lead_sentences(draft, words))


def load_arousal_lexicon(data: Path) -> dict[str, tuple[float, float]] | None:
    """Read NRC-VAD (term -> (valence, arousal)) from ``lexicons/`` beside the dataset.

    Args:
        data: the ``--data`` path (dataset folder or file).

    Returns:
        The lexicon, or None when it is not there.
    """
    folder = dataset_file(data).parent
    for base in (folder.parent, folder.parent.parent):
        path = base / _LEXICON
        if path.is_file():
            lexicon = {}
            for line in path.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == 4:
                    lexicon[parts[0]] = (float(parts[1]), float(parts[2]))
            return lexicon
    return None


def _lemma(word: str, vocabulary: Mapping[str, object]) -> str:
    if word in vocabulary:
        return word
    for suffix, ending in _NOUN_SUFFIXES:
        if word.endswith(suffix):
            candidate = word[: len(word) - len(suffix)] + ending
            if candidate in vocabulary:
                return candidate
    return word


def _arousal_tokens(text: str, vocabulary: Mapping[str, object]) -> set[str]:
    text = _PUNCT.sub("", text.replace("U.S.", "USA").lower())
    return {_lemma(w, vocabulary) for w in text.split()}


def arousal(
    text: str, reference: str, lexicon: Mapping[str, tuple[float, float]]
) -> tuple[float, float]:
    """NeuS's (Arousal+, Arousal-) of ``text``: its words that are not in ``reference``.

    Args:
        text: the text to score.
        reference: the reference text of the same item.
        lexicon: term -> (valence, arousal).

    Returns:
        The summed arousal of the positive and of the negative words.
    """
    extra = _arousal_tokens(text, lexicon) - _arousal_tokens(reference, lexicon)
    positive = negative = 0.0
    for token in extra:
        if token in lexicon:
            valence, value = lexicon[token]
            if valence > 0.65:
                positive += value
            elif valence < 0.35:
                negative += value
    return positive, negative


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _records(
    data: Path, limit: int | None, splits: Sequence[str] | None, offset: int = 0
) -> Iterator[dict[str, Any]]:
    count = skipped = 0
    for record in iter_records(data):
        if limit is not None and count >= limit:
            return
        if not isinstance(record.get("articles"), list) or not isinstance(
            record.get("reference"), dict
        ):
            raise EvalDataError(f"{data}: not a NeuS-format dataset (articles + reference)")
        if splits is None or record.get("orig_split") in splits:
            if skipped < offset:
                skipped += 1
                continue
            count += 1
            yield record


def run_summarize_eval(
    data: Path,
    out: Path | None = None,
    limit: int | None = None,
    writer: Writer | None = None,
    splits: Sequence[str] | None = None,
    offset: int = 0,
) -> dict[str, Any]:
    """Write every item with ``writer`` (default: the extractive writer), verified; score.

    With a model writer (``--writer llm``) every item is also written by the extractive
    writer, and the model is scored only where its draft was accepted, beside the
    extractive writer on the same items; ``published`` scores what a reader would get
    (the model's draft where accepted, the extractive writer's elsewhere). A failing
    endpoint never stops the eval: its items fall back, counted by reason.

    Args:
        data: a dataset folder (one ``*.jsonl.gz``) or that file.
        out: also write one JSON line per item here.
        limit: only the first N items (after the split filter).
        writer: the writer to score; the extractive writer is the fallback either way.
        splits: only items whose ``orig_split`` is one of these (None: all).
        offset: skip the first N items (after the split filter), before ``limit``.

    Returns:
        items, rouge1, rouge2, rougeL, headline_rougeL, mean_words, unsupported_claims,
        fell_back, arousal (with arousal_pos and arousal_neg), source_arousal (None
        without the lexicon), items_per_second and the writer's name; for a model writer
        also accepted, acceptance_rate, fell_back_by_reason, endpoint (None, or why it
        was no longer asked), extractive_on_accepted and published. The ROUGE keys are
        then the model's on its accepted items (None when there is none).

    Raises:
        EvalDataError: when the data is not NeuS-format or rouge-score is missing.
    """
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:  # an optional extra
        raise EvalDataError(
            "eval summarize needs rouge-score: pip install 'newsdesk[eval]'"
        ) from exc
    scorer = rouge_scorer.RougeScorer(list(_METRICS), use_stemmer=True)
    fallback = ExtractiveWriter()
    writer = writer or fallback
    model = writer if isinstance(writer, ModelWriter) else None
    lexicon = load_arousal_lexicon(data)
    buckets = {name: _Scores() for name in ("main", "extractive_on_accepted", "published")}
    pos: list[float] = []
    neg: list[float] = []
    source: list[float] = []
    unsupported = fell_back = accepted = items = 0
    reasons: Counter[str] = Counter()
    seconds = 0.0
    sink = out.open("w", encoding="utf-8") if out else None
    try:
        for record in _records(data, limit, splits, offset):
            items += 1
            articles = item_articles(record)
            ref = record["reference"]
            reference = f"{ref.get('title', '')} {ref.get('summary', '')}"
            started = time.perf_counter()
            if model is None:
                draft, found, rejected = _write(articles, writer, fallback)
                reason = ""
            else:
                draft, found, reason = _write_with_model(articles, model, fallback)
                rejected = bool(reason)
            seconds += time.perf_counter() - started
            unsupported += found
            fell_back += rejected
            reasons.update([reason] if reason else [])
            lead = lead_sentences(draft, lead_budget(articles))
            summary = " ".join(s.text for s in lead)
            prediction = f"{draft.headline} {summary}"
            scored = _score(scorer, record, draft, prediction)
            buckets["published"].add(scored)
            if model is None or not rejected:
                accepted += 1
                buckets["main"].add(scored)
            if model is not None and not rejected:
                own, _ = write_verified(articles, fallback, fallback)
                own_lead = " ".join(s.text for s in lead_sentences(own, lead_budget(articles)))
                buckets["extractive_on_accepted"].add(
                    _score(scorer, record, own, f"{own.headline} {own_lead}")
                )
            if lexicon is not None:
                p, q = arousal(prediction, reference, lexicon)
                pos.append(p)
                neg.append(q)
                own_arousal = [
                    sum(arousal(f"{a.title} {a.text}", reference, lexicon)) for a in articles
                ]
                source.append(_mean(own_arousal))
            if sink:
                line = _output_line(record, draft, summary, len(lead))
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if sink:
            sink.close()
    metrics: dict[str, Any] = {"items": items, **buckets["main"].means(_SCORED)}
    metrics["mean_words"] = round(_mean(buckets["published"].scores["words"]), 1)
    metrics["unsupported_claims"] = unsupported
    metrics["fell_back"] = fell_back
    if model is not None:
        metrics["accepted"] = accepted
        metrics["acceptance_rate"] = round(accepted / items, 3) if items else None
        metrics["fell_back_by_reason"] = dict(sorted(reasons.items()))
        metrics["endpoint"] = getattr(model, "unavailable", "") or None
        metrics["extractive_on_accepted"] = buckets["extractive_on_accepted"].means(_SCORED)
        metrics["published"] = buckets["published"].means(_SCORED)
    has_lexicon = lexicon is not None
    metrics["arousal"] = round(_mean(pos) + _mean(neg), 3) if has_lexicon else None
    metrics["arousal_pos"] = round(_mean(pos), 3) if has_lexicon else None
    metrics["arousal_neg"] = round(_mean(neg), 3) if has_lexicon else None
    metrics["source_arousal"] = round(_mean(source), 3) if has_lexicon else None
    metrics["items_per_second"] = round(items / seconds, 1) if seconds else None
    metrics["writer"] = writer.name
    return metrics


_SCORED = (*_METRICS, "headline_rougeL")


class _Scores:
    """Per-item scores of one group of drafts."""

    def __init__(self) -> None:
        self.scores: dict[str, list[float]] = {k: [] for k in (*_SCORED, "words")}

    def add(self, scored: Mapping[str, float]) -> None:
        for key, value in scored.items():
            self.scores[key].append(value)

    def means(self, keys: Sequence[str]) -> dict[str, float | None]:
        return {k: round(_mean(self.scores[k]), 2) if self.scores[k] else None for k in keys}


def _score(
    scorer: Any, record: Mapping[str, Any], draft: Draft, prediction: str
) -> dict[str, float]:
    ref = record["reference"]
    reference = f"{ref.get('title', '')} {ref.get('summary', '')}"
    result = scorer.score(reference, prediction)
    scored = {key: 100 * result[key].fmeasure for key in _METRICS}
    headline = scorer.score(str(ref.get("title", "")), draft.headline)
    scored["headline_rougeL"] = 100 * headline["rougeL"].fmeasure
    scored["words"] = float(len(prediction.split()))
    return scored


def _write(articles: list[Article], writer: Writer, fallback: Writer) -> tuple[Draft, int, bool]:
    """The published draft, the unsupported claims found in the writer's draft, fell back."""
    first, report = verify(writer.write(articles), articles)
    found = report.checked_claims - report.supported_claims
    if first is not None:
        return first, found, False
    draft, _ = write_verified(articles, fallback, fallback)
    return draft, found, True


def _write_with_model(
    articles: list[Article], model: ModelWriter, fallback: Writer
) -> tuple[Draft, int, str]:
    """The published draft, the claims the verifier refused in the model's draft, and why
    it fell back ("" when the model's draft was accepted)."""
    try:
        draft, report = model.write_checked(articles)
    except DraftRejected as exc:
        refused = exc.report.checked_claims - exc.report.supported_claims
        reason = exc.reason
    except WriterError as exc:
        refused, reason = 0, exc.reason
    else:
        return draft, report.checked_claims - report.supported_claims, ""
    draft, _ = write_verified(articles, fallback, fallback)
    return draft, refused, reason


def _output_line(
    record: Mapping[str, Any], draft: Draft, summary: str, in_summary: int
) -> dict[str, Any]:
    """One item's draft; ``body`` is what follows the summary's ``in_summary`` sentences."""
    ids = [str(a.get("id", n)) for n, a in enumerate(record["articles"], 1)]
    body, skip = [], in_summary - 1  # the summary sentence is not in the paragraphs
    for paragraph in draft.paragraphs:
        if rest := paragraph[skip:]:
            body.append(" ".join(s.text for s in rest))
        skip = max(0, skip - len(paragraph))
    return {
        "id": record.get("id"),
        "headline": draft.headline,
        "summary": summary,
        "body": "\n\n".join(body),
        "sentences": [
            {"text": s.text, "sources": [ids[i - 1] for i in s.sources if 0 < i <= len(ids)]}
            for s in draft.sentences()
        ],
    }
