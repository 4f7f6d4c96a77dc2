"""MkDocs hook: jieba's dictionary cache in a folder only this user can write.

Material's search plugin segments Chinese with jieba, which keeps its
dictionary cache as ``jieba.cache`` in the system's temporary folder and
loads it with ``marshal``: any user of the build machine could plant that
file. The cache goes to ``$XDG_CACHE_HOME/jieba/`` (default
``~/.cache/jieba/``), made readable by this user only; should that folder
be unusable (a link, another owner, writable by others), to a fresh private
temporary folder, which costs jieba half a second to fill again.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from dockercheck.sources import cache_home, private_dir

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def cache_folder() -> Path:
    return cache_home() / "jieba"


def on_config(config: MkDocsConfig) -> None:
    try:
        import jieba
    except ImportError:  # without jieba the search plugin does not segment: nothing is cached
        return
    folder = cache_folder()
    jieba.dt.tmp_dir = str(folder) if private_dir(folder, create=True) else tempfile.mkdtemp(prefix="jieba-")
