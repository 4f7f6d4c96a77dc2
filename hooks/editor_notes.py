"""MkDocs hook: editor's notes, shown after the author's words they correct.

A note's text stays as its author wrote it. Where it is wrong (docker.md says
"容器 = 镜像 + 可读层"; the layer is writable), editor-notes.yml (next to
mkdocs.yml) adds a clearly marked 编者注 box right after that paragraph, on
the site only. A note whose `after` text is no longer on its page is a
warning (fatal with --strict). The logic is in editorlib.py.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

import editorlib

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

FILE = "editor-notes.yml"
_notes: dict[str, list[editorlib.EditorNote]] = {}


def on_config(config: MkDocsConfig) -> None:
    global _notes
    path = os.path.join(os.path.dirname(os.path.abspath(config.config_file_path)), FILE)
    if not os.path.isfile(path):
        _notes = {}
        return
    try:
        with open(path, encoding="utf-8") as f:
            _notes = editorlib.parse(yaml.safe_load(f))
    except (yaml.YAMLError, editorlib.EditorNotesError) as error:
        raise PluginError(f"{FILE}: {error}") from error


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    notes = _notes.get(page.file.src_uri)
    if not notes:
        return markdown
    markdown, missing = editorlib.insert(markdown, notes)
    for note in missing:
        log.warning(f"{FILE}: '{note.after}' is not in docs/{page.file.src_uri} any more")
    return markdown
