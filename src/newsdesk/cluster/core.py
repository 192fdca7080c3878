"""How much of a story's core another tells: the test a late join of two stories must pass.

A story's *core* is the set of terms that most of its members hold (more than half of
them): what its reports agree on, the event's signature ("Taney", "Confederate",
"statues" for the House's vote on the Capitol's statues; "373,000", "jobless" for a
week's claims). Two small stories of one day's business in Congress or the economy meet
on the day's common words ("House", "Pelosi", "Capitol", "jobs", "labor"), and a late
join merges them, while each tells little of the other's core; each core term is
weighed by its IDF, so rare names and figures count more than the words every story of
the day shares (docs/decisions/cluster.md, "A late join must tell the other story's
core"). The same core tells whether a report that joins a story weakly states the news
the story's reports agree on: ``headline_told`` (a bill to decriminalize marijuana shares
"Senate", "Democrats", "Schumer" with the $3.5 trillion budget deal's story, but its
"marijuana", "decriminalize" are in no report of it; "A weak join must have its headline
told"). Everything is read from the saved window (member vectors, the
document-frequency table), so a resumed run decides exactly as an uninterrupted one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Mapping

from newsdesk.cluster.window import Story
from newsdesk.features import DocumentFrequencies


def _core(story: Story) -> set[str]:
    """The terms more than half of ``story``'s members hold."""
    held = Counter(term for member in story.members for term in member.vec)
    half = len(story.members) / 2.0
    return {term for term, count in held.items() if count > half}


def headline_told(title: list[str], story: Story, df: DocumentFrequencies) -> float:
    """The IDF-weighted share of a headline's terms that ``story``'s core holds (0 to 1):
    whether the story's reports agree on the news the headline states.

    Args:
        title: the headline's folded terms (``text.tokens.terms``).
        story: an open story (its members' vectors).
        df: the clusterer's document-frequency table.

    Returns:
        The share; 1.0 for a headline with no terms.
    """
    return _idf_share(title, _core(story), df)


def core_coverage(vec: Mapping[str, float], story: Story, df: DocumentFrequencies) -> float:
    """The IDF-weighted share of ``story``'s core terms that ``vec`` holds (0 to 1).

    Args:
        vec: a term vector (an article's, or another story's summed vector).
        story: an open story (its members' vectors).
        df: the clusterer's document-frequency table.

    Returns:
        The share; 1.0 when the story has no core (its members agree on no term).
    """
    return _idf_share(_core(story), vec, df)


def _idf_share(terms: Iterable[str], held: Container[str], df: DocumentFrequencies) -> float:
    """The IDF-weighted share of ``terms`` (each counted once) that ``held`` holds; 1.0
    when they weigh nothing."""
    weights = {term: df.idf(term) for term in terms}
    total = sum(weights.values())
    if total <= 0.0:
        return 1.0
    return sum(w for term, w in weights.items() if term in held) / total
