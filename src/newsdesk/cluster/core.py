"""How much of a story's core another tells: the test a late join of two stories must pass.

A story's *core* is the set of terms that most of its members hold (more than half of
them): what its reports agree on, the event's signature ("Taney", "Confederate",
"statues" for the House's vote on the Capitol's statues; "373,000", "jobless" for a
week's claims). Two small stories of one day's business in Congress or the economy meet
on the day's common words ("House", "Pelosi", "Capitol", "jobs", "labor"), and a late
join merges them, while each tells little of the other's core; each core term is
weighed by its IDF, so rare names and figures count more than the words every story of
the day shares (docs/decisions/cluster.md, "A late join must tell the other story's
core"). Everything is read from the saved window (member vectors, the
document-frequency table), so a resumed run decides exactly as an uninterrupted one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from newsdesk.cluster.window import Story
from newsdesk.features import DocumentFrequencies


def core_coverage(vec: Mapping[str, float], story: Story, df: DocumentFrequencies) -> float:
    """The IDF-weighted share of ``story``'s core terms that ``vec`` holds (0 to 1).

    Args:
        vec: a term vector (an article's, or another story's summed vector).
        story: an open story (its members' vectors).
        df: the clusterer's document-frequency table.

    Returns:
        The share; 1.0 when the story has no core (its members agree on no term).
    """
    held = Counter(term for member in story.members for term in member.vec)
    half = len(story.members) / 2.0
    core = [term for term, count in held.items() if count > half]
    weights = [df.idf(term) for term in core]
    total = sum(weights)
    if total <= 0.0:
        return 1.0
    return sum(w for term, w in zip(core, weights, strict=True) if term in vec) / total
