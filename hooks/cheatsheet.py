"""MkDocs hook: the command cheat sheet, and each note's command lines marked and explained.

Glue only: the events are ``dockercheck.mkdocs.sheet.CheatSheet``'s, the
same the ``dockercheck`` plugin runs. The page (``cheatsheet.md``, in
memory) is rendered from the template ``dockercheck/cheatsheet.html`` (the
package's, or one in ``overrides/``), in the site's language (zh); each
note's command words link to it and carry docker's explanation (tooltips).
hooks/notes.py places the page in the navigation. hooks/check_commands.py
must come before this hook in mkdocs.yml (its reports are read here), and
both after the hooks that change pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger

from dockercheck.mkdocs.sheet import CheatSheet

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

sheet = CheatSheet(logger=get_plugin_logger(__name__))


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    return sheet.on_files(files, config)


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    return sheet.on_page_markdown(page, config, files)


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    return sheet.on_page_content(html, page, config)


def on_page_context(context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
    sheet.on_page_context(page, config)
