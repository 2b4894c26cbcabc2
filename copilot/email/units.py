"""Offsets in the unit the caller indexes strings in.

Python indexes code points; JavaScript (Outlook and Gmail add-ins) indexes UTF-16 code
units, where a character beyond U+FFFF (most emoji) counts twice. The service works in
code points and converts at the edge.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate
from typing import Literal

OffsetUnit = Literal["codepoint", "utf16"]
_ASTRAL = 0xFFFF


def offset_converter(text: str, unit: OffsetUnit) -> Callable[[int], int]:
    """A function from a code-point offset in `text` to an offset in `unit`."""
    if unit == "codepoint" or text.isascii():
        return lambda offset: offset
    extra = [0, *accumulate(ord(ch) > _ASTRAL for ch in text)]
    return lambda offset: offset + extra[offset]
