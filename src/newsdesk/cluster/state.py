"""The clusterer's saved state: its open window, exactly, as plain values and as rows.

Everything the clusterer decides by, beyond the new article, is here: each open article's
term vector as it was weighed when it joined (IDF moves on; a vector weighed again would
score differently), each open story's summed vector and squared length as they were
summed (floating-point sums depend on their order, and merges change it), its summed
embedding, the stories watching it, the arrival counter and the newest date seen, and
the terms of the closed stories' articles that the IDF table still counts. A
clusterer rebuilt from it decides exactly as the one that saved it, so a run resumed
after a kill, or the next run, goes on as one uninterrupted run would
(docs/decisions/cluster.md, "Kill-safe state").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np

from newsdesk.embed import Vectors
from newsdesk.models import ClusterWindowRows, MemberRow, RetiredRow, StoryRow


@dataclass(frozen=True, slots=True)
class MemberState:
    """One article of an open story: its story, arrival number, date, outlet and vector."""

    story_id: int
    seq: int
    when: datetime | None
    site: str
    vector: Mapping[str, float]


@dataclass(frozen=True, slots=True, eq=False)
class StoryState:
    """One open story's sums, and the small stories that watch it.

    ``revision`` is the arrival number of the last article that changed it, so that a
    caller can tell what changed since an earlier state without comparing sums.
    """

    revision: int
    total: Mapping[str, float]
    norm2: float
    watchers: tuple[int, ...] = ()
    dense: Vectors | None = None


@dataclass(frozen=True, slots=True)
class ClusterState:
    """The open window: its articles by id, its stories by id, and two counters.

    ``clusterer`` is the clusterer the state was taken from, and ``token`` the mark of
    that snapshot: while the clusterer has not changed since (it keeps the mark), a call
    given this state goes on with it instead of rebuilding one; the rest of the state is
    the whole truth, and what is saved.
    """

    members: Mapping[int, MemberState] = field(default_factory=dict)
    stories: Mapping[int, StoryState] = field(default_factory=dict)
    next_seq: int = 1
    newest: datetime | None = None
    # Articles of closed stories still counted in the IDF table: id -> (number, terms).
    retired: Mapping[int, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    next_retired: int = 1
    # The StoryClusterer (``stage.live_clusterer`` reads it: no import back from here).
    clusterer: object | None = field(default=None, compare=False, repr=False)
    token: object | None = field(default=None, compare=False, repr=False)

    def story_members(self) -> dict[int, list[int]]:
        """Open story id -> the ids of its articles, in arrival order."""
        out: dict[int, list[int]] = {sid: [] for sid in self.stories}
        for article_id, member in sorted(self.members.items(), key=lambda m: m[1].seq):
            out.setdefault(member.story_id, []).append(article_id)
        return out

    def renumbered(self, ids: Mapping[int, int]) -> ClusterState:
        """The same state with the stories of ``ids`` (id -> new id) renamed."""
        if not ids:
            return self

        def new(i: int) -> int:
            return ids.get(i, i)

        return ClusterState(
            members={
                a: m if m.story_id not in ids else replace(m, story_id=ids[m.story_id])
                for a, m in self.members.items()
            },
            stories={
                new(sid): replace(s, watchers=tuple(new(i) for i in s.watchers))
                for sid, s in self.stories.items()
            },
            next_seq=self.next_seq,
            newest=self.newest,
            retired=self.retired,
            next_retired=self.next_retired,
        )


def state_rows(state: ClusterState, since: ClusterState | None = None) -> ClusterWindowRows:
    """The rows that turn the saved ``since`` into ``state`` (every row without it)."""
    before = since or ClusterState()
    stories = {
        sid: _story_row(s)
        for sid, s in state.stories.items()
        if (old := before.stories.get(sid)) is None or old.revision != s.revision
    }
    members = {}
    moved = {}
    for article_id, m in state.members.items():
        old_member = before.members.get(article_id)
        if old_member is None:
            terms, weights = _vector_columns(m.vector)
            value = json.dumps({"when": _iso(m.when), "site": m.site}, ensure_ascii=False)
            members[article_id] = MemberRow(m.story_id, m.seq, value, terms, weights)
        elif old_member.story_id != m.story_id:
            moved[article_id] = m.story_id
    clock = json.dumps(
        {
            "next_seq": state.next_seq,
            "newest": _iso(state.newest),
            "next_retired": state.next_retired,
        }
    )
    return ClusterWindowRows(
        clock,
        stories,
        members,
        moved,
        tuple(sid for sid in before.stories if sid not in state.stories),
        tuple(a for a in before.members if a not in state.members),
        {
            a: RetiredRow(rank, "\n".join(terms))
            for a, (rank, terms) in state.retired.items()
            if a not in before.retired
        },
        tuple(a for a in before.retired if a not in state.retired),
    )


def state_of_rows(rows: ClusterWindowRows) -> ClusterState:
    """The state that ``state_rows`` wrote (an empty one when nothing was saved)."""
    if rows.clock is None:
        return ClusterState()
    clock = json.loads(rows.clock)
    members = {}
    for article_id, m in rows.members.items():
        saved = json.loads(m.value)
        vector = _vector_of(m.terms, m.weights)
        members[article_id] = MemberState(
            m.story_id, m.seq, _from_iso(saved["when"]), saved["site"], vector
        )
    stories = {}
    for story_id, row in rows.stories.items():
        saved = json.loads(row.value)
        stories[story_id] = StoryState(
            saved["revision"],
            _vector_of(row.terms, row.weights),
            saved["norm2"],
            tuple(saved["watchers"]),
            None if row.dense is None else np.frombuffer(row.dense, dtype="<f4").copy(),
        )
    retired = {
        a: (row.rank, tuple(row.terms.split("\n")) if row.terms else ())
        for a, row in rows.retired.items()
    }
    return ClusterState(
        members,
        stories,
        clock["next_seq"],
        _from_iso(clock["newest"]),
        retired,
        clock.get("next_retired", 1),  # a window saved before migration 0011 has none
    )


def _story_row(story: StoryState) -> StoryRow:
    value = json.dumps(
        {"revision": story.revision, "norm2": story.norm2, "watchers": list(story.watchers)}
    )
    terms, weights = _vector_columns(story.total)
    dense = None if story.dense is None else story.dense.astype("<f4").tobytes()
    return StoryRow(value, terms, weights, dense)


def _vector_columns(vector: Mapping[str, float]) -> tuple[str, bytes]:
    """A term vector as its terms, one a line (terms hold no white space), and weights."""
    weights = np.fromiter(vector.values(), dtype="<f8", count=len(vector))
    return "\n".join(vector), weights.tobytes()


def _vector_of(terms: str, weights: bytes) -> dict[str, float]:
    values = np.frombuffer(weights, dtype="<f8").tolist()
    return dict(zip(terms.split("\n") if terms else [], values, strict=True))


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _from_iso(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)
