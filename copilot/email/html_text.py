"""HTML email bodies as plain text, every character mapped back to the HTML as sent.

Python's own `html.parser` is used because it is the kept parser that reports where each
token starts in the source (lxml and selectolax build trees without source offsets, so a
quote found in their text could not be placed back in the caller's HTML). It tolerates
the broken markup mail clients produce and never raises on it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import accumulate

from copilot.email.mapped import MappedText

_HIDDEN = frozenset({"head", "script", "style", "title", "template", "noscript", "xml"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_SPACES = " \t\n\r\f\xa0"
# Containers mail clients put around what the sender did not write in this message.
_QUOTE_CLASSES = frozenset({"gmail_quote", "moz-cite-prefix", "yahoo_quoted", "protonmail_quote"})
_QUOTE_IDS = frozenset({"divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container"})
_SIGNATURE_CLASSES = frozenset({"gmail_signature", "moz-signature", "signature"})
_SIGNATURE_IDS = frozenset({"signature", "ms-outlook-mobile-signature", "applesignature"})


@dataclass(frozen=True)
class Marked:
    """A part of the HTML its markup names as quoted or as a signature, in source offsets."""

    kind: str  # "quoted_reply" | "signature"
    start: int
    end: int
    to_end: bool  # Outlook marks only where the thread begins: it runs to the end


@dataclass(frozen=True)
class HtmlText:
    mapped: MappedText
    marked: list[Marked]


def html_to_text(source: str) -> HtmlText:
    """Visible text with line breaks for blocks; spaces collapsed as a browser would."""
    parser = _TextParser(source)
    parser.feed(source)
    parser.close()
    return HtmlText(_collapsed(parser.chars, source), parser.finish())


def _marking(tag: str, attrs: dict[str, str]) -> tuple[str, bool] | None:
    classes = set(attrs.get("class", "").lower().split())
    ident = attrs.get("id", "").lower()
    if tag == "blockquote" or classes & _QUOTE_CLASSES:
        return "quoted_reply", False
    if ident in _QUOTE_IDS:
        return "quoted_reply", True
    if classes & _SIGNATURE_CLASSES or ident in _SIGNATURE_IDS:
        return "signature", False
    if attrs.get("data-smartmail") == "gmail_signature":
        return "signature", False
    return None


@dataclass
class _Open:
    tag: str
    start: int
    marking: tuple[str, bool] | None


class _TextParser(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.chars: list[tuple[str, int, int]] = []
        self._stack: list[_Open] = []
        self._marked: list[Marked] = []
        self._hidden = 0
        self._line_starts = [0, *accumulate(len(line) for line in self.source.splitlines(True))]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _tag_end(self, start: int) -> int:
        """The parser says where a tag begins; the source says where it ends."""
        close = self.source.find(">", start)
        return len(self.source) if close < 0 else close + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        if tag in _HIDDEN:
            self._hidden += 1
        if tag in _BLOCK:
            self._break(start)
        if tag not in _VOID:
            named = {key: value or "" for key, value in attrs}
            self._stack.append(_Open(tag, start, _marking(tag, named)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._break(self._offset())

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in _BLOCK:
            self._break(start)
        if not any(element.tag == tag for element in self._stack):
            return
        end = self._tag_end(start)
        while self._stack:
            element = self._stack.pop()
            self._close(element, end)
            if element.tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        start = self._offset()
        self.chars += [(ch, start + i, start + i + 1) for i, ch in enumerate(data)]

    def handle_entityref(self, name: str) -> None:
        self._reference("&", name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#", name)

    def _reference(self, opening: str, name: str) -> None:
        """`&amp;`, `&#39;`: one character spanning the whole reference (its `;` is optional)."""
        if self._hidden:
            return
        start = self._offset()
        end = start + len(opening) + len(name)
        end += self.source.startswith(";", end)
        self.chars += [(ch, start, end) for ch in html.unescape(f"{opening}{name};")]

    def _break(self, at: int) -> None:
        if not self._hidden:
            self.chars.append(("\n", at, at))

    def _close(self, element: _Open, end: int) -> None:
        if element.marking is not None:
            kind, to_end = element.marking
            self._marked.append(Marked(kind, element.start, end, to_end))

    def finish(self) -> list[Marked]:
        while self._stack:
            self._close(self._stack.pop(), len(self.source))
        return sorted(self._marked, key=lambda m: m.start)


def _collapsed(chars: list[tuple[str, int, int]], source: str) -> MappedText:
    """Runs of spaces become one space spanning the run; spaces next to a line break go;
    at most one blank line is kept; no break opens or closes the text."""
    out: list[tuple[str, int, int]] = []
    for ch, start, end in chars:
        line_break = ch == "\n" and start == end  # added for a block; a typed newline is a space
        if ch in _SPACES and not line_break:
            if out and out[-1][0] == " ":
                out[-1] = (" ", out[-1][1], end)
            elif out and out[-1][0] != "\n":
                out.append((" ", start, end))
            continue
        if ch == "\n":
            if out and out[-1][0] == " ":
                out.pop()
            if len(out) >= 2 and out[-1][0] == "\n" and out[-2][0] == "\n":
                continue
            if not out:
                continue
        out.append((ch, start, end))
    while out and out[-1][0] in " \n":
        out.pop()
    return MappedText(
        "".join(c for c, _, _ in out),
        source,
        tuple(s for _, s, _ in out),
        tuple(e for _, _, e in out),
    )
