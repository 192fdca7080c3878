"""Which of a story's news reports read as reports: the neutral text comes from those.

The classifier labels a piece opinion or analysis only where it is nearly sure (its
threshold keeps news reports out of the Perspectives), so many views keep the label
"news". The same text-voice model gives each report a score; a report that scores at or
above the model's lower doubt level (``VoiceModel.doubt``: as likely a view as a report,
chosen by cross-validation in bench/fit_kind_model.py) is doubtful. It keeps its label
and still supports the sentences it bears out, but where the story has a plain report
the lead, headline and body come from the plain ones; where every report is doubtful,
the lead and headline prefer the one that reads most like a report.

A report that opens on loaded framing (``loaded_words`` in its first sentence: "...
urged a skeptical Supreme Court to let school districts suppress free speech ...") tells
the news in a view's words there, whatever its score: it gives no lead where a plain
report can (its other sentences may still serve, each loaded one at a cost, and its title
may still give the headline where ``allowed`` passes it: ``ExtractiveWriter``), and
where every report is doubtful or so framed, one that opens plainly leads first, unless
the writer's doubt too reads it as a view: then one that opens loaded leads, on the plain
sentence after its opening where that stands alone (``ExtractiveWriter._pick``), and the
text comes from the reports the model does not doubt.

Of the plain reports, one whose register the writer's own doubt reads as a view's
(``VoiceModel.writer_doubts``: words with hedges, modals, no day and no attribution ...)
gives no lead or headline where another plain report can; it still gives the text its
sentences (as a doubt on the text it took reports' sentences for few views).

Only classified articles are doubted (``Article.kind`` set, as the extract stage does):
an unclassified one reads as a news report, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.classify.voice import voice_model
from newsdesk.models import Article
from newsdesk.text import split_sentences
from newsdesk.text.loaded import loaded_words


def plain_reports(
    articles: Sequence[Article], reports: Sequence[int]
) -> tuple[list[int], list[int]]:
    """The reports the neutral text should come from, and those its lead and headline
    should come from.

    Args:
        articles: the story's articles.
        reports: indices of its news reports (not opinion or analysis).

    Returns:
        ``(text_from, lead_from)``: the reports that are not doubtful, and of those the
        ones that do not open on loaded framing, where there are any (and of those the
        ones whose register the writer does not doubt, where there are any); where every report
        is doubtful or so framed, all of them and the one that reads most like a report
        (one not doubted by both measures first, then one that opens plainly), or the
        undoubted ones where such a one leads; ``reports`` twice when there is nothing to
        choose (one report, none classified, none doubted by either measure).
    """
    everything = list(reports)
    classified = [i for i in reports if articles[i].kind is not None]
    if len(reports) < 2 or not classified:
        return everything, everything
    model = voice_model()
    scores = {i: model.score(articles[i].title, articles[i].text) for i in classified}
    doubtful = {i for i, score in scores.items() if model.doubts(score)}
    framed = {i for i in classified if opens_loaded(articles[i])}
    plain = [i for i in reports if i not in doubtful | framed]
    # The register's doubt only narrows who leads (docs/decisions/classify.md).
    register = {
        i
        for i in (plain or doubtful)
        if i in scores
        and model.writer_doubts(model.writer_score(articles[i].title, articles[i].text))
    }
    if plain:
        return [i for i in reports if i not in doubtful], [
            i for i in plain if i not in register
        ] or plain
    # Every report doubtful or framed: one that both measures doubt (an analysis told as
    # news) leads after one that opens loaded (``_pick`` docks its opening), and that after
    # one that opens plainly. Where one the model does not doubt leads, the text comes from
    # those, as above.
    sure = doubtful & register
    first = min(doubtful | framed, key=lambda i: (i in sure, i in framed, scores[i], i))
    if first in doubtful:
        return everything, [first]
    return [i for i in reports if i not in doubtful], [first]


def opens_loaded(article: Article) -> bool:
    """Whether the article's first sentence has a loaded word outside quotes."""
    opening = next((p for p in article.paragraphs if p.strip()), "")
    sentences = split_sentences(opening)
    return bool(sentences and loaded_words(sentences[0]))
