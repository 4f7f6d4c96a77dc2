"""MkDocs hook: the offline docs' 404.html works from file:// too.

MkDocs renders error pages with absolute URLs (`/assets/...`), so that a web
server can show them at any depth. The offline docs have no server: opened
from file://, such a page loads no styles and links to file:///index.html.
When Material's offline plugin is on, the 404 page (at the top of the
folder) gets relative URLs instead, like every other page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.utils import is_error_template

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def on_template_context(context, /, *, template_name: str, config: MkDocsConfig):
    if is_error_template(template_name) and _offline(config):
        context["base_url"] = "."
    return context


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)
