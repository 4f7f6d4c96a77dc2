"""Block containers that Python-Markdown's extensions render as Markdown, for markdown-it.

A code block inside one of these is rendered as code by MkDocs, so the
extractor must see it as a fence too; CommonMark alone reads the indented
body of an admonition as an indented code block (or a paragraph) and the
inside of a ``<div markdown>`` as raw HTML, and a command written there was
never checked. Each rule below parses only what it needs to find the body;
the body is then tokenized as Markdown with the container's indentation.

* admonitions ``!!! note`` and details ``??? tip`` / ``???+ tip``
  (``admonition``, ``pymdownx.details``): mdit-py-plugins' ``admon`` rule;
* content tabs ``=== "Tab"`` (``pymdownx.tabbed``): the same shape, an
  indented body;
* ``md_in_html``: an HTML element whose start tag carries a ``markdown``
  attribute, on a line of its own, up to its end tag.

Containers nest at most ``maxNesting`` deep (markdown-it's option, 20 in
its commonmark preset): each one pushes an opening token, and markdown-it
stops nesting there, so a page of thousands of nested containers costs no
more than a bounded rescan per line.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.ruler import RuleOptionsType
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.admon import admon_plugin

_TAB = re.compile(r'===[!+]?[ \t]+"[^"\n]*"[^\n]*')
_MD_IN_HTML = re.compile(
    r"<(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])(?:\s+[^<>]*?)?\smarkdown(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=]+))?"
    r"(?:\s[^<>]*)?>\s*"
)


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _tabbed(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """``=== "Tab"`` and an indented body (pymdownx.tabbed), up to a line indented less."""
    if state.sCount[start_line] - state.blkIndent >= 4 or not _TAB.fullmatch(_line(state, start_line)):
        return False
    if silent:
        return True
    indent = state.sCount[start_line] + 4
    next_line = start_line + 1
    while next_line < end_line:
        if not state.isEmpty(next_line) and state.sCount[next_line] < indent:
            break
        next_line += 1
    _tokenize_body(state, "tab", start_line, start_line + 1, next_line, indent, next_line)
    return True


def _md_in_html(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """An HTML start tag with a ``markdown`` attribute on its own line, the body up to its end tag."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    match = _MD_IN_HTML.fullmatch(_line(state, start_line))
    if not match:
        return False
    if silent:
        return True
    tag = match["tag"].lower()
    opening = re.compile(rf"<{re.escape(tag)}(?=[\s/>])", re.IGNORECASE)
    closing = re.compile(rf"</{re.escape(tag)}\s*>", re.IGNORECASE)
    depth = 1
    next_line = start_line + 1
    while next_line < end_line:
        text = _line(state, next_line)
        depth += len(opening.findall(text)) - len(closing.findall(text))
        if depth <= 0:
            break
        next_line += 1
    # The end tag's line (when found) belongs to the container, not to its body.
    after = min(next_line + 1, end_line)
    _tokenize_body(state, "md_in_html", start_line, start_line + 1, next_line, state.blkIndent, after)
    return True


def _tokenize_body(state: StateBlock, name: str, start: int, first: int, end: int, indent: int, after: int) -> None:
    old_parent, old_indent, old_max = state.parentType, state.blkIndent, state.lineMax
    token = state.push(f"{name}_open", "div", 1)
    token.map = [start, after]
    state.parentType = name
    state.blkIndent = indent
    state.lineMax = end
    state.md.block.tokenize(state, first, end)
    state.parentType, state.blkIndent, state.lineMax = old_parent, old_indent, old_max
    state.push(f"{name}_close", "div", -1)
    state.line = after


def use(md: MarkdownIt) -> MarkdownIt:
    """Teach ``md`` the containers (before the rules that would otherwise claim their lines)."""
    md.use(admon_plugin)
    alt: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote", "list"]}
    md.block.ruler.before("fence", "tabbed", _tabbed, alt)
    md.block.ruler.before("html_block", "md_in_html", _md_in_html, alt)
    return md
