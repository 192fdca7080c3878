"""The operator's controls over what is published, as a newsroom has them.

- ``correct``: a correction note, shown with the story from then on; the story gets a new
  version (its text as it was) whose history line is the note, so its history keeps every
  earlier version. A corrected story is still rewritten when its sources change.
- ``retract``: the story stays at its address under a retraction note and is never
  rewritten; listings and feeds mark it, the next digest says so.
- ``suppress``: the story leaves the site, the feeds, the API, search, exports and
  digests; its address answers that it was removed. The note is for the record only.
- ``restore``: undoes a retraction or a suppression.

Each is one transaction (note, status, version); the next publish run shows it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from newsdesk.errors import ControlError
from newsdesk.models import NoteKind, StoryNote, StoryStatus
from newsdesk.store.base import Store

_HISTORY_LINE = {
    NoteKind.CORRECTION: "Correction: ",
    NoteKind.RETRACTION: "Retracted: ",
    NoteKind.RESTORATION: "Restored: ",
}
# What each control needs the story's status to be, and what it makes it.
_FROM = {
    NoteKind.CORRECTION: {StoryStatus.LIVE},
    NoteKind.RETRACTION: {StoryStatus.LIVE},
    NoteKind.SUPPRESSION: {StoryStatus.LIVE, StoryStatus.RETRACTED},
    NoteKind.RESTORATION: {StoryStatus.RETRACTED, StoryStatus.SUPPRESSED},
}
_TO = {
    NoteKind.CORRECTION: StoryStatus.LIVE,
    NoteKind.RETRACTION: StoryStatus.RETRACTED,
    NoteKind.SUPPRESSION: StoryStatus.SUPPRESSED,
    NoteKind.RESTORATION: StoryStatus.LIVE,
}
MAX_NOTE = 2000


def apply_note(
    store: Store, story_id: int, kind: NoteKind, note: str, now: datetime | None = None
) -> StoryNote:
    """Correct, retract, suppress or restore a story, with the operator's note.

    Args:
        store: the store.
        story_id: the story (not one merged into another).
        kind: which control.
        note: what readers (or, for a suppression, the record) are told; not empty.
        now: the note's time; the current time when None.

    Returns:
        The note as recorded.

    Raises:
        ControlError: no such story, merged, never published, an empty note, or a
            control that does not apply to the story's status.
    """
    text = " ".join(note.split())
    if not text:
        raise ControlError("a note is required: say what changed and why (--note)")
    if len(text) > MAX_NOTE:
        raise ControlError(f"the note is {len(text)} characters; at most {MAX_NOTE}")
    story = store.story(story_id)
    if story is None:
        raise ControlError(f"no story {story_id}")
    if story.merged_into is not None:
        raise ControlError(f"story {story_id} was merged into {story.merged_into}; act on that")
    versions = store.versions(story_id)
    if not versions:
        raise ControlError(f"story {story_id} has no published version yet")
    if story.status not in _FROM[kind]:
        raise ControlError(f"story {story_id} is {story.status.value}: it cannot take a {kind}")
    now = now or datetime.now(UTC)
    latest = versions[-1]
    new_version = None
    # Suppressions leave no public trace; restoring a suppressed story shows it as it was.
    if kind in _HISTORY_LINE and not (
        kind is NoteKind.RESTORATION and story.status is StoryStatus.SUPPRESSED
    ):
        new_version = replace(
            latest,
            version=latest.version + 1,
            created_at=now,
            what_changed=_HISTORY_LINE[kind] + text,
        )
    recorded = StoryNote(
        story_id=story_id,
        kind=kind,
        note=text,
        version=(new_version or latest).version,
        created_at=now,
    )
    store.add_story_note(recorded, _TO[kind], new_version)
    return recorded


def block_source(store: Store, url: str, note: str, now: datetime | None = None) -> None:
    """Stop every run reading the source at ``url`` (its stories stay as they are).

    Raises:
        ControlError: no stored source has that URL, or the note is empty.
    """
    text = " ".join(note.split())
    if not text:
        raise ControlError("a note is required: say why the source is blocked (--note)")
    if not store.block_source(url, text[:MAX_NOTE], now or datetime.now(UTC)):
        raise ControlError(f"no source {url!r} (newsdesk sources list shows them)")
