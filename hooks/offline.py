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
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import is_error_template

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

# Attributes that make the browser fetch a URL, by element.
_FETCHED = {
    "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "script": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"),
}
# <link rel=...> values that load what they name.
_LOADING_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest",
                 "apple-touch-icon", "dns-prefetch", "preconnect", "prerender"}
_CSS_URL = re.compile(r"""(?:url\(\s*|@import\s+(?!url\())["']?(?P<url>[^"')\s;]+)""", re.IGNORECASE)
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//|\\\\)", re.IGNORECASE)
_LOCAL_SCHEMES = ("data:", "blob:", "about:", "file:")


def remote(url: str) -> bool:
    """A URL the browser would fetch from elsewhere than the site's own files."""
    return bool(_REMOTE.match(url)) and not url.strip().lower().startswith(_LOCAL_SCHEMES)


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        names = list(_FETCHED.get(tag, ()))
        if tag == "link" and _LOADING_RELS & set((values.get("rel") or "").lower().split()):
            names.append("href")
        for name in names:
            for url in _urls(name, values.get(name) or ""):
                if remote(url):
                    self.found.append(f"<{tag} {name}={url!r}>")
        self.found += [f"style url({u!r}) on <{tag}>" for u in css_urls(values.get("style") or "") if remote(u)]
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [f"<style> url({u!r})" for u in css_urls(data) if remote(u)]


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":  # "a.png 1x, https://x/b.png 2x"
        return [item.split()[0] for item in value.split(",") if item.split()]
    return [value]


def css_urls(css: str) -> list[str]:
    return [m["url"] for m in _CSS_URL.finditer(css)]


def external_resources(html: str) -> list[str]:
    """Each resource of an HTML (or SVG) text that would be fetched from another host."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin is not None and plugin.config.enabled)


def on_template_context(context, /, *, template_name: str, config: MkDocsConfig):  # type: ignore[no-untyped-def]
    if is_error_template(template_name) and _offline(config):
        context["base_url"] = "."
    return context


_static: list[tuple[str, str]] = []  # (src_uri, abs_src_path) of copied HTML, SVG and CSS files


def resources(name: str, text: str) -> list[str]:
    """external_resources of an HTML or SVG file, or the remote url(...)s of a CSS file."""
    if name.lower().endswith(".css"):
        return [f"url({u!r})" for u in css_urls(text) if remote(u)]
    return external_resources(text)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    _static.clear()
    if _offline(config):
        docs = os.path.join(os.path.abspath(config.docs_dir), "")
        _static.extend((f.src_uri, f.abs_src_path) for f in files
                       if not f.is_documentation_page() and f.abs_src_path and f.abs_src_path.startswith(docs)
                       and f.src_uri.lower().endswith((".html", ".htm", ".svg", ".css")))
    return files


def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    if _offline(config):
        for item in external_resources(output):
            log.warning(f"Doc file '{page.file.src_uri}': {item} loads from the network; the offline docs must not")
    return None


def on_post_build(*, config: MkDocsConfig) -> None:
    for src_uri, path in _static:
        with open(path, encoding="utf-8", errors="replace") as handle:
            found = resources(src_uri, handle.read())
        for item in found:
            log.warning(f"File '{src_uri}': {item} loads from the network; the offline docs must not")
