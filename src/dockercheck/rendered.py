"""The code blocks of a rendered page, matched with the blocks the extractor read.

Two uses, both on the HTML a site generator made of a page:

* :meth:`RenderedPage.mark` puts ``<span id="__cmd-<source line>">`` at the
  start of each command's line, so that a link can land on it (pymdownx's
  own ``__span-<block>-<line>`` numbers cannot be predicted from the source);
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

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape, unescape

from .extract import Block, Invocation

_CODE = re.compile(r"<pre[^>]*>(?:<span></span>)?<code(?P<attrs>[^>]*)>(?P<body>.*?)</code>", re.DOTALL)
_LANGUAGE = re.compile(r"""class=["'][^"']*\blanguage-(?P<language>[\w+#.-]+)""")
# What may open a line of a highlighted block: the previous line's span
# closing, then pymdownx.highlight's own span for this line (line_spans).
_LINE_HEAD = re.compile(r'(?:</span>)*+(?:<span id="__span-[^"]*"[^>]*>)?')
_TAG = re.compile(r"<[^<>]*>")  # not [^>]*: a run of "<" would make it quadratic
_SPACE = re.compile(r"\s+")


_NUL = str.maketrans("", "", "\0\ufffd")


def normalize(text: str) -> str:
    """Whitespace collapsed, NUL left out: markdown-it reads it as U+FFFD, MkDocs drops it, Python-Markdown keeps it."""
    return _SPACE.sub(" ", text.translate(_NUL)).strip()


def block_key(lines: Iterable[str]) -> tuple[str, ...]:
    """What a code block is matched by: its non-blank lines, whitespace collapsed."""
    return tuple(line for line in map(normalize, lines) if line)


def target_id(invocation: Invocation) -> str:
    """The id :meth:`RenderedPage.mark` gives the line of this command."""
    return f"__cmd-{invocation.line}"


@dataclass(slots=True)
class _Line:
    offset: int  # where an id goes: the start of the line's content in the HTML
    raw: str  # its text, tags removed and entities decoded
    text: str = field(init=False)  # the same, whitespace collapsed

    def __post_init__(self) -> None:
        self.text = normalize(self.raw)


@dataclass(slots=True)
class RenderedBlock:
    position: int  # 0-based, among the page's code blocks
    language: str  # from the class "language-..." ("" when there is none)
    lines: list[_Line]
    key: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.key = tuple(line.text for line in self.lines if line.text)

    @property
    def text(self) -> str:
        """The block's text as shown: what a reader copies."""
        return "\n".join(line.raw for line in self.lines).strip("\n")


class RenderedPage:
    def __init__(self, html: str) -> None:
        self.html = html
        self.blocks: list[RenderedBlock] = []
        for code in _CODE.finditer(html):
            lines = []
            offset = code.start("body")
            for piece in code["body"].split("\n"):
                head = _LINE_HEAD.match(piece)
                end = head.end() if head else 0
                lines.append(_Line(offset + end, unescape(_TAG.sub("", piece))))
                offset += len(piece) + 1
            language = _LANGUAGE.search(code["attrs"])
            self.blocks.append(RenderedBlock(len(self.blocks), language["language"] if language else "", lines))
        self._by_key: dict[tuple[str, ...], deque[RenderedBlock]] = {}
        for block in self.blocks:
            self._by_key.setdefault(block.key, deque()).append(block)

    def match(self, keys: Iterable[tuple[int, tuple[str, ...]]]) -> dict[int, RenderedBlock]:
        """For extracted blocks given as (index, key) in document order: index -> the rendered block.

        A block whose text is not rendered (a fence the renderer did not see
        as one) is left out.
        """
        found = {}
        for index, key in keys:
            queue = self._by_key.get(key)
            if queue:
                found[index] = queue.popleft()
        return found

    def unread(self) -> list[RenderedBlock]:
        """Rendered blocks that hold ``docker`` and that no :meth:`match` took."""
        left = {id(b) for queue in self._by_key.values() for b in queue}
        return [b for b in self.blocks if id(b) in left and "docker" in b.text]

    def mark(
        self, invocations: Iterable[Invocation], matched: dict[int, RenderedBlock]
    ) -> tuple[str, list[Invocation]]:
        """Put ``<span id="__cmd-N">`` at the start of each command's line.

        ``matched`` is :meth:`match`'s answer. Each command's row of its
        block is the rendered line of the same index among the non-blank
        ones. Returns the new HTML and the invocations whose line was not
        found (their block was not rendered as code).
        """
        inserts: dict[int, list[str]] = {}
        missing: list[Invocation] = []
        rows: dict[int, dict[int, int]] = {}
        for inv in invocations:
            rendered = matched.get(inv.block.index)
            if rendered is None:
                missing.append(inv)
                continue
            if inv.block.index not in rows:
                rows[inv.block.index] = _rows(inv.block, rendered)
            ids = inserts.setdefault(rows[inv.block.index][inv.line_in_block], [])
            if target_id(inv) not in ids:
                ids.append(target_id(inv))
        parts = []
        last = 0
        for offset in sorted(inserts):
            parts.append(self.html[last:offset])
            parts.extend(f'<span class="dc-target" id="{escape(name)}"></span>' for name in inserts[offset])
            last = offset
        parts.append(self.html[last:])
        return "".join(parts), missing


def docker_blocks(blocks: Iterable[Block]) -> list[tuple[int, tuple[str, ...]]]:
    """(index, key) of the extracted blocks whose text holds ``docker``: what :meth:`RenderedPage.match` takes."""
    return [
        (block.index, block_key(block.content)) for block in blocks if any("docker" in line for line in block.content)
    ]


def _rows(block: Block, rendered: RenderedBlock) -> dict[int, int]:
    """Row of the extracted block -> HTML offset of the same line in the rendered one.

    The two have the same non-blank lines in the same order (that is how they
    were matched); blank rows are skipped on both sides.
    """
    written = [row for row, line in enumerate(block.content) if normalize(line)]
    shown = [line.offset for line in rendered.lines if line.text]
    return dict(zip(written, shown, strict=True))
