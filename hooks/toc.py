"""MkDocs hook: a section a page leaves empty is not listed in its table of contents.

A note may keep a heading with nothing under it yet (`## 小结`); the heading
stays on the page as the author wrote it, but the table of contents and the
search (Material's `data-search-exclude`) skip it until it has content. The
logic is in toclib.py.

This runs on the finished page content (on_page_context): after the tags
plugin has filled in its listings (their placeholders are empty headings),
and, by its priority, before the search plugin indexes the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

import toclib

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


@event_priority(50)
def on_page_context(context, /, *, page: Page, config: MkDocsConfig, nav: Navigation):
    empty = toclib.empty_sections(page.content or "")
    if empty:
        toclib.prune(page.toc.items, empty)
        page.content = toclib.exclude_from_search(page.content or "", empty)
    return context
