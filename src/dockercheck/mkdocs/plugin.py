"""``plugins: [dockercheck]``: the check and the cheat sheet for any MkDocs site.

The same events as this project's hooks (:mod:`.check`, :mod:`.sheet`), with
options::

    plugins:
      - search
      - dockercheck:
          cheatsheet: true              # the page of the commands the docs use
          cheatsheet_path: cheatsheet.md
          cheatsheet_title: null        # default: by theme.language (zh, en)
          source: null                  # auto, live or snapshot; default: $DOCKERCHECK_SOURCE, else auto
          fail_on: [error, warning]     # what `mkdocs build --strict` fails on; the rest is logged as info
          labels: {}                    # any label of dockercheck.mkdocs.labels, replaced

The page is HTML from a template (no Markdown extension needed, attr_list
neither); the stylesheet and the script of the tooltips come with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, event_priority

from dockercheck.cheatsheet import PAGE

from .check import SEVERITIES, CommandCheck
from .sheet import CheatSheet

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext


class DockerCheckConfig(base.Config):
    cheatsheet = c.Type(bool, default=True)
    cheatsheet_path = c.Type(str, default=PAGE)
    cheatsheet_title = c.Optional(c.Type(str))
    source = c.Optional(c.Choice(("auto", "live", "snapshot")))
    fail_on = c.ListOfItems(c.Choice(SEVERITIES), default=["error", "warning"])
    labels = c.Type(dict, default={})


class DockerCheckPlugin(BasePlugin[DockerCheckConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> None:
        options = self.config
        path = options.cheatsheet_path if options.cheatsheet else None
        self.check = CommandCheck(options.source, options.fail_on)
        self.sheet = CheatSheet(path, options.cheatsheet_title, options.source, options.labels)

    # Late, as the hooks are: after the plugins that add or change pages.
    @event_priority(-50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        return self.sheet.on_files(self.check.on_files(files, config), config)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        return self.sheet.on_page_markdown(page, config, files)

    @event_priority(-50)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        self.check.on_page_content(html, page, config)
        return self.sheet.on_page_content(html, page, config)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        self.check.on_env()

    def on_build_error(self, *, error: Exception) -> None:
        self.check.on_build_error()

    @event_priority(-50)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        self.sheet.on_page_context(page, config)
