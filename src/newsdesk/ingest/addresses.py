"""Refuse URLs whose host resolves to a private, loopback, link-local or reserved address.

A feed or a redirect can point newsdesk at the operator's own network (routers, cloud
metadata at 169.254.169.254, admin pages on localhost). Every hop is checked unless the
config allows private addresses.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from newsdesk.errors import BlockedAddressError, FetchError


def is_public(address: str) -> bool:
    """True for a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def check_host(url: str, host: str, port: int) -> None:
    """Raise BlockedAddressError when ``host`` has any non-public address.

    Args:
        url: the URL being fetched, for the error message.
        host: its host name or literal address.
        port: its port.

    Raises:
        BlockedAddressError: an address of ``host`` is not public.
        FetchError: the name does not resolve (reason ``dns_error``).
    """
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise FetchError(url, "dns_error", str(exc)) from exc
        addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        if not is_public(address):
            raise BlockedAddressError(url, "blocked_address", f"{host} resolves to {address}")
