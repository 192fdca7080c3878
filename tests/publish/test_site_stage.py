"""The publish stage on plain values: ``Site`` writes from story states and reads no store.

The states are read from the newsroom's real store, which is then closed: whatever the
site writes after that comes from the values it was given.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
from newsroom_data import Newsroom

from newsdesk.publish import Site, StoryState


def states(room: Newsroom) -> list[StoryState]:
    """Each story as the store holds it: showing itself, with versions, members, coverage."""
    store = room.store
    return [
        StoryState(
            story_id,
            story_id,
            tuple(versions := store.versions(story_id)),
            tuple(store.story_members(story_id)),
            store.coverage(story_id, versions[-1].version),
        )
        for story_id in room.story_ids
    ]


def text_of(page: Path) -> str:
    return str(lxml.html.fromstring(page.read_bytes()).text_content())


def test_a_site_is_written_from_story_states_alone(newsroom: Newsroom) -> None:
    given = states(newsroom)
    newsroom.store.close()
    out = newsroom.options.out_dir
    site = Site(newsroom.options)
    assert site.rebuild and site.shown() == {}

    done = site.write(given)
    report = site.finish()

    assert done.published == [(s.id, s.versions[-1].version) for s in given]
    assert [view.id for view in done.indexed] == [s.id for s in given]
    assert done.unindexed == []
    assert report.stories_published == len(given)
    headline = given[0].versions[-1].draft.headline
    assert headline in text_of(out / "stories" / f"{given[0].id}.html")
    assert headline in text_of(out / "index.html")


def test_merged_and_gone_stories_become_a_redirect_and_leave_the_site(
    newsroom: Newsroom,
) -> None:
    given = states(newsroom)
    newsroom.store.close()
    first = Site(newsroom.options)
    first.write(given)
    first.finish()
    merged, into, gone = given[0], given[1], given[2]

    site = Site(newsroom.options)  # the manifest the first run left
    assert not site.rebuild
    assert site.shown() == {s.id: s.id for s in given}
    done = site.write([StoryState(merged.id, into.id, merged.versions), StoryState(gone.id, None)])
    site.finish()

    assert done.unindexed == [merged.id, gone.id]
    assert done.published == [(merged.id, merged.versions[-1].version)]
    assert done.indexed == []
    page = newsroom.options.out_dir / "stories" / f"{merged.id}.html"
    assert f'url={into.id}.html"' in page.read_text(encoding="utf-8")
    shown = site.shown()
    assert shown[merged.id] == into.id and gone.id not in shown
    assert Site(newsroom.options).shown() == shown  # as the next run finds it
