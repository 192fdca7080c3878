"""The site in a real browser: Debian's chromium, driven by Playwright, against `serve`.

Needs Debian's chromium (`apt-get install chromium`; Playwright's own browser download is
never used), found by the ``chromium_bin`` fixture (tests/conftest.py): without it these
tests skip, except under CI, where they fail. Screenshots go to test-artifacts/publish/.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from newsroom_data import NOW, Newsroom, add_hostile_story, build_newsroom

from newsdesk.pipeline import run_publish

# chromium is looked for before the module's site is built and served.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium_bin")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "publish"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, neus_records: list[dict[str, Any]]
) -> Iterator[tuple[Newsroom, int, str]]:
    """The six-story newsroom plus the hostile story, published and served by `serve`."""
    room = build_newsroom(tmp_path_factory.mktemp("served"), neus_records)

    hostile_id = add_hostile_story(room.store, NOW)
    run_publish(room.store, room.options)
    port = _free_port()
    code = (
        "import sys; from pathlib import Path; from newsdesk.publish import serve; "
        "serve(sys.argv[1], Path(sys.argv[2]), '127.0.0.1', int(sys.argv[3]), sys.argv[4])"
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            room.store.path,
            str(room.options.out_dir),
            str(port),
            room.options.title,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("serve did not start: " + server.stderr.read().decode()[-2000:])
            time.sleep(0.1)
        yield room, hostile_id, base
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()
        room.store.close()


class Browser:
    """One chromium page that records console errors, page errors and dialogs."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def chromium(chromium_bin: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_bin), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium: Any) -> Iterator[Browser]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = Browser(context.new_page())
    yield page
    context.close()
    assert page.problems == [], page.problems


def test_home_story_citation_and_back(served: tuple[Newsroom, int, str], browser: Browser) -> None:
    room, _, base = served
    page = browser.page
    page.goto(base + "/")
    browser.shot("home-desktop")
    headlines = page.locator("main article.lead h2 a, main article.item h3 a")
    assert headlines.count() == len(room.story_ids) + 1
    # Every story is on the ranked list, so the sidebar has nothing else to show.
    assert page.locator("aside.headlines li").count() == 0
    story_id = room.story_ids[0]
    page.locator(f'main a[href="stories/{story_id}.html"]').click()
    page.wait_for_load_state()
    assert page.url == f"{base}/stories/{story_id}.html"
    headline = room.store.versions(story_id)[-1].draft.headline
    assert page.locator("h1").inner_text() == headline
    assert page.locator("section.coverage svg circle").count() == 3
    browser.shot("story-desktop")
    mark = page.locator("article .body sup.cite a").first
    target = mark.get_attribute("href")
    mark.click()
    assert page.url.endswith(target)
    cited = page.locator(target)
    assert cited.is_visible() and cited.evaluate("e => e.matches(':target')")
    link = cited.locator("a.original")
    assert link.get_attribute("href").startswith("https://outlet-")
    outlet = cited.locator("a.outlet")
    outlet_name = outlet.inner_text()
    outlet.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Stories covered by {outlet_name}"
    browser.shot("outlet-listing")


def test_search_without_javascript(served: tuple[Newsroom, int, str], chromium: Any) -> None:
    room, _, base = served
    context = chromium.new_context(java_script_enabled=False)
    browser = Browser(context.new_page())
    page = browser.page
    page.goto(base + "/")
    headline = room.store.versions(room.story_ids[3])[-1].draft.headline
    word = max(headline.split(), key=len).strip(".,'\"‘’“”")
    page.fill("#site-search", word)
    page.press("#site-search", "Enter")
    page.wait_for_load_state()
    assert "/search.html?q=" in page.url
    results = page.locator("ol.results h2 a")
    assert results.count() >= 1
    assert headline in results.all_inner_texts()
    assert page.locator("ol.results mark").count() >= 1
    browser.shot("search-results")
    page.locator("ol.results h2 a", has_text=headline).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == headline
    context.close()
    assert browser.problems == []


def test_hostile_story_renders_as_text_and_runs_nothing(
    served: tuple[Newsroom, int, str], browser: Browser
) -> None:
    _room, hostile_id, base = served
    page = browser.page
    page.goto(f"{base}/stories/{hostile_id}.html")
    browser.shot("hostile-story")
    for element in page.locator("section.sources a.outlet").all():
        element.hover()
    for mark in page.locator("sup.cite a").all():
        mark.click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("h1").inner_text() == (
        'Storm Hits Coast <script>window.__pwned = "headline"</script>'
    )
    assert page.locator("script:not([type='application/ld+json'])").count() == 0
    assert page.locator("main img, main iframe, main b, main object").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    sources = page.locator("section.sources").inner_text()
    assert "<script>window.__pwned='title'</script>Storm reaches the coast" in sources
    assert page.locator("section.sources a.original").count() == 1
    assert "🌊" in page.locator("article.story").inner_text()


def test_phone_layout_has_no_sideways_scroll(
    served: tuple[Newsroom, int, str], chromium: Any
) -> None:
    room, hostile_id, base = served
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    browser = Browser(context.new_page())
    page = browser.page
    for path, name in (
        (f"/stories/{room.story_ids[0]}.html", "story-phone"),
        ("/", "home-phone"),
        (f"/stories/{hostile_id}.html", "hostile-phone"),
    ):
        page.goto(base + path)
        browser.shot(name)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, overflow)
    context.close()
    assert browser.problems == []


def test_merged_story_redirects_in_the_browser(
    served: tuple[Newsroom, int, str], browser: Browser
) -> None:
    room, _, base = served
    survivor, gone = room.story_ids[4], room.story_ids[5]

    room.store.merge_stories(survivor, [gone], NOW)
    run_publish(room.store, room.options)
    page = browser.page
    page.goto(f"{base}/stories/{gone}.html")
    page.wait_for_url(f"{base}/stories/{survivor}.html")
    assert page.locator("h1").inner_text() == room.store.versions(survivor)[-1].draft.headline
