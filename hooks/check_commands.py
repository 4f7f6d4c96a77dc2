"""MkDocs hook: check every docker command in the docs against docker's own help.

Glue only: the events are ``dockercheck.mkdocs.check.CommandCheck``'s, the
same the ``dockercheck`` plugin runs. Each error or warning is logged as a
MkDocs warning naming ``docs/page.md:line:col``, so ``mkdocs build
--strict`` fails; notices are logged as info.

Environment: ``DOCKERCHECK_SOURCE`` = auto (default: the docker on PATH, else
the committed snapshot), live or snapshot; ``DOCKERCHECK_BACKGROUND`` = 0 to
keep the check in the build's process on a big site (see
``dockercheck.background``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger

from dockercheck.mkdocs.check import CommandCheck

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

check = CommandCheck(logger=get_plugin_logger(__name__))


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    return check.on_files(files, config)


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    check.on_page_content(html, page, config)


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> None:
    check.on_env()


def on_build_error(*, error: Exception) -> None:
    check.on_build_error()
