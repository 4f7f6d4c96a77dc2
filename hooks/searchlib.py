"""Pure helpers behind hooks/search_index.py: a search index where hits land on sections.

Material's search shows one result per page: the page itself as the heading,
then its sections. Two things went wrong with the notes (each page's own
entry has only its title, because a note's text all sits under headings):

- a query matching the page's title alone ("docker run": "docker" is in
  "Docker笔记") made the page outrank its sections, so the section holding
  the command was folded away under "more results", and the page was shown
  as "缺少: run" although its text says `docker run` twice;
- a query matching only the text ("镜像") left the page entry unmatched:
  Material still lists it, with an empty `?h=`, so opening it highlights
  nothing.

So each page entry gets a field `body` with its sections' titles and text
(not shown; it only lets the page match what the page holds, which gives it
the query's terms for `?h=` and no false "缺少"), and a document boost of
PAGE_BOOST, which makes a word of its title count as much as a word of a
section's text: the sections decide the order, the page stays the heading.

Tested without building a site (tests/test_searchlib.py).
"""

from __future__ import annotations

from typing import Any

FIELD = "body"
PAGE_BOOST = 1e-3  # the title field's own boost is 1e3 (Material's default)


def rebalance(index: dict[str, Any]) -> dict[str, Any]:
    """Material's search_index.json content, with the page entries as described above."""
    docs = index["docs"]
    sections: dict[str, list[str]] = {}
    for doc in docs:
        page, hash_, _ = doc["location"].partition("#")
        if hash_:
            sections.setdefault(page, []).extend([doc.get("title", ""), doc.get("text", "")])
    for doc in docs:
        location = doc["location"]
        if "#" in location:
            continue
        doc[FIELD] = " ".join(p for p in [doc.get("text", ""), *sections.get(location, [])] if p)
        doc["boost"] = doc.get("boost", 1) * PAGE_BOOST
    index["config"].setdefault("fields", {})[FIELD] = {"boost": 1}
    return index
