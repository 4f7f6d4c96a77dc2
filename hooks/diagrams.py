"""MkDocs hook: diagrams open full size in a lightbox, and phones get a portrait layout.

Each local <img> of a page (after hooks/images.py has pointed it at img/) is
wrapped in a link that the mkdocs-glightbox plugin (`manual: true` in
mkdocs.yml: it wraps nothing itself, because plugins see a page before the
hooks have fixed its image URLs) opens in a lightbox, offline too; an image
with a portrait variant img/<name>-narrow.png (tools/render_images.py) is
shown in that layout on screens up to 600 px wide. Dark mode renders the
diagrams dark (notes.css). The logic is in diagramlib.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import diagramlib

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "<img" not in html:
        return html
    site_files = {f.dest_uri for f in files if not f.is_documentation_page()}
    return diagramlib.wrap_diagrams(html, page_url=page.url, site_files=site_files)
