"""Every list of the JSON API is paged: a ``next`` link reaches every item once (issue 19).

The store holds 230 published stories (one NeuS article each, cycled over eight clusters),
more than two pages of the largest ``limit``; a reader who follows ``next`` must see each
story exactly once, in the order of one unpaged listing, also while new stories arrive.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from newsroom_data import NOW, Newsroom, make_story, specs_of
from starlette.testclient import TestClient

from newsdesk.models import Source, SourceKind
from newsdesk.pipeline import run_publish
from newsdesk.publish import make_app
from newsdesk.publish.api import MAX_LIMIT
from newsdesk.store.sqlite import SQLiteStore

STORIES = 230


def add_stories(store: SQLiteStore, records: list[dict[str, Any]], n: int, start: int) -> None:
    """``n`` one-article stories; every third shares its newest-article time with the next."""
    for i in range(start, start + n):
        [spec] = specs_of(records[i % len(records)], NOW)[:1]
        when = NOW - timedelta(hours=10) + timedelta(minutes=3 * (i // 3))
        spec = replace(spec, url=f"{spec.url}/{i}", published_at=when)
        make_story(store, [spec], when, headline=f"{spec.title} number {i}")


@pytest.fixture
def crowded(newsroom: Newsroom, neus_records: list[dict[str, Any]]) -> Iterator[TestClient]:
    add_stories(newsroom.store, neus_records, STORIES - len(newsroom.story_ids), 0)
    run_publish(newsroom.store, newsroom.options)
    app = make_app(newsroom.store.path, newsroom.options.out_dir, title=newsroom.options.title)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def follow(client: TestClient, first: str, key: str) -> list[list[int]]:
    """The ids on each page, following ``next`` from ``first`` to the last page."""
    pages: list[list[int]] = []
    link: str | None = first
    while link is not None:
        response = client.get(link)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append([item["id"] for item in body[key]])
        link = body["next"]
        expected = f'<{link}>; rel="next"' if link else None
        assert response.headers.get("link") == expected
        assert len(pages) < 1000, "the next links go round in a circle"
    return pages


def test_every_story_is_reached_once_in_listing_order(
    crowded: TestClient, newsroom: Newsroom
) -> None:
    everything = [s.story_id for s in newsroom.store.latest_stories(limit=10**6)]
    assert len(everything) == STORIES
    for limit in (MAX_LIMIT, 7):
        pages = follow(crowded, f"/api/stories?limit={limit}", "stories")
        assert [len(p) for p in pages[:-1]] == [limit] * (len(pages) - 1)
        assert [i for page in pages for i in page] == everything
    # The default page is 30.
    first = crowded.get("/api/stories").json()
    assert len(first["stories"]) == 30 and first["next"].startswith("/api/stories?cursor=")


def test_paging_neither_repeats_nor_skips_while_stories_arrive(
    crowded: TestClient, newsroom: Newsroom, neus_records: list[dict[str, Any]]
) -> None:
    before = [s.story_id for s in newsroom.store.latest_stories(limit=10**6)]
    first = crowded.get("/api/stories", params={"limit": 50}).json()
    add_stories(newsroom.store, neus_records, 5, 1000)  # newer than every story so far
    run_publish(newsroom.store, newsroom.options)
    rest = follow(crowded, first["next"], "stories")
    seen = [s["id"] for s in first["stories"]] + [i for page in rest for i in page]
    assert seen == before


def test_sources_are_paged_in_the_order_they_were_added(
    crowded: TestClient, newsroom: Newsroom
) -> None:
    for n in range(140):
        newsroom.store.upsert_source(Source(f"https://feeds{n}.example/rss", SourceKind.FEED))
    everything = [s.id for s in newsroom.store.list_sources()]
    assert len(everything) > 140
    pages = follow(crowded, "/api/sources?limit=40", "sources")
    assert [i for page in pages for i in page] == everything
    assert len(crowded.get("/api/sources").json()["sources"]) == MAX_LIMIT


def test_search_results_are_paged(crowded: TestClient, newsroom: Newsroom) -> None:
    everything = [h.story_id for h in newsroom.store.search_stories(["number"], 10**6, 0)]
    assert len(everything) >= STORIES - len(newsroom.story_ids)
    pages = follow(crowded, "/api/search?q=number&limit=37", "results")
    assert [i for page in pages for i in page] == everything
    assert len(pages) == -(-len(everything) // 37)


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories?cursor=nonsense",
        "/api/stories?cursor=" + "A" * 300,
        "/api/stories?cursor=" + cursor("stories:12"),  # a story id with no place
        "/api/stories?cursor=" + cursor("stories:x@2025-01-01"),
        "/api/stories?cursor=" + cursor("sources:12"),  # another list's cursor
        "/api/sources?cursor=" + cursor("sources:-3"),
        "/api/sources?cursor=" + cursor("sources:" + "9" * 40),
        "/api/search?q=number&cursor=" + cursor("search:12.5"),
        "/api/search?q=number&cursor=%FF%FE",
    ],
)
def test_a_cursor_the_list_did_not_give_is_one_clear_400(crowded: TestClient, path: str) -> None:
    response = crowded.get(path)
    assert response.status_code == 400
    assert response.json() == {"error": response.json()["error"]} and response.json()["error"]


def test_a_cursor_is_read_only_by_the_list_that_gave_it(crowded: TestClient) -> None:
    stories = crowded.get("/api/stories", params={"limit": 2}).json()["next"]
    sources = crowded.get("/api/sources", params={"limit": 2}).json()["next"]
    assert crowded.get(stories).status_code == 200 and crowded.get(sources).status_code == 200
    given = stories.split("cursor=")[1]
    assert crowded.get("/api/sources", params={"cursor": given}).status_code == 400
    assert crowded.get("/api/search", params={"q": "a", "cursor": given}).status_code == 400
