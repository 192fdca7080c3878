"""The clusterer's open window: the stories that still take articles, and their indexes.

A story keeps the sum of its members' term vectors (its centroid, unnormalised) and its
squared length, so that a cosine with it costs one pass over the article's terms. The
window indexes the open stories by term (postings) and, with embeddings, by dense
centroid; counts document frequencies over their articles; and closes a story once it has
been quiet for ``quiet_hours`` or ``max_open_articles`` newer articles have arrived, so
its size, and the cost of an assignment, depend on the window, not on the archive. It is
saved and rebuilt exactly (``snapshot``, ``OpenWindow.rebuilt``; see ``state.py``).
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from newsdesk.cluster.state import ClusterState, MemberState, StoryState
from newsdesk.embed import Vectors
from newsdesk.features import DocumentFrequencies


@dataclass(slots=True)
class Member:
    id: int
    vec: Mapping[str, float]
    when: datetime | None
    site: str
    dense: Vectors | None = None
    seq: int = 0  # arrival number: the order articles were committed in


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
    revision: int = 0  # arrival number of the last article that changed it
    shared: bool = False  # ``total`` is a snapshot's too: copied before it changes

    def own(self) -> None:
        """Make ``total`` this story's own, so that changing it changes no snapshot."""
        if self.shared:
            self.total = dict(self.total)
            self.shared = False

    def add(self, member: Member) -> None:
        if member.dense is not None:
            self.dense = member.dense.copy() if self.dense is None else self.dense + member.dense
        self.own()
        total = self.total
        dot = sum(w * total.get(t, 0.0) for t, w in member.vec.items())
        self.norm2 += 2.0 * dot + sum(w * w for w in member.vec.values())
        for t, w in member.vec.items():
            total[t] = total.get(t, 0.0) + w
        self.members.append(member)
        self.last_seq = max(self.last_seq, member.seq)
        if member.when is not None and member.site:
            bisect.insort(self.sites.setdefault(member.site, []), member.when)
        if member.when is not None:
            self.first = member.when if self.first is None else min(self.first, member.when)
            self.last = member.when if self.last is None else max(self.last, member.when)

    def absorb(self, other: Story) -> Mapping[str, float] | None:
        """Take in every member of ``other``, in time proportional to the smaller story.

        Returns:
            The terms whose weight changed, or None when every term may have.
        """
        if other.dense is not None:
            self.dense = other.dense.copy() if self.dense is None else self.dense + other.dense
        swapped = len(other.total) > len(self.total)
        if swapped:
            self.total, other.total = other.total, self.total
            self.shared, other.shared = other.shared, self.shared
        self.own()
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


def sparse_dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
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

    def rename(self, story_id: int, new_id: int) -> None:
        row = self._row.pop(story_id, None)
        if row is not None:
            self._row[new_id] = row
            self._story[row] = new_id

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
        # Best first, ties by story id: the same answer whichever rows the stories hold.
        k = min(k, len(self._row))
        rows = np.flatnonzero(self._story >= 0)
        best = rows[np.lexsort((self._story[rows], -sims[rows]))[:k]]
        return [int(self._story[r]) for r in best]


class OpenWindow:
    """The open stories, their term postings, the IDF table over their articles (and the
    newest ``idf_memory`` articles of closed stories), and when each closes."""

    WATCHERS = 16  # small stories kept per watched story, the newest

    def __init__(
        self,
        quiet_hours: float,
        max_open_articles: int,
        idf_prior_docs: float,
        dimensions: int | None = None,
        idf_memory: int = 0,
    ) -> None:
        self.quiet_hours = quiet_hours
        self.max_open_articles = max_open_articles
        self.df = DocumentFrequencies(idf_prior_docs)
        self.stories: dict[int, Story] = {}
        self.story_of: dict[int, int] = {}  # open article id -> story id
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)  # term -> story
        self.dense_index = DenseIndex(dimensions) if dimensions else None
        self.next_seq = 1
        self.newest: datetime | None = None
        # story id -> small stories that had it among their best candidates when they opened
        self.watchers: dict[int, list[int]] = {}
        self._time_heap: list[tuple[datetime, int]] = []  # (story last date, story id)
        self._seq_heap: list[tuple[int, int]] = []  # (story last arrival, story id)
        self.token: object | None = None  # the last snapshot's, until the window changes
        # The newest ``idf_memory`` articles of closed stories stay counted in ``df``:
        # article id -> (retirement number, its terms), oldest retired first.
        self.idf_memory = idf_memory
        self.retired: dict[int, tuple[int, tuple[str, ...]]] = {}
        self.next_retired = 1

    def watch(self, story_id: int, watchers: Sequence[int]) -> None:
        """Add ``watchers`` to those of ``story_id``, keeping the newest ``WATCHERS``."""
        if watchers:
            self.token = None
            kept = self.watchers.setdefault(story_id, [])
            kept.extend(i for i in watchers if i not in kept)
            del kept[: -self.WATCHERS]
            story = self.stories.get(story_id)
            if story is not None:
                story.revision = self.next_seq

    def add(
        self, member: Member, story_id: int, merged: Sequence[int] = (), watched: Sequence[int] = ()
    ) -> None:
        """Put ``member`` in ``story_id`` (opened when new), after merging ``merged`` into it.

        A story opened here watches the stories of ``watched``. The member gets the next
        arrival number; stories gone quiet close afterwards.
        """
        self.token = None
        seq = member.seq = self.next_seq
        self.df.add(member.vec)
        story = self.stories.get(story_id)
        if story is None:
            story = self.stories[story_id] = Story(story_id)
            for other_id in watched:
                self.watch(other_id, [story_id])
        changed: set[str] | None = set()
        for other_id in merged:
            other = self.stories.pop(other_id, None)
            if other is None or other_id == story_id:
                continue
            self.watch(story_id, self.watchers.pop(other_id, []))
            for term in other.total:
                self.postings[term].pop(other_id, None)
            if self.dense_index is not None:
                self.dense_index.remove(other_id)
            for m in other.members:
                self.story_of[m.id] = story_id
            terms = story.absorb(other)
            changed = None if terms is None or changed is None else changed | terms.keys()
        self.next_seq += 1
        story.add(member)
        story.revision = seq
        if self.dense_index is not None and story.dense is not None:
            self.dense_index.put(story_id, story.dense)
        self.story_of[member.id] = story_id
        total = story.total
        for term in total if changed is None else changed | member.vec.keys():
            self.postings[term][story_id] = total[term]
        heapq.heappush(self._seq_heap, (story.last_seq, story_id))
        if story.last is not None:
            heapq.heappush(self._time_heap, (story.last, story_id))
        when = member.when
        if when is not None and (self.newest is None or when > self.newest):
            self.newest = when
        self.close_stale()

    def evict_before(self, when: datetime) -> int:
        """Close every open story whose newest article is dated before ``when``.

        Returns:
            How many stories were closed.
        """
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        closed = 0
        while self._time_heap and self._time_heap[0][0] < when:
            last, sid = heapq.heappop(self._time_heap)
            story = self.stories.get(sid)
            if story is not None and story.last == last:
                self.close(sid)
                closed += 1
        return closed

    def close_stale(self) -> None:
        """Close the stories quiet for ``quiet_hours``, or ``max_open_articles`` behind."""
        if self.newest is not None:
            quiet = timedelta(hours=self.quiet_hours)
            if self.newest - datetime.min.replace(tzinfo=self.newest.tzinfo) > quiet:
                self.evict_before(self.newest - quiet)  # (a date near year 1 would overflow)
        oldest_seq = self.next_seq - 1 - self.max_open_articles
        while self._seq_heap and self._seq_heap[0][0] <= oldest_seq:
            last_seq, sid = heapq.heappop(self._seq_heap)
            story = self.stories.get(sid)
            if story is not None and story.last_seq == last_seq:
                self.close(sid)
        # Each commit pushes a fresh entry and leaves the story's old one behind; the
        # stale entries of stories closed by time would pile up to max_open_articles.
        if len(self._seq_heap) > 2 * len(self.stories) + 1024:
            self._seq_heap = [(s.last_seq, sid) for sid, s in self.stories.items()]
            heapq.heapify(self._seq_heap)
        if len(self._time_heap) > 2 * len(self.stories) + 1024:
            self._time_heap = [
                (s.last, sid) for sid, s in self.stories.items() if s.last is not None
            ]
            heapq.heapify(self._time_heap)

    def close(self, story_id: int) -> None:
        """Take a story out of the window: it takes no more articles."""
        self.token = None
        story = self.stories.pop(story_id)
        self.watchers.pop(story_id, None)
        if self.dense_index is not None:
            self.dense_index.remove(story_id)
        for m in story.members:
            self.story_of.pop(m.id, None)
            if self.idf_memory > 0:
                self.retired[m.id] = (self.next_retired, tuple(m.vec))
                self.next_retired += 1
            else:
                self.df.remove(m.vec)
        while len(self.retired) > self.idf_memory:
            self.df.remove(self.retired.pop(next(iter(self.retired)))[1])
        for term in story.total:
            posting = self.postings.get(term)
            if posting is not None:
                posting.pop(story_id, None)
                if not posting:
                    del self.postings[term]

    def snapshot(self) -> ClusterState:
        """The window as plain values; they share its sums until it changes them."""
        members = {}
        stories = {}
        for sid, story in self.stories.items():
            for m in story.members:
                members[m.id] = MemberState(sid, m.seq, m.when, m.site, m.vec)
            story.shared = True
            stories[sid] = StoryState(
                story.revision,
                story.total,
                story.norm2,
                tuple(self.watchers.get(sid, ())),
                story.dense,
            )
        self.token = object()
        return ClusterState(
            members,
            stories,
            self.next_seq,
            self.newest,
            dict(self.retired),
            self.next_retired,
            token=self.token,
        )

    def renumber(self, ids: Mapping[int, int]) -> None:
        """Rename the stories of ``ids`` (id -> new id), in place."""
        if not ids:
            return
        self.token = None
        for old, new in ids.items():
            story = self.stories.pop(old, None)
            if story is None:
                continue
            story.id = new
            self.stories[new] = story
            for m in story.members:
                self.story_of[m.id] = new
            for term in story.total:
                posting = self.postings[term]
                posting[new] = posting.pop(old)
            if self.dense_index is not None:
                self.dense_index.rename(old, new)
            if old in self.watchers:
                self.watchers[new] = self.watchers.pop(old)
        for kept in self.watchers.values():
            kept[:] = [ids.get(i, i) for i in kept]
        self._seq_heap = [(s.last_seq, sid) for sid, s in self.stories.items()]
        heapq.heapify(self._seq_heap)
        self._time_heap = [(s.last, sid) for sid, s in self.stories.items() if s.last is not None]
        heapq.heapify(self._time_heap)

    def restore(self, state: ClusterState, embeddings: Mapping[int, Vectors]) -> None:
        """Take the window of ``state`` (into an empty window): the same window exactly.

        Args:
            state: what ``snapshot`` returned, or its rows read back.
            embeddings: the articles' embeddings by id, when the window has a dense index.
        """
        for article_id, (rank, terms) in sorted(state.retired.items(), key=lambda r: r[1][0]):
            self.df.add(terms)
            self.retired[article_id] = (rank, terms)
        self.next_retired = state.next_retired
        for article_id, m in sorted(state.members.items(), key=lambda item: item[1].seq):
            self.df.add(m.vector)
            story = self.stories.get(m.story_id)
            if story is None:
                story = self.stories[m.story_id] = Story(m.story_id)
            story.members.append(
                Member(article_id, m.vector, m.when, m.site, embeddings.get(article_id), m.seq)
            )
            self.story_of[article_id] = m.story_id
            story.last_seq = max(story.last_seq, m.seq)
            if m.when is not None:
                if m.site:
                    bisect.insort(story.sites.setdefault(m.site, []), m.when)
                story.first = m.when if story.first is None else min(story.first, m.when)
                story.last = m.when if story.last is None else max(story.last, m.when)
        for sid, saved in state.stories.items():
            story = self.stories[sid]
            story.total = dict(saved.total)  # its own: the window adds to it in place
            story.norm2 = saved.norm2
            story.revision = saved.revision
            for term, weight in story.total.items():
                self.postings[term][sid] = weight
            if saved.dense is not None:
                story.dense = saved.dense  # never changed in place
                if self.dense_index is not None:
                    self.dense_index.put(sid, story.dense)
            if saved.watchers:
                self.watchers[sid] = list(saved.watchers)
            self._seq_heap.append((story.last_seq, sid))
            if story.last is not None:
                self._time_heap.append((story.last, sid))
        heapq.heapify(self._seq_heap)
        heapq.heapify(self._time_heap)
        self.next_seq = state.next_seq
        self.newest = state.newest
        self.token = None
