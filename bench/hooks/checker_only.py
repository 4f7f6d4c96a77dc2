"""Benchmark hook: ``hooks/check_commands.py`` with its command cheat sheet switched off.

The shipped hook checks the commands and also generates the cheat sheet
page (and marks the command lines of each note for it). To measure the
checker alone, this loads the hook as MkDocs would (its folder on
``sys.path`` while it is imported), makes ``_add_cheatsheet`` do nothing
and exposes only ``on_config`` and ``on_files``: the check runs exactly as
in the shipped hook, the cheat sheet's page and line marks do not.
"""

from __future__ import annotations

import importlib.util
import os
import sys

_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "hooks", "check_commands.py")


def _load():
    spec = importlib.util.spec_from_file_location("bench_check_commands", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = sys.path.copy()
    sys.path.insert(0, os.path.dirname(_PATH))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


_hook = _load()
if not hasattr(_hook, "_add_cheatsheet"):
    raise ImportError(f"{_PATH} has no _add_cheatsheet: update bench/hooks/checker_only.py")
_hook._add_cheatsheet = lambda files, config: None
on_config = _hook.on_config
on_files = _hook.on_files
