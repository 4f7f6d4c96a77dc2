"""MkDocs hook: Material's search lands on the section that holds the query.

Rewrites search/search_index.json after the search plugin has written it
and before the offline plugin copies it into search_index.js (priority -50,
between the two). Why and how: searchlib.py.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

import searchlib

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@event_priority(-50)
def on_post_build(*, config: MkDocsConfig) -> None:
    path = os.path.join(config.site_dir, "search", "search_index.json")
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as f:
        index = json.load(f)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(searchlib.rebalance(index), f, ensure_ascii=False, separators=(",", ":"))
