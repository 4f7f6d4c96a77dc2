"""Benchmark hook: append the time since ``stopwatch_start`` to $BENCH_STOPWATCH_FILE.

One JSON line per build (per rebuild under ``mkdocs serve``):
``{"on_files_s": seconds, "rss_added": bytes}``, the second the growth of
the process's resident memory over the checker's ``on_files`` (null off Linux).
"""

from __future__ import annotations

import json
import os
import time
from typing import TYPE_CHECKING

import stopwatch_start

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    elapsed = time.perf_counter() - (stopwatch_start.started or time.perf_counter())
    before, after = stopwatch_start.rss_before, stopwatch_start.rss()
    added = after - before if before is not None and after is not None else None
    path = os.environ.get("BENCH_STOPWATCH_FILE")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"on_files_s": elapsed, "rss_added": added}) + "\n")
    return files
