"""The open window's data: stories being built, their members, and the dense index.

A story keeps the sum of its members' term vectors (its centroid, unnormalised) and its
squared length, so that a cosine with it costs one pass over the article's terms.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from newsdesk.embed import Vectors


@dataclass(slots=True)
class Member:
    id: int
    vec: dict[str, float]
    when: datetime | None
    site: str
    dense: Vectors | None = None


@dataclass(slots=True)
class Story:
    id: int
    members: list[Member] = field(default_factory=list)
    total: dict[str, float] = field(default_factory=dict)  # sum of member vectors
    norm2: float = 0.0  # squared length of ``total``
    first: datetime | None = None
    last: datetime | None = None
    last_seq: int = 0
    sites: dict[str, list[datetime]] = field(default_factory=dict)  # outlet -> dates
    dense: Vectors | None = None  # sum of member embeddings

    def add(self, member: Member, seq: int) -> None:
        if member.dense is not None:
            self.dense = member.dense.copy() if self.dense is None else self.dense + member.dense
        total = self.total
        dot = sum(w * total.get(t, 0.0) for t, w in member.vec.items())
        self.norm2 += 2.0 * dot + sum(w * w for w in member.vec.values())
        for t, w in member.vec.items():
            total[t] = total.get(t, 0.0) + w
        self.members.append(member)
        self.last_seq = max(self.last_seq, seq)
        if member.when is not None and member.site:
            bisect.insort(self.sites.setdefault(member.site, []), member.when)
        if member.when is not None:
            self.first = member.when if self.first is None else min(self.first, member.when)
            self.last = member.when if self.last is None else max(self.last, member.when)

    def absorb(self, other: Story) -> dict[str, float] | None:
        """Take in every member of ``other``, in time proportional to the smaller story.

        Returns:
            The terms whose weight changed, or None when every term may have.
        """
        if other.dense is not None:
            self.dense = other.dense.copy() if self.dense is None else self.dense + other.dense
        swapped = len(other.total) > len(self.total)
        if swapped:
            self.total, other.total = other.total, self.total
        self.norm2 += other.norm2 + 2.0 * sparse_dot(other.total, self.total)
        total = self.total
        for t, w in other.total.items():
            total[t] = total.get(t, 0.0) + w
        if len(other.members) > len(self.members):
            self.members, other.members = other.members, self.members
        self.members.extend(other.members)
        self.last_seq = max(self.last_seq, other.last_seq)
        for site, dates in other.sites.items():
            self.sites[site] = sorted([*self.sites.get(site, ()), *dates])
        for when in (other.first, other.last):
            if when is not None:
                self.first = when if self.first is None else min(self.first, when)
                self.last = when if self.last is None else max(self.last, when)
        return None if swapped else other.total


def sparse_dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def unit(vector: Vectors) -> Vectors:
    """``vector`` scaled to length 1 (a zero vector stays zero)."""
    result: Vectors = vector / max(float(np.linalg.norm(vector)), 1e-12)
    return result


class DenseIndex:
    """Unit centroids of the open stories in one matrix, for exact nearest-story search.

    Bounded by the open window (as the inverted index is), so a brute-force product
    costs the same at 10,000 and at 1,000,000 stored articles; rows are reused.
    """

    def __init__(self, dimensions: int) -> None:
        self._matrix = np.zeros((64, dimensions), dtype=np.float32)
        self._row: dict[int, int] = {}  # story id -> row
        self._story = np.full(64, -1, dtype=np.int64)  # row -> story id, -1 when free
        self._free: list[int] = list(range(63, -1, -1))

    def put(self, story_id: int, total: Vectors) -> None:
        row = self._row.get(story_id)
        if row is None:
            if not self._free:
                size = len(self._matrix)
                self._matrix = np.vstack([self._matrix, np.zeros_like(self._matrix)])
                self._story = np.concatenate([self._story, np.full(size, -1, dtype=np.int64)])
                self._free = list(range(2 * size - 1, size - 1, -1))
            row = self._row[story_id] = self._free.pop()
            self._story[row] = story_id
        self._matrix[row] = unit(total)

    def remove(self, story_id: int) -> None:
        row = self._row.pop(story_id, None)
        if row is not None:
            self._matrix[row] = 0.0
            self._story[row] = -1
            self._free.append(row)

    def __contains__(self, story_id: int) -> bool:
        return story_id in self._row

    def unit(self, story_id: int) -> Vectors:
        """The story's unit centroid."""
        row: Vectors = self._matrix[self._row[story_id]]
        return row

    def similarities(self, vector: Vectors) -> Vectors:
        """Cosine of ``vector`` (unit length) with every row; free rows get -2."""
        sims: Vectors = self._matrix @ vector
        sims[self._story < 0] = -2.0
        return sims

    def cosine(self, sims: Vectors, story_id: int) -> float:
        """The story's entry in ``similarities``."""
        return float(sims[self._row[story_id]])

    def nearest(self, sims: Vectors, k: int) -> list[int]:
        """The ``k`` stories with the highest ``similarities``, best first."""
        if not self._row:
            return []
        k = min(k, len(self._row))
        top = np.argpartition(-sims, k - 1)[:k]
        return [int(self._story[r]) for r in top[np.argsort(-sims[top])]]
