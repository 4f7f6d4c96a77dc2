"""MkDocs hook: the offline docs work from file:// with no network.

When Material's offline plugin is on:

- The 404 page gets relative URLs. MkDocs renders error pages with absolute
  URLs (``/assets/...``) so that a web server can show them at any depth;
  opened from file://, such a page loads no styles and links to
  file:///index.html.
- Nothing loads from the network. A page that loads an image, a frame, a
  script or a stylesheet from another host breaks the offline promise (and
  tells that host who reads what): every built page, and every HTML, SVG and
  CSS file copied from docs/, is searched for resources outside the site;
  each one is a warning naming the page, so ``mkdocs build --strict`` fails.
  Links (``<a href>``) are not resources: a reader follows them or not.

Events and glue only; what counts as a resource from the network is
offlinelib.py's.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import is_error_template

import offlinelib

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin is not None and plugin.config.enabled)


def on_template_context(context: TemplateContext, /, *, template_name: str, config: MkDocsConfig) -> TemplateContext:
    if is_error_template(template_name) and _offline(config):
        context["base_url"] = "."
    return context


_static: list[tuple[str, str]] = []  # (src_uri, abs_src_path) of copied HTML, SVG and CSS files


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    _static.clear()
    if _offline(config):
        docs = os.path.join(os.path.abspath(config.docs_dir), "")
        _static.extend(
            (f.src_uri, f.abs_src_path)
            for f in files
            if not f.is_documentation_page()
            and f.abs_src_path
            and f.abs_src_path.startswith(docs)
            and f.src_uri.lower().endswith((".html", ".htm", ".svg", ".css"))
        )
    return files


def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    if _offline(config):
        for item in offlinelib.external_resources(output):
            log.warning(f"Doc file '{page.file.src_uri}': {item} loads from the network; the offline docs must not")
    return None


def on_post_build(*, config: MkDocsConfig) -> None:
    for src_uri, path in _static:
        with open(path, encoding="utf-8", errors="replace") as handle:
            found = offlinelib.resources(src_uri, handle.read())
        for item in found:
            log.warning(f"File '{src_uri}': {item} loads from the network; the offline docs must not")
