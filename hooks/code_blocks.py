"""MkDocs hook: console sessions are highlighted as such and copied as runnable commands.

- A fenced block without a language whose commands follow `$ ` prompts gets
  Pygments' `console` lexer (in memory: the page's Markdown is unchanged),
  so prompts, commands, comments and output look different.
- In a `console` block that has `$ ` prompts, a `#` line is a comment, not a
  root prompt (codelib.CommentLines, added to pymdownx.highlight's lexer
  options here).
- The copy button copies the commands only: no prompts, output or comments
  (Material copies a block's `data-copy` attribute when it has one).

Events only; the logic is in codelib.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import codelib

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

HIGHLIGHT = "pymdownx.highlight"


def on_config(config: MkDocsConfig) -> None:
    options = config.mdx_configs.setdefault(HIGHLIGHT, {})
    extended = [e for e in options.get("extend_pygments_lang", []) if e.get("name") != codelib.LEXER]
    extended.append({"name": codelib.LEXER, "lang": codelib.LEXER, "options": {"filters": [codelib.CommentLines()]}})
    options["extend_pygments_lang"] = extended


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return codelib.console_fences(markdown)


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return codelib.add_copy_text(html)
