"""MkDocs hook: a section a page leaves empty is not listed in its table of contents.

A note may keep a heading with nothing under it yet (`## 小结`); the heading
stays on the page as the author wrote it, but the table of contents and the
search (Material's `data-search-exclude`) skip it until it has content. The
logic is in toclib.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import toclib

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    empty = toclib.empty_sections(html)
    if not empty:
        return html
    toclib.prune(page.toc.items, empty)
    return toclib.exclude_from_search(html, empty)
