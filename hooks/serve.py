"""MkDocs hook for ``mkdocs serve``: a rebuild that fails (a page's bad front-matter, a file that links
out of the project...) is logged, and the last good build keeps being served instead of the browser
waiting for a build that never comes. Events and glue only; the logic is in servelib.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger

import servelib

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)
_dirty: list[bool] = [False]  # mkdocs serve --dirty


def on_startup(*, command: str, dirty: bool) -> None:
    _dirty[0] = dirty


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable) -> LiveReloadServer:
    server.builder = servelib.keep_last_good(server.builder, Path(server.root), log.error, dirty=_dirty[0])
    return server
