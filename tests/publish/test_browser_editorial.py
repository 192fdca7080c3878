"""Editorial pages in a real browser (issue 20): a story with a Perspectives section, a
story of opinion alone (labelled on its page, in the feeds, never first on the home
page), and a line where outlets disagree on a figure.

The whole pipeline runs on real AllSides stream articles
(tests/fixtures/write/allsides-stream-sample.jsonl, read as a JSONL archive with no
label), and Debian's chromium opens the published pages; without chromium these tests
skip, except under CI.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk.evaluate.stream import product_records, run_stream
from newsdesk.pipeline import run

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium_bin")]

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "write" / "allsides-stream-sample.jsonl"
ROWS = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _site(folder: Path, rows: list[dict[str, Any]]) -> Path:
    run_stream(product_records(rows), folder, None, run)
    return folder / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two newsrooms: the Facebook ban (a data report and two columns) with the Gaza
    strikes; and the two columns alone with the Senate's hate crimes bill."""
    mixed = [r for r in ROWS if r["cluster_id"] in ("as-6069", "as-6054")]
    views = [
        r
        for r in ROWS
        if r["cluster_id"] == "as-6110"
        or (r["cluster_id"] == "as-6069" and r["opinion_tag"] == "OPINION")
    ]
    return (
        _site(tmp_path_factory.mktemp("mixed"), mixed),
        _site(tmp_path_factory.mktemp("views"), views),
    )


@pytest.fixture(scope="module")
def page(chromium_bin: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_bin), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


def _story_pages(site: Path) -> list[Path]:
    return sorted((site / "stories").rglob("*.html"))


def _open_with(page: Any, site: Path, text: str) -> Path:
    for path in _story_pages(site):
        if text in path.read_text(encoding="utf-8"):
            page.goto(path.as_uri())
            return path
    raise AssertionError(f"no story page holds {text!r}")


def test_a_story_page_with_perspectives(sites: tuple[Path, Path], page: Any) -> None:
    mixed, _ = sites
    _open_with(page, mixed, 'id="perspectives-heading"')
    section = page.locator("section.perspectives")
    assert section.get_by_role("heading", name="Perspectives").is_visible()
    lines = section.locator("li")
    assert lines.count() == 2
    texts = lines.all_inner_texts()
    # Its sentences report; its title argues. Only the text's voice calls it a view.
    assert any(t.startswith("The Daily Signal published a commentary headlined") for t in texts)
    # Each line links to the piece and to its entry in the Sources list.
    link = section.locator("li a[rel~=nofollow]").first
    assert link.get_attribute("href", timeout=2000).startswith("https://www.")
    mark = section.locator("sup.cite a").first.get_attribute("href")
    assert page.locator(mark).count() == 1
    # The neutral text above it is the report's, not the columns'.
    body = page.locator("div.body").inner_text() + page.locator("p.dek").inner_text()
    assert "Oversight Board is wrong" not in body
    assert page.locator("#views-only").count() == 0


def test_a_story_of_opinion_alone_is_labelled_and_never_leads(
    sites: tuple[Path, Path], page: Any
) -> None:
    _, views = sites
    _open_with(page, views, 'id="views-only"')
    label = page.locator("#views-only")
    assert label.is_visible() and "Opinion and analysis only" in label.inner_text()
    assert (
        "argues that" in page.locator("p.dek").inner_text()
        or "published" in page.locator("p.dek").inner_text()
    )
    page.goto((views / "index.html").as_uri())
    first = page.locator("main article.lead, main article.item").first  # the lead, then the rest
    assert first.locator("p.label").count() == 0  # the news story leads
    assert page.locator("main article.item p.label", has_text="Opinion and analysis").count() == 1
    for feed in ("rss.xml", "atom.xml", "feed.json"):
        text = (views / "feeds" / feed).read_text(encoding="utf-8")
        # Labelled once: by the writer ("Commentary: ..." where no page marks the kind),
        # else by the feed.
        assert "Commentary: " in text and "Opinion and analysis: Commentary" not in text


def test_a_disagreement_line(sites: tuple[Path, Path], page: Any) -> None:
    mixed, _ = sites
    _open_with(page, mixed, "The figures differ by outlet")
    line = page.get_by_text("The figures differ by outlet")
    assert line.is_visible()
    text = line.inner_text().split("The figures differ by outlet:")[1]
    assert ("reported 26" in text and "28" in text) or ("reported 28" in text and "26" in text)
    # Both outlets are cited: the line's two marks follow it.
    marks = page.locator("div.body").inner_html().split("The figures differ by outlet")[1]
    assert marks.split("</p>")[0].count('class="cite"') == 2
    # The other outlet's "28 Palestinians" sentence is not printed beside it as well.
    story = page.locator("p.dek").inner_text() + page.locator("div.body").inner_text()
    # Whichever outlet's telling came first, the other's is left out.
    assert ("At least 28 Palestinians" in story) != ("Of the 26 people who died" in story)
