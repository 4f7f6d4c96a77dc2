"""Pure helpers behind hooks/toc.py: which sections of a rendered page are empty.

Tested without building a site (tests/test_toclib.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A heading Python-Markdown's toc extension has given an id, up to its end tag
# (the permalink anchor sits inside it).
_HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]*)"[^>]*>.*?</h\1>', re.DOTALL)


def empty_sections(html: str) -> set[str]:
    """Ids of the headings whose section holds nothing.

    A section runs from its heading to the next heading of the same or a
    higher level. It is empty when nothing but whitespace stands between its
    heading and the next heading, and every subsection is empty too.
    """
    headings = [(int(m[1]), m[2], m.start(), m.end()) for m in _HEADING.finditer(html)]
    empty: set[str] = set()
    # From the last heading up, so that a section's subsections are judged first.
    for i in range(len(headings) - 1, -1, -1):
        level, ident, _, end = headings[i]
        following = headings[i + 1][2] if i + 1 < len(headings) else len(html)
        if html[end:following].strip():
            continue
        # Its subsections: the headings that follow, up to one of the same or a higher level
        # (indexes, not a slice: a copy of the rest for every heading made a long page quadratic).
        j = i + 1
        while j < len(headings) and headings[j][0] > level and headings[j][1] in empty:
            j += 1
        if j == len(headings) or headings[j][0] <= level:
            empty.add(ident)
    return empty


def exclude_from_search(html: str, ids: Iterable[str]) -> str:
    """Give the headings with these ids Material's `data-search-exclude` attribute."""
    ids = set(ids)

    def mark(match: re.Match[str]) -> str:
        if match[2] not in ids:
            return match[0]
        return f"<h{match[1]} data-search-exclude" + match[0][3:]

    return _HEADING.sub(mark, html)


def prune(items: list, drop: Iterable[str]) -> None:
    """Remove, in place and at every depth, the toc items whose id is in `drop`.

    `items` is a list of objects with `.id` and `.children` (MkDocs' AnchorLink).
    """
    drop = set(drop)
    items[:] = [item for item in items if item.id not in drop]
    for item in items:
        prune(item.children, drop)
