"""Benchmark hook: note the time just before the checker's ``on_files``.

Listed right before ``hooks/check_commands.py`` (and ``stopwatch_stop.py``
right after it); in the build without the checker the two stand side by
side, so both builds run the same hooks except the checker.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

sys.modules.setdefault("stopwatch_start", sys.modules[__name__])  # stopwatch_stop reads `started`

started: float | None = None
rss_before: int | None = None


def rss() -> int | None:
    """Resident memory of this process in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    global started, rss_before
    rss_before = rss()
    started = time.perf_counter()
    return files
