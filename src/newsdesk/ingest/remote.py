"""Reading remote sources (feeds, sitemaps, pages, front pages) through the fetcher.

Every source is read in its own task, so one slow or broken source never holds up the
others; the fetcher spaces the requests per host. Every response is stored before it is
parsed: a source document (a feed, a sitemap, a front page) is stored marked as done with
the reason ``source_document`` so that extraction passes over it, and each page is
stored for extraction with what the feed said about it.

Every wait has a deadline. A source has ``fetch.source_budget`` seconds: its feed or
sitemap not read by then fails it as ``source_deadline``; its pages still waiting are left
for the next run (``ingest.deferred``). A 429 or 503, on the feed or on one of its pages,
defers the source alone until its Retry-After. The stage has what is left of
``fetch.ingest_budget``, and stops within a moment of a stop request: sources still being
read then are cancelled and recorded (``ingest_deadline``, ``ingest.stopped``), what they
stored is kept, and their feeds are read whole again next time.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from newsdesk.errors import FetchError
from newsdesk.ingest.feeds import FeedItem, parse_feed
from newsdesk.ingest.health import record_failure, record_success, skip_reason
from newsdesk.ingest.http import Fetcher, FetchOptions, FetchResult, RateLimited
from newsdesk.ingest.page import discover_feeds
from newsdesk.ingest.sitemaps import Sitemap, parse_sitemap
from newsdesk.models import RawDocument, Rejected, RunReport, Source, SourceKind
from newsdesk.store.base import Store

log = logging.getLogger(__name__)

SOURCE_DOCUMENT = "source_document"  # extract_error of stored feeds, sitemaps, front pages
MAX_CHILD_SITEMAPS = 50
STOP_POLL = 0.2  # seconds between two looks at the stop request
CANCEL_GRACE = 5.0  # seconds cancelled work gets to unwind
# When the source being read in this task must be done (event-loop time); None: never.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)


@dataclass(slots=True)
class SourceReader:
    """Reads sources into the store and counts what happened in the run's report."""

    fetcher: Fetcher
    store: Store
    report: RunReport
    options: FetchOptions
    taken: set[str] = field(default_factory=set)  # page keys a source of this run fetches

    async def read(self, source: Source) -> None:
        """Read one source within its budget; failures are counted, stored and backed off.

        Raises only CancelledError, when the stage cancels it (``cancelled`` records why).
        """
        _deadline.set(asyncio.get_running_loop().time() + self.options.source_budget)
        try:
            await self._read(source)
        except FetchError as exc:
            self._source_failed(source, exc)
        except Exception as exc:  # a bug on one source must not stop the others
            log.exception("%s: reading failed", source.url)
            self._source_failed(source, FetchError(source.url, "internal_error", repr(exc)))
        else:
            if source.id is not None:
                record_success(self.store, source.id, datetime.now(UTC))

    def cancelled(self, source: Source, why: str) -> None:
        """Record a source the stage cancelled: ``stopped`` (counted) or a deadline (an error)."""
        if why == "stopped":
            self.report.count("ingest.stopped")
            return
        budget = self.options.ingest_budget
        log.warning("%s: cancelled at the ingest stage's deadline", source.url)
        self.report.error(f"ingest.{why}")
        self.store.record_item_error(
            self.report.id, "ingest", source.url, why, f"fetch.ingest_budget ({budget:g}s) spent"
        )

    def _source_failed(self, source: Source, exc: FetchError) -> None:
        log.warning("%s: %s", source.url, exc)
        detail = exc.detail or str(exc)
        if exc.url != source.url:  # one of its pages, or its feed on a front page
            detail = f"{exc.url}: {detail}"
        self.report.error(f"ingest.{exc.reason}")
        self.store.record_item_error(self.report.id, "ingest", source.url, exc.reason, detail)
        if source.id is not None:
            health = record_failure(self.store, source.id, exc, datetime.now(UTC), detail)
            if health.retired_at is not None:
                self.report.count("ingest.sources_retired")

    async def _read(self, source: Source) -> None:
        if source.kind is SourceKind.FEED:
            await self._feed(source, source.url)
        elif source.kind is SourceKind.SITEMAP:
            await self._sitemap(source)
        elif source.kind is SourceKind.PAGE:
            await self._page(source)
        elif source.kind is SourceKind.FRONT_PAGE:
            await self._front_page(source)
        else:
            raise FetchError(source.url, "unsupported_kind", source.kind.value)

    async def _get(
        self, url: str, *, conditional: bool = True, remember: bool = True
    ) -> FetchResult:
        """The fetcher's ``get`` of a source document, within the source's deadline."""
        try:
            async with asyncio.timeout_at(_deadline.get()):
                return await self.fetcher.get(url, conditional=conditional, remember=remember)
        except TimeoutError as exc:
            budget = self.options.source_budget
            raise FetchError(
                url, "source_deadline", f"fetch.source_budget ({budget:g}s) spent"
            ) from exc

    # -- source kinds -------------------------------------------------------------
    async def _feed(self, source: Source, url: str) -> None:
        # Validators are stored only once every item is in: a run that stops half-way, or
        # whose pages failed, reads the whole feed again next time instead of a 304.
        result = await self._get(url, remember=False)
        if result.not_modified:
            self.report.count("ingest.not_modified")
            return
        self._keep_source_document(source, result)
        feed = parse_feed(
            result.body, result.final_url, result.content_type, self.options.max_items_per_feed
        )
        if isinstance(feed, Rejected):
            raise FetchError(url, feed.reason, feed.detail)
        self.report.count("ingest.feeds_read")
        if feed.partial:
            self._item_error(
                url, Rejected("feed_partial", "malformed; items before the break kept")
            )
        if feed.no_link:
            self._item_error(url, Rejected("item_no_link", f"{feed.no_link} items"), feed.no_link)
        self.report.count("ingest.over_item_limit", feed.over_limit)
        if await self._items(source, feed.items) == 0:
            self.fetcher.remember(result)

    async def _sitemap(self, source: Source) -> None:
        since = datetime.now(UTC) - timedelta(days=self.options.sitemap_days)
        result = await self._get(source.url, remember=False)
        if result.not_modified:
            self.report.count("ingest.not_modified")
            return
        read = [result]  # remembered once every page is in, as for feeds
        sitemap = self._parse_sitemap(source, result, since)
        if isinstance(sitemap, Rejected):
            raise FetchError(source.url, sitemap.reason, sitemap.detail)
        items = list(sitemap.items)
        for child_url in sitemap.children[:MAX_CHILD_SITEMAPS]:
            if len(items) >= self.options.max_items_per_feed:
                break
            try:
                child_result = await self._get(child_url, remember=False)
            except RateLimited:
                raise  # the site asked to come back later: the whole source waits
            except FetchError as exc:
                if exc.reason == "source_deadline":
                    raise
                self._item_error(child_url, Rejected(exc.reason, exc.detail))
                continue
            if child_result.not_modified:
                self.report.count("ingest.not_modified")
                continue
            read.append(child_result)
            child = self._parse_sitemap(source, child_result, since)
            if isinstance(child, Rejected):
                self._item_error(child_url, child)
                continue
            items.extend(child.items)
        limit = self.options.max_items_per_feed
        self.report.count("ingest.over_item_limit", max(0, len(items) - limit))
        if await self._items(source, items[:limit]) == 0:
            for fetched in read:
                self.fetcher.remember(fetched)

    def _parse_sitemap(
        self, source: Source, result: FetchResult, since: datetime
    ) -> Sitemap | Rejected:
        self._keep_source_document(source, result)
        sitemap = parse_sitemap(
            result.body,
            result.final_url,
            since=since,
            max_items=self.options.max_items_per_feed,
            max_bytes=self.options.max_bytes,
        )
        if not isinstance(sitemap, Rejected):
            self.report.count("ingest.sitemaps_read")
            self.report.count("ingest.sitemap_too_old", sitemap.too_old)
        return sitemap

    async def _page(self, source: Source) -> None:
        result = await self._get(source.url)
        if result.not_modified:
            self.report.count("ingest.not_modified")
            return
        self._keep_page(source, FeedItem(key=source.url, url=source.url), result)

    async def _front_page(self, source: Source) -> None:
        result = await self._get(source.url, conditional=False)
        self._keep_source_document(source, result)
        feeds = discover_feeds(result.body, result.final_url, result.content_type)
        if not feeds:
            raise FetchError(source.url, "no_feed_found", "no <link rel=alternate> feed")
        await self._feed(source, feeds[0])

    # -- items --------------------------------------------------------------------
    async def _items(self, source: Source, items: Sequence[FeedItem]) -> int:
        """Fetch and store the pages not stored yet; returns how many are not in.

        Pages still waiting when the source's time budget is spent (a slow site, a long
        Crawl-delay) are left for the next run and counted as ``ingest.deferred``; so are
        those still waiting when one page answers 429 or 503, which then defers the source.

        Raises:
            RateLimited: a page answered 429 or 503.
        """
        known = self.store.known_raw([item.key for item in items])
        new = [item for item in items if item.key not in known]
        # A page two feeds of this run list is fetched once, by the first to get to it.
        todo = [item for item in new if item.key not in self.taken]
        self.taken.update(item.key for item in todo)
        elsewhere = len(new) - len(todo)  # not in yet: this feed is read whole next time
        self.report.count("ingest.known", len(items) - len(todo))
        if not todo:
            return elsewhere
        tasks = [asyncio.create_task(self._item(source, item)) for item in todo]
        deadline = _deadline.get()
        left = None if deadline is None else max(0.0, deadline - asyncio.get_running_loop().time())
        try:
            done, pending = await asyncio.wait(
                tasks, timeout=left, return_when=asyncio.FIRST_EXCEPTION
            )
        finally:  # also when this source is cancelled: its pages go with it
            for task in tasks:
                task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=CANCEL_GRACE)
        self.report.count("ingest.deferred", len(pending))
        for task in done:
            if isinstance(limited := task.exception(), RateLimited):
                raise limited
        return elsewhere + len(pending) + sum(1 for task in done if not task.result())

    async def _item(self, source: Source, item: FeedItem) -> bool:
        try:
            # A feed's page is fetched once, so its validators would never be used.
            result = await self.fetcher.get(item.url, conditional=False, remember=False, page=True)
            self._keep_page(source, item, result)
        except RateLimited:
            raise
        except FetchError as exc:
            self._item_error(item.url, Rejected(exc.reason, exc.detail or str(exc)))
            return False
        except Exception as exc:  # a bug on one page must not lose the source's others
            log.exception("%s: reading failed", item.url)
            self._item_error(item.url, Rejected("internal_error", repr(exc)[:300]))
            return False
        return True

    def _keep_page(self, source: Source, item: FeedItem, result: FetchResult) -> None:
        doc = _raw(
            result,
            item.key,
            item.url,
            source,
            "text/html",
            feed_summary=item.summary,
            feed_title=item.title,
            feed_published=item.published,
            feed_categories=item.categories,
        )
        _, changed = self.store.add_raw(doc)
        self.report.count("ingest.new" if changed else "ingest.unchanged")

    def _keep_source_document(self, source: Source, result: FetchResult) -> None:
        doc = _raw(result, result.url, result.url, source, "application/octet-stream")
        with self.store.transaction():
            raw_id, changed = self.store.add_raw(doc)
            if changed:
                self.store.mark_extracted(raw_id, SOURCE_DOCUMENT)

    def _item_error(self, where: str, rejected: Rejected, n: int = 1) -> None:
        self.report.error(f"ingest.{rejected.reason}", n)
        self.store.record_item_error(
            self.report.id, "ingest", where, rejected.reason, rejected.detail
        )


def _never() -> bool:
    return False


async def read_remote(
    sources: Sequence[Source],
    store: Store,
    report: RunReport,
    options: FetchOptions,
    *,
    budget: float | None = None,
    should_stop: Callable[[], bool] = _never,
) -> None:
    """Read every due remote source at once; retired and backing-off ones are counted.

    Args:
        sources: stored sources (with ids).
        store: where documents and source health go.
        report: the run's report.
        options: the fetcher's settings.
        budget: seconds the whole read may take (``options.ingest_budget`` when None);
            sources still being read then are cancelled and recorded as ``ingest_deadline``.
        should_stop: asked every STOP_POLL seconds; True cancels what is still being read.
    """
    now = datetime.now(UTC)
    due = []
    for source in sources:
        if source.id is not None and (why := skip_reason(store.source_health(source.id), now)):
            report.count(f"ingest.skipped_{why}")
            continue
        due.append(source)
    if not due:
        return
    loop = asyncio.get_running_loop()
    end = loop.time() + (options.ingest_budget if budget is None else budget)
    async with Fetcher(options, store) as fetcher:
        reader = SourceReader(fetcher, store, report, options)
        tasks = {asyncio.create_task(reader.read(source)): source for source in due}
        pending = set(tasks)
        while pending and not should_stop() and (left := end - loop.time()) > 0:
            _, pending = await asyncio.wait(pending, timeout=min(STOP_POLL, left))
        if not pending:
            return
        why = "stopped" if should_stop() else "ingest_deadline"
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=CANCEL_GRACE)
        for task in pending:
            reader.cancelled(tasks[task], why)


def _raw(
    result: FetchResult, key: str, url: str, source: Source, default_type: str, **feed: Any
) -> RawDocument:
    """A response as stored: ``key`` is its identity (a feed item's guid or its URL)."""
    return RawDocument(
        key=key,
        url=url,
        final_url=result.final_url,
        status=result.status,
        headers=result.headers,
        body=result.body,
        fetched_at=result.fetched_at,
        content_type=result.content_type or default_type,
        source_id=source.id,
        **feed,
    )
