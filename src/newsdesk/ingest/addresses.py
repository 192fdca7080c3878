"""Where a fetch may connect: each host resolved once, checked, and pinned to those addresses.

A feed or a redirect can point newsdesk at the operator's own network (routers, cloud
metadata at 169.254.169.254, admin pages on localhost). Every hop's host is resolved
once (``resolve``, within a deadline), its addresses are refused when one is not public
(``refuse_private``) unless the config allows private addresses, and the connection is
made only to those addresses (``pinned_transport``): a name that answers a public address
for the check and a private one for the connection (DNS rebinding) never reaches the
private one, robots.txt included.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import httpcore
import httpx

from newsdesk.errors import BlockedAddressError, FetchError

Pins = Mapping[tuple[str, int], tuple[str, ...]]
"""(host as sent, IDNA-encoded; port) -> the checked addresses a connection may use."""


def is_public(address: str) -> bool:
    """True for a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _settle(answer: asyncio.Future[Any], outcome: tuple[Any, BaseException | None]) -> None:
    if answer.done():  # the waiting task gave up (deadline, stop)
        return
    value, error = outcome
    if error is not None:
        answer.set_exception(error)
    else:
        answer.set_result(value)


async def resolve(url: str, host: str, port: int, timeout: float) -> tuple[str, ...]:
    """The addresses of ``host``, looked up once, within ``timeout`` seconds.

    The lookup runs in a daemon thread of its own: a resolver that never answers holds
    neither the run (the wait has a deadline) nor the process's exit (asyncio's default
    executor would be joined).

    Raises:
        FetchError: the name does not resolve (``dns_error``) or not in time (``timeout``).
    """
    try:
        return (str(ipaddress.ip_address(host.strip("[]"))),)
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[list[Any]] = loop.create_future()

    def lookup() -> None:
        try:
            outcome: tuple[Any, BaseException | None] = (
                socket.getaddrinfo(host, port, type=socket.SOCK_STREAM),
                None,
            )
        except BaseException as exc:  # handed over to the waiting task
            outcome = (None, exc)
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
            loop.call_soon_threadsafe(_settle, answer, outcome)

    threading.Thread(target=lookup, name=f"resolve {host}", daemon=True).start()
    try:
        async with asyncio.timeout(timeout):
            infos = await answer
    except TimeoutError as exc:
        raise FetchError(url, "timeout", f"no DNS answer for {host} in {timeout}s") from exc
    except (OSError, UnicodeError) as exc:
        raise FetchError(url, "dns_error", str(exc)) from exc
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(url, "dns_error", f"no address for {host}")
    return addresses


def refuse_private(url: str, host: str, addresses: Iterable[str]) -> None:
    """Raise BlockedAddressError when one of ``host``'s addresses is not public."""
    for address in addresses:
        if not is_public(address):
            raise BlockedAddressError(url, "blocked_address", f"{host} resolves to {address}")


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting a host only to the addresses pinned for it.

    httpcore keeps the host name for everything else (the Host header, TLS SNI and the
    certificate check); only the TCP connection goes to a pinned address. A host with no
    pinned address is never connected to.
    """

    def __init__(self, pins: Pins) -> None:
        self.pins = pins
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = self.pins.get((host, port), ())
        error: Exception = httpcore.ConnectError(f"{host}:{port} has no checked address")
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never connected to")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def pinned_transport(pins: Pins, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's default transport (certifi, HTTP/1.1), connecting through ``PinnedBackend``."""
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
    # httpx has no parameter for httpcore's network backend: build the pool it builds,
    # with the same settings, plus the backend.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=PinnedBackend(pins),
    )
    return transport
