"""Pure helpers behind hooks/diagrams.py: a diagram opens full size, and phones get their layout.

Tested without building a site (tests/test_diagramlib.py).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from urllib.parse import quote, unquote, urlsplit

from notelib import find_img_tags, is_local

NARROW = "-narrow"  # img/<name>-narrow.png: the portrait layout (tools/render_images.py)
PHONE = "(max-width: 600px)"  # Material's own breakpoint for its phone layout is 600 px too


def site_path(src: str, page_url: str) -> str:
    """The path in the built site of a relative `src` on the page at `page_url`."""
    page_dir = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    return posixpath.normpath(posixpath.join(unquote(page_dir), unquote(urlsplit(src).path)))


def narrow_src(src: str, page_url: str, site_files: Collection[str]) -> str | None:
    """The `src` of the image's portrait variant, when the site has one."""
    path = site_path(src, page_url)
    stem, ext = posixpath.splitext(path)
    if path not in site_files or f"{stem}{NARROW}{ext}" not in site_files:
        return None
    name = posixpath.basename(urlsplit(src).path)
    stem_name, ext_name = posixpath.splitext(name)
    return src[: len(src) - len(name)] + f"{stem_name}{quote(NARROW)}{ext_name}"


def wrap_diagrams(html: str, *, page_url: str, site_files: Collection[str]) -> str:
    """Wrap each local <img> in a lightbox link to itself, with its portrait variant for phones.

    <a class="glightbox diagram" href=SRC><picture><source media=PHONE srcset=NARROW><img></picture></a>:
    GLightbox (mkdocs-glightbox) opens the link's image, full size and
    zoomable; the browser picks the narrow file on a phone. An <img> that is
    already inside a link (or not local) is left alone.
    """
    pieces = []
    done = 0
    links = _Links(html)
    for tag in find_img_tags(html):
        src = tag.get("src") or ""
        if not is_local(src) or links.open_at(tag.start):
            continue
        narrow = narrow_src(src, page_url, site_files)
        source = f'<source media="{PHONE}" srcset="{_attr(narrow)}">' if narrow else ""
        pieces += [
            html[done : tag.start],
            f'<a class="glightbox diagram" href="{_attr(src)}" data-type="image" title="点击查看大图">',
            f"<picture>{source}{html[tag.start : tag.end]}</picture></a>",
        ]
        done = tag.end
    pieces.append(html[done:])
    return "".join(pieces)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


_LINK_TAG = re.compile(r"<a |</a>")


class _Links:
    """Whether a position of the HTML is inside a link, for positions asked in increasing order.

    One forward scan over the whole page (looking back from each <img> for
    the last "<a " made a page of many images quadratic).
    """

    def __init__(self, html: str) -> None:
        self.tags = _LINK_TAG.finditer(html)
        self.next = next(self.tags, None)
        self.open = False  # a link is open before self.next

    def open_at(self, position: int) -> bool:
        while self.next is not None and self.next.start() < position:
            self.open = self.next[0] == "<a "
            self.next = next(self.tags, None)
        return self.open
