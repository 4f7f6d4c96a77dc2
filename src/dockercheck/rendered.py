"""The code blocks of a rendered page, matched with the blocks the extractor read.

Three uses, all on the HTML a site generator made of a page:

* :meth:`RenderedPage.mark` puts ``<span id="__cmd-<source line>">`` at the
  start of each command's line, so that a link can land on it (pymdownx's
  own ``__span-<block>-<line>`` numbers cannot be predicted from the source),
  names the section each line is in (the nearest heading above it), and
  gives the line's words that a caller explains (:class:`Word`) as data on
  that span, in columns of the line as shown: a script of the site's
  wraps them in the browser, so the build never maps text to HTML;
* :meth:`RenderedPage.unread` lists the code blocks that hold ``docker`` but
  match no block the extractor read: a renderer that saw a code block where
  markdown-it did not (an extension's container the extractor does not know,
  a raw ``<pre><code>`` in HTML). The caller checks them from the HTML, so
  that nothing the site shows as code escapes the check.

A rendered block is matched by its text: Pygments and Python-Markdown write
one source line per line of HTML (a token spanning lines is closed and
reopened), so the block's lines, tags removed and entities decoded, are the
lines of the fence as written (prompts included), up to whitespace. Blocks
with the same text are matched in document order. Everything is linear in
the size of the page: one pass over the HTML, one dictionary look-up per
block.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape, unescape
from typing import TypedDict

from .extract import Block, Invocation

# A code block's opening; its body ends at the next "</code>" (found with str.find: a lazy ".*?" over
# every body costs more than the rest of the reading).
_CODE = re.compile(r"<pre[^>]*>(?:<span></span>)?<code(?P<attrs>[^>]*)>")
_LANGUAGE = re.compile(r"""class=["'][^"']*\blanguage-(?P<language>[\w+#.-]+)""")
# What may open a line of a highlighted block: the previous line's span
# closing, then pymdownx.highlight's own span for this line (line_spans).
_LINE_HEAD = re.compile(r'(?:</span>)*+(?:<span id="__span-[^"]*"[^>]*>)?')
_TAG = re.compile(r"<[^<>]*>")  # not [^>]*: a run of "<" would make it quadratic
_SPACE = re.compile(r"\s+")
_HEADING_OPEN = re.compile(r"<h(?P<level>[1-6])(?:\s[^<>]*)?>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^<>]*>[^<]*</a>')  # the toc extension's permalink


_NUL = str.maketrans("", "", "\0\ufffd")


def normalize(text: str) -> str:
    """Whitespace collapsed, NUL left out: markdown-it reads it as U+FFFD, MkDocs drops it, Python-Markdown keeps it."""
    if "\0" in text or "\ufffd" in text:
        text = text.translate(_NUL)
    return " ".join(text.split())


def block_key(lines: Iterable[str]) -> tuple[str, ...]:
    """What a code block is matched by: its non-blank lines, whitespace collapsed."""
    return tuple(filter(None, map(normalize, lines)))


def line_id(line: int) -> str:
    """The id :meth:`RenderedPage.mark` gives the line of a command that begins on this line of the
    note's source."""
    return f"__cmd-{line}"


@dataclass(frozen=True, slots=True)
class Word:
    """A piece of a command's line that a script explains: ``start``/``end`` are offsets in the block's text.

    ``key`` says what it is to the script (an index into the page's table of
    explanations). It is given only where the rendered line is the block's
    line as written, so that the columns agree.
    """

    start: int
    end: int
    key: int


@dataclass(slots=True)
class Marked:
    """What :meth:`RenderedPage.mark` found to do on a page: the marked HTML is made when asked for.

    So a caller can learn the sections and the missing lines at one time and
    put the marks in later, on the same HTML (``source``): a search index
    built in between never reads them.
    """

    source: str  # the HTML the marks are for
    inserts: dict[int, list[str]]  # offset in it -> markup put there, in order
    missing: list[Invocation]  # commands whose line was not found (their block was not rendered as code)
    sections: dict[int, str]  # source line of each command placed -> the nearest heading above it ("" for none)

    @property
    def html(self) -> str:
        parts = []
        last = 0
        for offset in sorted(self.inserts):
            parts.append(self.source[last:offset])
            parts.extend(self.inserts[offset])
            last = offset
        parts.append(self.source[last:])
        return "".join(parts)


@dataclass(slots=True)
class _Line:
    offset: int  # where an id goes: the start of the line's content in the HTML
    end: int  # where the line's HTML ends (its newline)
    raw: str  # its text, tags removed and entities decoded
    _same: bool | None = None

    def same(self, block: Block, row: int) -> bool:
        """The line shows row ``row`` of the block as written (so their columns agree)."""
        if self._same is None:
            self._same = row < len(block.content) and self.raw.rstrip() == block.content[row].rstrip()
        return self._same


class RenderedBlock:
    """A rendered code block: its text and the key it is matched by, its lines' places read when asked."""

    __slots__ = ("_end", "_html", "_pieces", "_raws", "_start", "_starts", "key", "language", "position", "shown")

    def __init__(self, position: int, language: str, html: str, start: int, end: int) -> None:
        self.position = position  # 0-based, among the page's code blocks
        self.language = language  # from the class "language-..." ("" when there is none)
        self._html, self._start, self._end = html, start, end
        text = unescape(_TAG.sub("", html[start:end]))
        self._raws = text.split("\n")  # one source line per line
        if "\0" in text or "\ufffd" in text:
            text = text.translate(_NUL)
        texts = [" ".join(line.split()) for line in text.split("\n")]  # normalize(), line by line
        self.key = tuple(filter(None, texts))
        self.shown = [index for index, text in enumerate(texts) if text]  # the lines that are not blank
        self._pieces: list[str] = []
        self._starts: list[int] = []

    @property
    def text(self) -> str:
        """The block's text as shown: what a reader copies."""
        return "\n".join(self._raws).strip("\n")

    def line(self, index: int) -> _Line:
        """Line ``index``'s place in the HTML and its text."""
        if not self._pieces:
            self._pieces = self._html[self._start : self._end].split("\n")
            self._starts = list(itertools.accumulate((len(p) + 1 for p in self._pieces[:-1]), initial=self._start))
        piece, offset = self._pieces[index], self._starts[index]
        head = _LINE_HEAD.match(piece)
        return _Line(offset + (head.end() if head else 0), offset + len(piece), self._raws[index])


class RenderedPage:
    def __init__(self, html: str) -> None:
        self.html = html
        self.blocks: list[RenderedBlock] = []
        code = _CODE.search(html)
        while code is not None:
            end = html.find("</code>", code.end())
            if end < 0:
                break
            language = _LANGUAGE.search(code["attrs"])
            self.blocks.append(
                RenderedBlock(len(self.blocks), language["language"] if language else "", html, code.end(), end)
            )
            code = _CODE.search(html, end)
        self._by_key: dict[tuple[str, ...], list[RenderedBlock]] = {}
        for block in self.blocks:
            self._by_key.setdefault(block.key, []).append(block)
        self._matched: set[int] = set()

    def match(self, keys: Iterable[tuple[int, tuple[str, ...]]]) -> dict[int, RenderedBlock]:
        """For extracted blocks given as (index, key) in document order: index -> the rendered block.

        A block whose text is not rendered (a fence the renderer did not see
        as one) is left out. Asking again gives the same answer.
        """
        found = {}
        taken: dict[tuple[str, ...], int] = {}
        for index, key in keys:
            same = self._by_key.get(key)
            count = taken.get(key, 0)
            if same and count < len(same):
                found[index] = same[count]
                taken[key] = count + 1
        self._matched = {id(b) for b in found.values()}
        return found

    def unread(self) -> list[RenderedBlock]:
        """Rendered blocks that hold ``docker`` and that the last :meth:`match` did not take."""
        return [b for b in self.blocks if id(b) not in self._matched and "docker" in b.text]

    def mark(
        self,
        invocations: Iterable[Invocation],
        matched: dict[int, RenderedBlock],
        words: Callable[[Invocation], Sequence[Word]] | None = None,
    ) -> Marked:
        """Put ``<span id="__cmd-N">`` at the start of each command's line, with its words as data.

        ``matched`` is :meth:`match`'s answer. Each command's row of its
        block is the rendered line of the same index among the non-blank
        ones. A line's words are ``data-dc="start,end,key;..."`` on its span
        (columns of the line as shown); a continuation line with words gets
        a span of its own, without an id.
        """
        inserts: dict[int, list[str]] = {}  # offset -> markup, in order
        missing: list[Invocation] = []
        rows: dict[int, _Rows] = {}
        placed: dict[int, int] = {}  # source line -> offset of its id
        data: dict[int, list[tuple[int, int, int]]] = {}  # offset of a line -> its words (start, end, key)
        ids: dict[int, str] = {}  # offset of a line -> its id
        for inv in invocations:
            block = inv.block
            lines = rows.get(block.index)
            if lines is None:
                rendered = matched.get(block.index)
                if rendered is None:
                    missing.append(inv)
                    continue
                lines = rows[block.index] = _Rows(block, rendered)
            line = lines.get(inv.line_in_block)
            assert line is not None  # a command's row is never blank
            if line.offset not in ids:
                ids[line.offset] = line_id(inv.line)
                placed[inv.line] = line.offset
            if words is None:
                continue
            starts, first = block.line_starts, inv.line_in_block
            begin = starts[first]
            end = starts[first + 1] - 1 if first + 1 < len(starts) else len(block.text)  # where its newline is
            same = line.same(block, first)
            for word in words(inv):
                if begin <= word.start and word.end <= end:  # on the command's first line: most words
                    if same:
                        data.setdefault(line.offset, []).append((word.start - begin, word.end - begin, word.key))
                    continue
                row = block.row(word.start)
                shown = lines.get(row)
                if shown is not None and block.row(word.end - 1) == row and shown.same(block, row):
                    at = starts[row]
                    data.setdefault(shown.offset, []).append((word.start - at, word.end - at, word.key))
        for offset in ids.keys() | data.keys():
            name = f' id="{ids[offset]}"' if offset in ids else ""
            words_data = ""
            if offset in data:
                words_data = ' data-dc="' + ";".join(f"{a},{b},{k}" for a, b, k in sorted(data[offset])) + '"'

            inserts[offset] = [f'<span class="dc-target"{name}{words_data}></span>']
        return Marked(self.html, inserts, missing, self._sections(placed))

    def _sections(self, placed: dict[int, int]) -> dict[int, str]:
        """Source line -> the text of the last heading that starts before its id."""
        if not placed:
            return {}
        starts, titles = self._headings()
        out = {}
        for line, offset in placed.items():
            at = bisect.bisect_right(starts, offset) - 1
            out[line] = titles[at] if at >= 0 else ""
        return out

    def _headings(self) -> tuple[list[int], list[str]]:
        """Offsets and texts of the page's headings, in order."""
        found = headings(self.html)
        return [h.offset for h in found], [h.text for h in found]


@dataclass(frozen=True, slots=True)
class Heading:
    offset: int  # where it starts in the HTML
    level: int
    id: str  # "" when it has none
    text: str


_ID = re.compile(r"""\sid=(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")


def headings(html: str) -> list[Heading]:
    """The headings of a page, in order: their text without the toc extension's permalink.

    Each end tag is looked for once at most: a page of unclosed headings stays linear.
    """
    out: list[Heading] = []
    none_after: dict[str, int] = {}  # level -> an offset after which that end tag is known missing
    for found in _HEADING_OPEN.finditer(html):
        level = found["level"]
        if found.end() >= none_after.get(level, len(html) + 1):
            continue
        close = html.find(f"</h{level}>", found.end())
        if close < 0:
            none_after[level] = found.end()
            continue
        inner = _HEADERLINK.sub("", html[found.end() : close])
        name = _ID.search(found[0])
        ident = unescape(name["double"] if name["double"] is not None else name["single"]) if name else ""
        out.append(Heading(found.start(), int(level), ident, normalize(unescape(_TAG.sub("", inner)))))
    return out


class TocToken(TypedDict):
    """A heading in a table of contents, as Python-Markdown's toc extension gives it."""

    level: int
    id: str
    name: str  # its text, HTML-escaped
    children: list[TocToken]


def toc_tokens(html: str) -> list[TocToken]:
    """The page's table of contents as Python-Markdown's toc extension gives it (``toc_tokens``: nested
    dicts of level, id, name and children), from the headings that have an id."""
    top: list[TocToken] = []
    stack: list[TocToken] = []
    for heading in headings(html):
        if not heading.id:
            continue
        token = TocToken(level=heading.level, id=heading.id, name=escape(heading.text), children=[])
        while stack and stack[-1]["level"] >= heading.level:
            stack.pop()
        (stack[-1]["children"] if stack else top).append(token)
        stack.append(token)
    return top


class _Rows:
    """Row of the extracted block -> the same line in the rendered one, read when asked.

    The two have the same non-blank lines in the same order (that is how they
    were matched); blank rows are skipped on both sides.
    """

    __slots__ = ("_lines", "_rendered", "_to")

    def __init__(self, block: Block, rendered: RenderedBlock) -> None:
        written = [row for row, line in enumerate(block.content) if not _blank(line)]
        self._to = dict(zip(written, rendered.shown, strict=True))
        self._rendered = rendered
        self._lines: dict[int, _Line] = {}

    def get(self, row: int) -> _Line | None:
        line = self._lines.get(row)
        if line is None and row in self._to:
            line = self._lines[row] = self._rendered.line(self._to[row])
        return line


def _blank(line: str) -> bool:
    """Nothing but whitespace, NUL and U+FFFD (what :func:`normalize` leaves empty)."""
    text = line.strip()
    return not text or (("\0" in text or "\ufffd" in text) and not text.translate(_NUL).strip())


def docker_blocks(blocks: Iterable[Block]) -> list[tuple[int, tuple[str, ...]]]:
    """(index, key) of the extracted blocks whose text holds ``docker``: what :meth:`RenderedPage.match` takes."""
    return [
        (block.index, block_key(block.content)) for block in blocks if any("docker" in line for line in block.content)
    ]
