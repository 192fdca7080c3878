"""The JSON API and server-side search, through the real ASGI app."""

from __future__ import annotations

from collections.abc import Iterator

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from newsroom_data import NOW, Newsroom, add_hostile_story
from schemathesis.checks import positive_data_acceptance
from starlette.testclient import TestClient

from newsdesk.pipeline import run_publish
from newsdesk.publish import make_app
from newsdesk.publish.record import STORY_SCHEMA
from newsdesk.publish.search import query_words
from newsdesk.store.sqlite import fts5_query


@pytest.fixture
def client(newsroom: Newsroom) -> Iterator[TestClient]:
    run_publish(newsroom.store, newsroom.options)
    app = make_app(newsroom.store.path, newsroom.options.out_dir, title=newsroom.options.title)
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def test_stories_list(client: TestClient, newsroom: Newsroom) -> None:
    response = client.get("/api/stories", params={"limit": 3})
    assert response.status_code == 200
    stories = response.json()["stories"]
    assert len(stories) == 3
    assert stories[0]["id"] == newsroom.story_ids[-1]
    assert stories[0]["page"] == f"/stories/{newsroom.story_ids[-1]}.html"
    assert client.get("/api/stories", params={"limit": 0}).status_code == 400
    assert client.get("/api/stories", params={"limit": "x"}).json()["error"]


def test_story_is_the_story_schema_with_citations(client: TestClient, newsroom: Newsroom) -> None:
    story_id = newsroom.story_ids[0]
    body = client.get(f"/api/stories/{story_id}").json()
    jsonschema.validate(body, STORY_SCHEMA, format_checker=jsonschema.FormatChecker())
    article_ids = {a["id"] for a in body["articles"]}
    cited = {i for s in body["sentences"] for i in s["sources"]}
    assert cited and cited <= article_ids
    assert body["verification"]["checked_claims"] == 5
    assert body["verification"]["supported_claims"] == 4
    assert len(body["verification"]["dropped"]) == 1 and not body["verification"]["fell_back"]
    assert [h["version"] for h in body["history"]] == [1]
    assert body["verification"]["rejected"] == "" and body["verification"]["translated_from"] == []
    assert {a["outlet"] for a in body["articles"]} == {"Outlet A", "Outlet B", "Outlet C"}
    assert client.get("/api/stories/999999").status_code == 404
    assert client.get("/api/stories/abc").status_code == 404
    assert client.get("/api/stories/99999999999999999999999").status_code == 404


def test_merged_story_redirects(client: TestClient, newsroom: Newsroom) -> None:
    survivor, gone = newsroom.story_ids[:2]
    newsroom.store.merge_stories(survivor, [gone], NOW)
    response = client.get(f"/api/stories/{gone}")
    assert response.status_code == 301
    assert response.headers["location"] == f"/api/stories/{survivor}"


def test_sources_hide_local_paths(client: TestClient, newsroom: Newsroom) -> None:
    from newsdesk.models import Source, SourceKind

    newsroom.store.upsert_source(Source(url="/home/ops/dumps/a.jsonl", kind=SourceKind.JSONL))
    sources = client.get("/api/sources").json()["sources"]
    assert {s["name"] for s in sources} >= {"Outlet A", "Outlet B", "Outlet C"}
    assert [s["url"] for s in sources if s["kind"] == "jsonl"] == [None]


def test_search_finds_published_stories(client: TestClient, newsroom: Newsroom) -> None:
    headline = newsroom.store.versions(newsroom.story_ids[2])[-1].draft.headline
    word = max(headline.split(), key=len).strip(".,'\"‘’“”")
    results = client.get("/api/search", params={"q": word}).json()["results"]
    assert newsroom.story_ids[2] in [r["id"] for r in results]
    assert client.get("/api/search", params={"q": 'NEAR( "x" OR * ^'}).status_code == 200
    assert client.get("/api/search").status_code == 400
    page = client.get("/search.html", params={"q": word})
    assert page.status_code == 200 and headline.split()[0] in page.text
    assert f'href="/stories/{newsroom.story_ids[2]}.html"' in page.text
    assert "<mark>" in page.text


def test_search_page_escapes_hostile_text(client: TestClient, newsroom: Newsroom) -> None:
    add_hostile_story(newsroom.store, NOW)
    run_publish(newsroom.store, newsroom.options)
    page = client.get("/search", params={"q": "storm <script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;" in page.text
    assert "Storm Hits Coast &lt;script&gt;" in page.text


def test_static_site_served_with_security_headers(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200 and "Top stories" in home.text
    assert "default-src 'none'" in home.headers["content-security-policy"]
    assert home.headers["x-content-type-options"] == "nosniff"
    assert client.get("/.newsdesk-manifest.json").status_code == 404
    assert client.get("/static/style.css").status_code == 200


def test_fts_query_quotes_every_word() -> None:
    assert fts5_query(query_words('NEAR(a b) OR "c"*')) == '"NEAR" "a" "b" "OR" "c"*'
    assert fts5_query(query_words("  ... ")) == ""


# The OpenAPI description, checked by schemathesis against the running app: each
# operation is called with parameters generated from the description, and every response
# (status, content type, body) must match what the description says.
def test_api_matches_openapi(client: TestClient) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/sources",
        "/api/search",
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case: schemathesis.Case) -> None:
            # A cursor is opaque: one the server did not give is a 400 (checked below),
            # although any string fits its schema. Every other check still applies.
            made_up = [positive_data_acceptance] if "cursor" in (case.query or {}) else []
            case.call_and_validate(excluded_checks=made_up)

        check()
