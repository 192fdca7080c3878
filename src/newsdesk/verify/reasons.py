"""The verifier's answer for one claim: a ``Problem`` with a machine-readable reason."""

from __future__ import annotations

from dataclasses import dataclass

REASONS = (
    "unsupported",  # words that the cited sentences do not have
    "name",  # a name that they do not have
    "role",  # a name they have, doing something else
    "speaker",  # a quotation or statement given to someone else
    "number",  # a figure they do not state
    "unit",  # a figure with another unit, or counting something else
    "comparison",  # more than / less than, largest / smallest, first / last
    "date",  # a weekday, date or relative date they do not state
    "quote",  # quoted words that are not theirs verbatim
    "negation",  # not, never, denied, failed to: added or dropped
    "modality",  # will / may / could, reportedly: changed, added or dropped
    "relation",  # because, after, so: a relation no source states
    "no_source",  # the sentence cites nothing
    "outside_story",  # it cites an article that is not the story's
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One claim a sentence makes that its support does not."""

    reason: str  # one of REASONS
    detail: str

    def __str__(self) -> str:
        return f"{self.reason} {self.detail}".strip()
