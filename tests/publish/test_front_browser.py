"""The front page of real dated news, in a real browser (Debian chromium via Playwright).

The whole pipeline runs on the AllSides stream (its last dev week, in tests/fixtures;
the demo and the whole dev stream in the slow tests), with the outlets' AllSides ratings
imported as an operator would. The front page must lead with a story of several
outlets, show sections, date stories by their reports (2021, not the day of the run)
and mark blindspots exactly where the rule says. Screenshots (desktop and a 390-pixel
phone) go to test-artifacts/publish/.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.config import load_config
from newsdesk.evaluate.data import iter_records
from newsdesk.pipeline import run
from newsdesk.publish.ranking import blindspot
from newsdesk.ratings import read_ratings
from newsdesk.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium_bin")]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "datasets"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "publish"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SECTIONS = ["World", "U.S.", "Politics", "Business", "Health", "Science and Technology"]


@pytest.fixture(scope="module")
def chromium(chromium_bin: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_bin), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def stream_site(folder: Path, stream: Path) -> Path:
    """Run the pipeline on an AllSides stream file with its outlets' ratings; the site."""
    ratings = io.StringIO()
    ratings.write("outlet,rating\n")
    for outlet, stance in sorted({(r["outlet"], r["stance"]) for r in iter_records(stream)}):
        ratings.write(f'"{outlet}",{stance}\n')
    config_path = folder / "newsdesk.toml"
    config_path.write_text(
        f'[store]\nurl = "newsdesk.db"\n\n[extract]\nmin_words = 25\n\n'
        f'[site]\ndir = "site"\ntitle = "AllSides stream"\n\n'
        f'[[sources]]\nurl = "{stream}"\nkind = "jsonl"\nname = "AllSides stream"\n',
        encoding="utf-8",
    )
    config = load_config(config_path, env={})
    store = open_store(config.store_url)
    try:
        found = read_ratings(ratings.getvalue().encode("utf-8"), "ratings.csv")
        store.save_outlet_ratings({k: v for r in found for k, v in r.keys().items()})
        run(config, store)
    finally:
        store.close()
    return config.path_of("site.dir")


def check_front_page(chromium: Any, site: Path, name: str) -> None:
    """What the front page of real news must show; screenshots of it."""
    manifest = json.loads((site / ".newsdesk-manifest.json").read_text("utf-8"))["stories"]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.goto((site / "index.html").as_uri())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-front-desktop.png"), full_page=True)

    def outlets(item: Any) -> int:
        found = re.search(r"(\d+) outlets?", item.locator(".meta").first.inner_text())
        assert found, item.inner_text()
        return int(found.group(1))

    lead = page.locator("main article.lead")
    assert outlets(lead) >= 2
    ranked = [outlets(item) for item in page.locator("main section.top article.item").all()]
    assert ranked and ranked == sorted(ranked, key=lambda n: n < 2)  # no single before a multi
    nav = page.locator("header nav a").all_inner_texts()
    assert all(section in nav for section in SECTIONS)
    kickers = set(page.locator("main .kicker a").evaluate_all("as => as.map(a => a.textContent)"))
    assert len(kickers) >= 3 and kickers <= set(nav)
    years = {t[:4] for t in page.locator("main time").evaluate_all("ts => ts.map(t => t.dateTime)")}
    assert years == {"2021"}, years  # the reports' dates, not the run's
    today = datetime.now(UTC).strftime("%-d %b %Y")
    assert today not in page.locator("main").inner_text()
    # Blindspot labels exactly where the rule applies, on every story of the Latest page.
    page.goto((site / "latest.html").as_uri())
    for item in page.locator("main article.item").all():
        story = item.locator("h2 a").get_attribute("href").rsplit("/", 1)[1].split(".")[0]
        expected = blindspot(manifest[story]["leanings"])
        labels = item.locator(".blindspot").all_inner_texts()
        assert labels == ([f"Blindspot for the {expected}"] if expected else []), story
    context.close()
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    small = phone.new_page()
    small.goto((site / "index.html").as_uri())
    small.screenshot(path=str(ARTIFACTS / f"{name}-front-phone.png"), full_page=True)
    overflow = small.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    phone.close()
    assert problems == []


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the stream's last dev week (tests/fixtures)."""
    folder = tmp_path_factory.mktemp("week")
    return stream_site(folder, FIXTURES / "allsides-stream" / "dev.jsonl.gz")


def test_front_page_of_a_week_of_the_stream(chromium: Any, week: Path) -> None:
    check_front_page(chromium, week, "stream-week")


def test_timeline_labels_stay_apart_and_whole(chromium: Any, week: Path) -> None:
    """Issue 22: "13:30 UTC27 Aug" overlapped and "New York Times (New..." was cut."""
    site = week
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    checked = 0
    for story in sorted((site / "stories").glob("*.html")):
        page.goto(story.as_uri())
        if not page.locator("svg.timeline").count():
            continue
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('svg.timeline text.tick')].map(t => {
                 const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; })"""
        )
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (story.name, boxes)
        labels = page.evaluate(
            """() => [...document.querySelectorAll('svg.timeline text.label')].map(t => {
                 const b = t.getBBox();
                 const words = [...t.querySelectorAll('tspan')].map(s => s.textContent);
                 return [words.join(' '), b.x]; })"""
        )
        names = {
            th.strip() for th in page.locator("section.coverage th[scope=row]").all_inner_texts()
        }
        assert {" ".join(text.split()) for text, _ in labels} == names
        assert all(x >= 0 for _, x in labels), labels  # nothing runs off the left edge
        checked += 1
    context.close()
    assert checked >= 10


@pytest.mark.slow
def test_front_page_of_the_demo(chromium: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    check_front_page(chromium, tmp_path / "demo" / "site", "demo")


@pytest.mark.slow
def test_front_page_of_the_dev_stream(
    chromium: Any, tmp_path: Path, data_dir: Callable[[str], Path]
) -> None:
    site = stream_site(tmp_path, data_dir("allsides-stream") / "dev.jsonl.gz")
    check_front_page(chromium, site, "dev-stream")
