"""MkDocs hook: the images of img/ in both outputs, and every <img> of a page pointed at them.

The top-level img/ files (not the sources in img/src/) become site files at
img/...; each local ``<img src>`` in a page is pointed at them relative to
the page's URL (a raw tag's ``./img/x.png`` is relative to the note's source,
which MkDocs does not rewrite); a missing image or alt text is a warning
(fatal with --strict). hooks/inputs.py has already refused anything under
img/ that is not a regular file of the project.

Events and glue only; the logic is in notelib.py. The URL of each image is
made once per build, in on_nav.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

import notelib
from dockercheck.diagnostics import printable

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

IMAGE_DIR = "img"  # next to mkdocs.yml
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")

_urls: dict[str, str] = {}  # dest_uri -> url, of this build's files that are not pages


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    for name in notelib.image_names(os.path.join(root, IMAGE_DIR), IMAGE_SUFFIXES):
        path = f"{IMAGE_DIR}/{name}"
        if files.get_file_from_path(path) is not None:
            log.warning(f"'{path}' exists both in docs/ and in the top-level {IMAGE_DIR}/")
            continue
        files.append(File(path, root, config.site_dir, config.use_directory_urls))
    return files


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
    global _urls
    _urls = {f.dest_uri: f.url for f in files if not f.is_documentation_page()}


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    html, problems = notelib.rewrite_images(html, page_src_uri=page.file.src_uri, page_url=page.url, urls=_urls)
    for problem in problems:
        log.warning(printable(f"Doc file '{page.file.src_uri}': <img src='{problem.src}'> {problem.message}"))
    return html
