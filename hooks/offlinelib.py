"""Pure helpers behind hooks/offline.py: which resources of a page would load from the network."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Attributes that make the browser fetch a URL, by element.
_FETCHED = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "script": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
# <link rel=...> values that load what they name.
_LOADING_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
    "dns-prefetch",
    "preconnect",
    "prerender",
}
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


def resources(name: str, text: str) -> list[str]:
    """external_resources of an HTML or SVG file, or the remote url(...)s of a CSS file."""
    if name.lower().endswith(".css"):
        return [f"url({u!r})" for u in css_urls(text) if remote(u)]
    return external_resources(text)
