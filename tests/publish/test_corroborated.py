"""A sentence that cites two outlets (a corroborating citation) shows both, everywhere."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import lxml.html
from newsroom_data import NOW, Newsroom
from starlette.testclient import TestClient

from newsdesk.pipeline import run_publish
from newsdesk.publish import make_app
from newsdesk.publish.record import one_record


def _cite_two(room: Newsroom) -> tuple[int, tuple[int, int]]:
    """A new version of the first story whose lead cites its first two articles."""
    story_id = room.story_ids[0]
    last = room.store.versions(story_id)[-1]
    two = (last.article_ids[0], last.article_ids[1])
    draft = replace(last.draft, summary=replace(last.draft.summary, sources=two))
    room.store.save_version(
        replace(last, version=last.version + 1, draft=draft, created_at=NOW + timedelta(hours=1)),
        None,
    )
    return story_id, two


def test_a_sentence_with_two_sources_is_shown_with_both(newsroom: Newsroom) -> None:
    story_id, two = _cite_two(newsroom)
    run_publish(newsroom.store, newsroom.options)
    path = newsroom.options.out_dir / "stories" / f"{story_id}.html"
    doc = lxml.html.fromstring(path.read_bytes())
    marks = [a.get("href") for a in doc.cssselect("p.dek sup.cite a")]
    assert marks == ["#source-1", "#source-2"]
    outlets = set()
    for mark in marks:
        item = doc.get_element_by_id(mark[1:])
        outlets.add(item.cssselect("a.original")[0].get("href"))
        assert "(read, not cited)" not in item.text_content()
    assert len(outlets) == 2  # two articles, each linked
    # The API and the export (one record for both) carry the two ids.
    record = one_record(newsroom.store, story_id, newsroom.options)
    assert record is not None and record["sentences"][0]["sources"] == list(two)
    app = make_app(newsroom.store.path, newsroom.options.out_dir, title=newsroom.options.title)
    with TestClient(app) as client:
        body = client.get(f"/api/stories/{story_id}").json()
    assert body["sentences"][0]["sources"] == list(two)
    assert {a["id"] for a in body["articles"]} >= set(two)
