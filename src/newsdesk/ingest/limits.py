"""Bounded decompression: a response may never grow past the size limit once decoded.

A gzip or brotli bomb of a few kilobytes can expand to gigabytes. Each decoder here is
asked for at most the bytes still allowed, so memory stays bounded by the limit however
the input is crafted.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli

from newsdesk.errors import BodyError


class BodyTooLarge(BodyError):
    """The body, as sent or once decoded, is larger than allowed."""


class UnsupportedEncoding(BodyError):
    """A Content-Encoding we do not decode."""


class CorruptEncoding(BodyError):
    """The body does not decode with its declared Content-Encoding."""


class Decoder(Protocol):
    def decode(self, data: bytes) -> bytes: ...
    def flush(self) -> bytes: ...


class _Identity:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def decode(self, data: bytes) -> bytes:
        self.left -= len(data)
        if self.left < 0:
            raise BodyTooLarge
        return data

    def flush(self) -> bytes:
        return b""


class _Zlib:
    def __init__(self, limit: int, wbits: int) -> None:
        self.left = limit
        self.wbits = wbits
        self.inner = zlib.decompressobj(wbits)
        self.started = False

    def _take(self, data: bytes) -> bytes:
        out = []
        while True:
            chunk = self.inner.decompress(data, self.left + 1)
            self.left -= len(chunk)
            if self.left < 0:
                raise BodyTooLarge
            out.append(chunk)
            data = self.inner.unconsumed_tail
            if not data:
                return b"".join(out)

    def decode(self, data: bytes) -> bytes:
        try:
            result = self._take(data)
        except zlib.error as exc:
            # "deflate" is sent both with and without the zlib header; try raw once.
            if self.started or self.wbits != zlib.MAX_WBITS:
                raise CorruptEncoding(str(exc)) from exc
            self.wbits = -zlib.MAX_WBITS
            self.inner = zlib.decompressobj(self.wbits)
            return self.decode(data)
        self.started = True
        return result

    def flush(self) -> bytes:
        try:
            rest = self.inner.flush()
        except zlib.error as exc:
            raise CorruptEncoding(str(exc)) from exc
        self.left -= len(rest)
        if self.left < 0:
            raise BodyTooLarge
        return rest


class _Brotli:
    def __init__(self, limit: int) -> None:
        self.left = limit
        self.inner = brotli.Decompressor()

    def decode(self, data: bytes) -> bytes:
        out = []
        try:
            chunk = self.inner.process(data, output_buffer_limit=self.left + 1)
            while True:
                self.left -= len(chunk)
                if self.left < 0:
                    raise BodyTooLarge
                out.append(chunk)
                if self.inner.can_accept_more_data():
                    return b"".join(out)
                chunk = self.inner.process(b"", output_buffer_limit=self.left + 1)
        except brotli.error as exc:
            raise CorruptEncoding(str(exc)) from exc

    def flush(self) -> bytes:
        return b""


def decoder_for(content_encoding: str, limit: int) -> Decoder:
    """A decoder for one Content-Encoding whose output may total at most ``limit`` bytes."""
    name = content_encoding.strip().lower()
    if name in ("", "identity"):
        return _Identity(limit)
    if name in ("gzip", "x-gzip"):
        return _Zlib(limit, 16 + zlib.MAX_WBITS)
    if name == "deflate":
        return _Zlib(limit, zlib.MAX_WBITS)
    if name == "br":
        return _Brotli(limit)
    raise UnsupportedEncoding(name)


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress a gzip file (a sitemap.xml.gz) into at most ``limit`` bytes."""
    decoder = decoder_for("gzip", limit)
    return decoder.decode(data) + decoder.flush()
