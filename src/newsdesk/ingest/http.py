"""The polite, bounded async HTTP fetcher that every remote source goes through.

Per host: a limit on concurrent requests and a delay between requests (the larger of
the config's and robots.txt's Crawl-delay). A 429 or 503 fails that request with its
Retry-After (the caller defers the source); it never pauses the host or the run.
Per request: every redirect hop's host resolved once, checked and pinned (``addresses``),
robots.txt, conditional GET from the stored validators, a total deadline (connecting,
headers and body together) besides the connect and read timeouts, a redirect limit, and
a size limit on the body both as sent and once decompressed. Failures are FetchErrors
with a short reason ("timeout", "http_500", "too_large", ...) that the caller counts and
stores.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin

import httpx

from newsdesk import __version__
from newsdesk.config import Config, default
from newsdesk.errors import BlockedAddressError, FetchError
from newsdesk.ingest.addresses import is_public, pinned_transport, refuse_private, resolve
from newsdesk.ingest.limits import (
    BodyTooLarge,
    CorruptEncoding,
    UnsupportedEncoding,
    decoder_for,
)
from newsdesk.ingest.robots import (
    RobotsRules,
    SiteRobots,
    cached_rules,
    rules_from_response,
    save_rules,
)
from newsdesk.models import FetchState
from newsdesk.store.base import Store

log = logging.getLogger(__name__)

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
MAX_RETRY_AFTER = timedelta(days=1)
NOT_PAGES = ("audio/", "video/", "image/", "font/", "application/")
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/html;q=0.9, */*;q=0.5"
)
_warned_no_contact = False


class RateLimited(FetchError):
    """429 or 503: the server asked us to come back later."""

    def __init__(self, url: str, status: int, retry_after: timedelta | None) -> None:
        wait = f", Retry-After {retry_after.total_seconds():.0f}s" if retry_after else ""
        reason = "rate_limited" if status == 429 else "unavailable"
        super().__init__(url, reason, f"HTTP {status}{wait}")
        self.retry_after = retry_after


class Gone(FetchError):
    """410: the resource is gone for good."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "gone", "HTTP 410")


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """The fetcher's limits and manners, from the ``fetch.*`` settings."""

    user_agent: str = default("fetch.user_agent")
    contact: str = default("fetch.contact")
    allow_private_addresses: bool = default("fetch.allow_private_addresses")
    timeout: float = default("fetch.timeout")  # total seconds for one request, body included
    connect_timeout: float = default("fetch.connect_timeout")
    read_timeout: float = default("fetch.read_timeout")
    max_redirects: int = default("fetch.max_redirects")
    max_bytes: int = default("fetch.max_bytes")
    max_items_per_feed: int = default("fetch.max_items_per_feed")
    concurrency_per_host: int = default("fetch.concurrency_per_host")
    delay_per_host: float = default("fetch.delay_per_host")
    max_crawl_delay: float = default("fetch.max_crawl_delay")
    sitemap_days: float = default("fetch.sitemap_days")
    source_budget: float = default("fetch.source_budget")  # seconds of pages per source per run
    ingest_budget: float = default("fetch.ingest_budget")  # seconds for all sources
    obey_robots: bool = True

    @classmethod
    def from_config(cls, config: Config) -> FetchOptions:
        return cls(
            user_agent=str(config.get("fetch.user_agent")),
            contact=str(config.get("fetch.contact")),
            allow_private_addresses=bool(config.get("fetch.allow_private_addresses")),
            timeout=float(config.get("fetch.timeout")),
            connect_timeout=float(config.get("fetch.connect_timeout")),
            read_timeout=float(config.get("fetch.read_timeout")),
            max_redirects=int(config.get("fetch.max_redirects")),
            max_bytes=int(config.get("fetch.max_bytes")),
            max_items_per_feed=int(config.get("fetch.max_items_per_feed")),
            concurrency_per_host=int(config.get("fetch.concurrency_per_host")),
            delay_per_host=float(config.get("fetch.delay_per_host")),
            max_crawl_delay=float(config.get("fetch.max_crawl_delay")),
            sitemap_days=float(config.get("fetch.sitemap_days")),
            source_budget=float(config.get("fetch.source_budget")),
            ingest_budget=float(config.get("fetch.ingest_budget")),
        )

    def agent(self) -> str:
        """The User-Agent: the configured one, or newsdesk's with the operator's contact."""
        global _warned_no_contact
        if not self.contact and not self.user_agent and not _warned_no_contact:
            _warned_no_contact = True
            log.warning(
                "no operator contact configured: set fetch.contact (a URL or e-mail) so "
                "that site owners can reach you about newsdesk's requests"
            )
        base = self.user_agent or f"newsdesk/{__version__}"
        if self.contact and self.contact not in base:
            return f"{base} (+{self.contact})"
        return base


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One successful response (2xx or 304), body decoded from its Content-Encoding."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    permanent_url: str = ""  # set when every redirect on the way was permanent

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(slots=True)
class HostGate:
    """Concurrency and spacing of the requests to one host."""

    concurrency: int
    delay: float
    slots: asyncio.Semaphore = field(init=False)
    next_at: float = 0.0

    def __post_init__(self) -> None:
        self.slots = asyncio.Semaphore(max(1, self.concurrency))

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait for a slot and for this request's time. The caller's deadline bounds it."""
        loop = asyncio.get_running_loop()
        async with self.slots:
            start = max(self.next_at, loop.time())
            self.next_at = start + self.delay
            await asyncio.sleep(start - loop.time())
            yield


def parse_retry_after(value: str, now: datetime) -> timedelta | None:
    """Retry-After as seconds or as an HTTP date; None when absent or unreadable."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return min(timedelta(seconds=int(value)), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(when - now, timedelta(0)), MAX_RETRY_AFTER)


def is_page_type(content_type: str) -> bool:
    """False for media types that are plainly not a page (audio, video, images, PDF...)."""
    main = content_type.split(";", 1)[0].strip().lower()
    if not main or main.startswith("text/") or "html" in main or "xml" in main or "json" in main:
        return True
    return not main.startswith(NOT_PAGES)


def _origin(url: str) -> tuple[str, str, int]:
    """Scheme, host (as sent: lower case, IDNA) and port of an absolute http(s) URL."""
    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii")
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(url, "bad_url", str(exc)[:200]) from exc
    if parsed.scheme not in ("http", "https") or not host:
        raise FetchError(url, "bad_url", "only absolute http(s) URLs are fetched")
    return parsed.scheme, host, parsed.port or (443 if parsed.scheme == "https" else 80)


def _site(scheme: str, host: str, port: int) -> str:
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"


def _follow(url: str, base: str, location: str) -> str:
    """Where a redirect from ``base`` leads; a malformed Location is a ``bad_url``."""
    try:
        return urljoin(base, location.strip())
    except ValueError as exc:
        raise FetchError(url, "bad_url", f"redirect to {location[:200]!r}") from exc


class Fetcher:
    """Fetch URLs politely within limits; use as ``async with Fetcher(options, store)``."""

    def __init__(self, options: FetchOptions, store: Store | None = None) -> None:
        self.options = options
        self.store = store
        self.agent = options.agent()
        self._gates: dict[str, HostGate] = {}
        self._robots: dict[str, SiteRobots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._pins: dict[tuple[str, int], tuple[str, ...]] = {}  # checked addresses per host
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        timeout = httpx.Timeout(
            self.options.timeout,
            connect=self.options.connect_timeout,
            read=self.options.read_timeout,
        )
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        self._client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            transport=pinned_transport(self._pins, limits),
            headers={
                "User-Agent": self.agent,
                "Accept": ACCEPT,
                "Accept-Encoding": "gzip, deflate, br",
            },
            trust_env=False,
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- public -----------------------------------------------------------------
    async def get(
        self, url: str, *, conditional: bool = True, remember: bool = True, page: bool = False
    ) -> FetchResult:
        """GET ``url`` (or where it permanently moved), following redirects hop by hop.

        Args:
            url: an absolute http(s) URL.
            conditional: send the stored ETag/Last-Modified; a 304 comes back as a result
                with ``not_modified`` and an empty body.
            remember: store the response's validators and permanent URL now; a caller
                that must finish its work first passes False and calls ``remember`` after.
            page: an article page is wanted: a response that is plainly not text (audio,
                video, images, PDF...) fails with ``not_html`` before its body is read.

        Returns:
            The 2xx or 304 response.

        Raises:
            FetchError: with a reason; RateLimited and Gone for 429/503 and 410.
        """
        # A one-off page (conditional=False, remember=False) neither reads nor writes state.
        tracked = self.store is not None and (conditional or remember)
        state = self.store.fetch_state(url) if tracked and self.store is not None else None
        target = state.permanent_url if state is not None and state.permanent_url else url
        extra: dict[str, str] = {}
        if conditional and state is not None:
            if state.etag:
                extra["If-None-Match"] = state.etag
            if state.last_modified:
                extra["If-Modified-Since"] = state.last_modified
        start = target
        redirected, all_permanent = False, True
        seen: set[str] = set()
        for _hop in range(self.options.max_redirects + 1):
            if target in seen:
                raise FetchError(url, "redirect_loop", target)
            seen.add(target)
            status, headers, body = await self._request(target, extra, page=page)
            if status in REDIRECTS:
                location = headers.get("location", "")
                if not location:
                    raise FetchError(url, f"http_{status}", "redirect without a Location")
                redirected = True
                all_permanent = all_permanent and status in PERMANENT_REDIRECTS
                target = _follow(url, target, location)
                continue
            # A stored move still holds unless a new, wholly permanent chain replaces it.
            moved = target if redirected and all_permanent else start
            result = FetchResult(
                url=url,
                final_url=target,
                status=status,
                headers=headers,
                body=body,
                fetched_at=datetime.now(UTC),
                permanent_url=moved if moved != url else "",
            )
            if remember:
                self._remember(state, result)
            return result
        raise FetchError(url, "too_many_redirects", f"more than {self.options.max_redirects}")

    def remember(self, result: FetchResult) -> None:
        """Store the validators and permanent URL of a result fetched with remember=False."""
        state = self.store.fetch_state(result.url) if self.store is not None else None
        self._remember(state, result)

    # -- plumbing ---------------------------------------------------------------
    def _remember(self, state: FetchState | None, result: FetchResult) -> None:
        if self.store is None:
            return
        if result.not_modified and state is not None:
            validators = (state.etag, state.last_modified)
        else:
            validators = (result.headers.get("etag", ""), result.headers.get("last-modified", ""))
        self.store.save_fetch_state(
            FetchState(
                url=result.url,
                etag=validators[0],
                last_modified=validators[1],
                permanent_url=result.permanent_url,
                status=result.status,
                fetched_at=result.fetched_at,
            )
        )

    def _gate(self, host_key: str) -> HostGate:
        gate = self._gates.get(host_key)
        if gate is None:
            gate = HostGate(self.options.concurrency_per_host, self.options.delay_per_host)
            self._gates[host_key] = gate
        return gate

    async def _pin(self, url: str, host: str, port: int) -> None:
        """Resolve ``host`` once, check its addresses, and pin connections to them."""
        if (host, port) in self._pins:
            return
        addresses = await resolve(url, host, port, self.options.connect_timeout)
        if not self.options.allow_private_addresses:
            refuse_private(url, host, addresses)
        self._pins[(host, port)] = addresses

    async def _request(
        self, url: str, extra: dict[str, str], *, robots: bool = True, page: bool = False
    ) -> tuple[int, dict[str, str], bytes]:
        scheme, host, port = _origin(url)
        await self._pin(url, host, port)
        host_key = f"{host}:{port}"
        if robots and self.options.obey_robots:
            site = await self._site_robots(_site(scheme, host, port), host_key)
            if not site.allows(url, self.agent):
                if site.rules.verdict == "disallow_all":
                    raise FetchError(url, "robots_unreadable", "robots.txt could not be read")
                raise FetchError(url, "robots_disallowed", "robots.txt disallows this URL")
        async with self._gate(host_key).turn():
            return await self._send(url, extra, page)

    async def _send(
        self, url: str, extra: dict[str, str], page: bool
    ) -> tuple[int, dict[str, str], bytes]:
        assert self._client is not None, "use Fetcher as an async context manager"
        try:
            async with asyncio.timeout(self.options.timeout):
                request = self._client.build_request("GET", url, headers=extra)
                response = await self._client.send(request, stream=True)
                try:
                    return await self._read(url, response, page)
                finally:
                    await response.aclose()
        except TimeoutError as exc:
            raise FetchError(url, "timeout", f"over {self.options.timeout}s in all") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(url, "timeout", type(exc).__name__) from exc
        except httpx.InvalidURL as exc:
            raise FetchError(url, "bad_url", str(exc)) from exc
        except (httpx.TransportError, httpx.StreamError) as exc:
            raise FetchError(url, "network_error", f"{type(exc).__name__}: {exc}") from exc

    async def _read(
        self, url: str, response: httpx.Response, page: bool
    ) -> tuple[int, dict[str, str], bytes]:
        if not self.options.allow_private_addresses:
            self._check_peer(url, response)
        status = response.status_code
        headers = {k.lower(): v for k, v in response.headers.items()}
        if status in REDIRECTS or status == 304:
            return status, headers, b""
        if status in (429, 503):
            wait = parse_retry_after(headers.get("retry-after", ""), datetime.now(UTC))
            raise RateLimited(url, status, wait)
        if status == 410:
            raise Gone(url)
        if status >= 400 or status < 200:
            raise FetchError(url, f"http_{status}", response.reason_phrase)
        content_type = headers.get("content-type", "")
        if page and not is_page_type(content_type):
            raise FetchError(url, "not_html", f"Content-Type {content_type}")
        return status, headers, await self._body(url, response, headers)

    @staticmethod
    def _check_peer(url: str, response: httpx.Response) -> None:
        """Check the address actually connected to, not only what the name resolved to.

        A name can resolve to a public address for our check and to a private one for the
        connection (DNS rebinding); the response of such a connection is never read.
        """
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if isinstance(peer, tuple) and peer and not is_public(str(peer[0])):
            raise BlockedAddressError(url, "blocked_address", f"connected to {peer[0]}")

    async def _body(self, url: str, response: httpx.Response, headers: dict[str, str]) -> bytes:
        limit = self.options.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, "too_large", f"Content-Length {declared} > {limit}")
        encodings = [e for e in headers.get("content-encoding", "").split(",") if e.strip()]
        if len(encodings) > 1:
            raise FetchError(url, "bad_encoding", f"layered encodings {encodings}")
        try:
            decoder = decoder_for(encodings[0] if encodings else "", limit)
            parts: list[bytes] = []
            received = 0
            async for chunk in response.aiter_raw():
                received += len(chunk)
                if received > limit:
                    raise BodyTooLarge
                parts.append(decoder.decode(chunk))
            parts.append(decoder.flush())
        except BodyTooLarge as exc:
            raise FetchError(url, "too_large", f"body over {limit} bytes") from exc
        except UnsupportedEncoding as exc:
            raise FetchError(url, "bad_encoding", f"Content-Encoding {exc}") from exc
        except CorruptEncoding as exc:
            raise FetchError(url, "bad_encoding", str(exc)) from exc
        return b"".join(parts)

    async def _site_robots(self, origin: str, host_key: str) -> SiteRobots:
        site = self._robots.get(origin)
        if site is not None:
            return site
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            site = self._robots.get(origin)
            if site is not None:
                return site
            now = datetime.now(UTC)
            rules = cached_rules(self.store, origin, now)
            if rules is None:
                rules = await self._fetch_robots(origin, now)
                save_rules(self.store, origin, rules)
            try:
                parsed = rules.parser()
            except Exception:  # protego on a hostile file: treat as no rules at all
                log.warning("%s/robots.txt: unreadable rules, treated as allowing all", origin)
                rules, parsed = RobotsRules("allow_all", "", rules.fetched_at), None
            site = SiteRobots(rules, parsed)
            delay = min(site.crawl_delay(self.agent), self.options.max_crawl_delay)
            gate = self._gate(host_key)
            gate.delay = max(gate.delay, delay)
            self._robots[origin] = site
            return site

    async def _fetch_robots(self, origin: str, now: datetime) -> RobotsRules:
        url = origin + "/robots.txt"
        try:
            for _hop in range(self.options.max_redirects + 1):
                status, headers, body = await self._request(url, {}, robots=False)
                if status not in REDIRECTS:
                    return rules_from_response(status, body, now)
                url = _follow(url, url, headers.get("location", ""))
        except RateLimited:
            return RobotsRules("disallow_all", "", now)
        except FetchError as exc:
            if exc.reason.startswith("http_4") or exc.reason == "gone":
                return RobotsRules("allow_all", "", now)
            if exc.reason == "blocked_address":
                raise
            log.info("%s: robots.txt unreadable (%s): nothing fetched there", origin, exc.reason)
            return RobotsRules("disallow_all", "", now)
        return RobotsRules("allow_all", "", now)
