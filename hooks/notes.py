"""MkDocs hook for the notes: front-matter, images from img/, the list of notes.

- Front-matter is parsed from the raw source of every page; a block that is
  not valid YAML, not a mapping, or whose `birth` is not a date stops the build.
- The top-level img/*.png files (not the sources in img/src/) become site
  files at img/...; each local <img src> in a page is pointed at them relative
  to the page's URL; a missing image or alt text is a warning (fatal with --strict).
- `<!-- notes-list -->` in a page becomes the list of notes (pages with `birth`).

Events and glue only; the logic is in notelib.py. What pages share (each
page's front-matter, the list of notes, the URL of each image) is made once
per build, in on_files and on_nav, and made afresh by the next build:
`mkdocs serve` rebuilds start clean.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

import notelib
from dockercheck.diagnostics import printable

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

_meta: dict[str, dict] = {}  # src_uri -> front-matter, of this build's pages
_notes: list[notelib.Note] = []  # this build's notes (pages with `birth`)
_urls: dict[str, str] = {}  # dest_uri -> url, of this build's files that are not pages

IMAGE_DIR = "img"  # next to mkdocs.yml
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    # Every page's front-matter, before any page is read or checked: a bad
    # block stops the build at once, with its own file name and line.
    global _meta
    _meta = {file.src_uri: _front_matter(file) for file in files.documentation_pages()}
    root = _project_root(config)
    for name in _image_names(os.path.join(root, IMAGE_DIR)):
        path = f"{IMAGE_DIR}/{name}"
        if files.get_file_from_path(path) is not None:
            log.warning(f"'{path}' exists both in docs/ and in the top-level {IMAGE_DIR}/")
            continue
        files.append(File(path, root, config.site_dir, config.use_directory_urls))
    return files


def on_nav(nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
    global _notes, _urls
    _notes = []
    for src_uri, meta in _meta.items():
        if "birth" in meta and files.get_file_from_path(src_uri) is not None:
            title = meta.get("title") or os.path.splitext(os.path.basename(src_uri))[0]
            _notes.append(notelib.Note(src_uri, title, meta["birth"]))
    _urls = {f.dest_uri: f.url for f in files if not f.is_documentation_page()}


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = _meta.get(page.file.src_uri, {})  # generated pages were not there in on_files
    if "birth" in meta:
        page.meta["birth"] = meta["birth"]
    if notelib.marker_lines(markdown):
        listing = notelib.notes_list(_notes, from_src_uri=page.file.src_uri)
        markdown = notelib.insert_notes_list(markdown, listing)
    return markdown


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    html, problems = notelib.rewrite_images(
        html, page_src_uri=page.file.src_uri, page_url=page.url, urls=_urls
    )
    for problem in problems:
        log.warning(printable(f"Doc file '{page.file.src_uri}': <img src='{problem.src}'> {problem.message}"))
    return html


def _front_matter(file: File) -> dict:
    try:
        return notelib.parse_front_matter(file.content_string)
    except notelib.FrontMatterError as error:
        where = file.src_uri if error.line is None else f"{file.src_uri}:{error.line}"
        raise PluginError(f"Doc file '{where}': {error.message}") from error


def _image_names(folder: str) -> list[str]:
    if not os.path.isdir(folder):
        return []
    return sorted(
        name
        for name in os.listdir(folder)
        if name.lower().endswith(IMAGE_SUFFIXES) and os.path.isfile(os.path.join(folder, name))
    )


def _project_root(config: MkDocsConfig) -> str:
    return os.path.dirname(os.path.abspath(config.config_file_path))
