"""Content-Encoding decoded by hand, with a hard cap on the decoded size.

httpx's own decoders turn one small compressed chunk into however many bytes it
expands to, so a 10 kB gzip bomb arrives as gigabytes in one piece. Here every
decoder is asked for at most the bytes still allowed (zlib ``max_length``,
brotli ``output_buffer_limit``, a zstandard writer whose sink counts), and the
body is refused as soon as it would pass the cap.
"""

from __future__ import annotations

import zlib
from typing import Callable, Protocol

from ...errors import FetchError

try:  # optional: only used when the server sends the encoding
    import brotli
except ImportError:  # pragma: no cover - depends on the installation
    brotli = None
try:
    import zstandard
except ImportError:  # pragma: no cover - depends on the installation
    zstandard = None


class BodyTooLarge(FetchError):
    """The decoded body passed the size cap."""


class _Step(Protocol):
    def feed(self, data: bytes, room: int) -> bytes: ...


def _refuse(limit: int) -> BodyTooLarge:
    return BodyTooLarge(f"decoded body larger than {limit} bytes")


class _Identity:
    def feed(self, data: bytes, room: int) -> bytes:
        return data


class _Zlib:
    """gzip (several members too) and deflate, with or without the zlib header."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._object: zlib._Decompress | None = zlib.decompressobj(wbits=31) if self._gzip else None

    def feed(self, data: bytes, room: int) -> bytes:
        if self._object is None:
            # "deflate" means zlib-wrapped by the RFC but raw deflate on many servers
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._object = zlib.decompressobj(wbits=15 if wrapped else -15)
        out = bytearray()
        while data:
            try:
                out += self._object.decompress(data, max(room - len(out), 0) + 1)
            except zlib.error as error:
                raise FetchError(f"corrupt compressed body: {error}") from None
            if len(out) > room:
                return bytes(out)
            if self._object.eof and self._object.unused_data and self._gzip:
                data = self._object.unused_data
                self._object = zlib.decompressobj(wbits=31)
            else:
                data = self._object.unconsumed_tail
        return bytes(out)


class _Brotli:
    def __init__(self) -> None:
        self._object = brotli.Decompressor()

    def feed(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        try:
            out += self._object.process(data, output_buffer_limit=room + 1)
            while len(out) <= room and not self._object.can_accept_more_data() and not self._object.is_finished():
                out += self._object.process(b"", output_buffer_limit=room - len(out) + 1)
        except brotli.error as error:
            raise FetchError(f"corrupt brotli body: {error}") from None
        return bytes(out)


class _Full(Exception):
    pass


class _Zstd:
    """zstandard has no output limit on ``decompressobj``; its writer hands over bounded pieces instead."""

    def __init__(self) -> None:
        self._out = bytearray()
        self._room = 0
        self._writer = zstandard.ZstdDecompressor().stream_writer(self, write_size=65536)

    def write(self, piece: bytes) -> int:
        self._out += piece
        if len(self._out) > self._room:
            raise _Full
        return len(piece)

    def feed(self, data: bytes, room: int) -> bytes:
        self._out, self._room = bytearray(), room
        try:
            self._writer.write(data)
        except _Full:
            pass
        except zstandard.ZstdError as error:
            raise FetchError(f"corrupt zstd body: {error}") from None
        return bytes(self._out)


_STEPS: dict[str, Callable[[], _Step]] = {
    "identity": _Identity,
    "gzip": lambda: _Zlib("gzip"),
    "x-gzip": lambda: _Zlib("gzip"),
    "deflate": lambda: _Zlib("deflate"),
}
if brotli is not None:
    _STEPS["br"] = _Brotli
if zstandard is not None:
    _STEPS["zstd"] = _Zstd

#: What we can decode, for the Accept-Encoding request header.
ACCEPT_ENCODING = ", ".join(name for name in ("gzip", "deflate", "br", "zstd") if name in _STEPS)


class BoundedDecoder:
    """Decodes a body chunk by chunk; raises ``BodyTooLarge`` past ``limit`` decoded bytes.

    Every intermediate stage of a stacked encoding (``gzip, br``) is capped too,
    so a bomb inside a bomb is stopped at the first stage that overflows.
    """

    def __init__(self, content_encoding: str, limit: int) -> None:
        names = [name.strip().lower() for name in content_encoding.split(",") if name.strip()]
        unknown = [name for name in names if name not in _STEPS]
        if unknown:
            raise FetchError(f"unsupported content encoding {unknown[0]!r}")
        # the header lists encodings in the order applied, so they are undone in reverse
        self._steps = [_STEPS[name]() for name in reversed(names)]
        self._limit = limit
        self.size = 0

    def feed(self, data: bytes) -> bytes:
        for step in self._steps:
            data = step.feed(data, self._limit - self.size)
            if len(data) > self._limit - self.size:
                raise _refuse(self._limit)
        self.size += len(data)
        return data
