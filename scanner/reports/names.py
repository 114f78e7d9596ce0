"""Text that reports can always write as UTF-8, whatever names the file system gave."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
#: The lone surrogates Python's ``surrogateescape`` puts for bytes of a file name that are not UTF-8.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def escaped_surrogates(text: str) -> str:
    """``text`` with every lone surrogate written as a backslash escape, so that it encodes as UTF-8.

    A file name that is not valid UTF-8 (``bad\\xffname.html``) reaches the scanner with each stray byte as a
    lone surrogate (U+DCFF for 0xFF), which no UTF-8 report can hold: reports write that byte ``\\xff``, as
    the console already spells control characters; any other lone surrogate (only the Python API can pass
    one) is written ``\\udXXX``. SARIF URIs percent-encode the byte instead (``bad%FFname.html``), as URIs do.
    """
    return _SURROGATE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if code in _ESCAPED_BYTES else f"\\u{code:04x}"
