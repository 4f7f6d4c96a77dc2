"""MkDocs hook: a word of inline code is not broken at its hyphen.

Browsers may end a line after a hyphen, so `docker <命令> --help` showed
`--` at the end of one line and `help` on the next. Each word of inline
code that has a hyphen is kept whole (codelib.keep_words_whole); lines still
break at spaces, and very long words may still break so that a phone does
not scroll sideways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import codelib

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return codelib.keep_words_whole(html)
