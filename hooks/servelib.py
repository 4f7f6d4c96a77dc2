"""While ``mkdocs serve`` runs, a rebuild that fails leaves the last good build served (no MkDocs import).

MkDocs' live-reload server holds every request until a rebuild succeeds
("The server will appear stuck until build errors are resolved"), and a
build empties the site folder before it reads a single page: one page with
broken front-matter would leave the browser waiting, then with nothing to
show. :func:`keep_last_good` wraps the server's rebuild: the last good
output is moved aside first (renames, nothing copied; with ``--dirty`` it
is copied, as a dirty build rebuilds only what changed), and when the
rebuild fails it is moved back and the failure is reported instead of
raised. The server then answers at once, with the last good pages, and the
next change is built again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

KEPT = "the last good build is still served; the next change is built again"


def keep_last_good(
    build: Callable[..., None], root: Path, report: Callable[[str], None], *, dirty: bool = False
) -> Callable[..., None]:
    """``build`` (it writes the site into ``root``), failing without losing the last good site."""

    def guarded(*args: object, **kwargs: object) -> None:
        try:
            kept = Path(tempfile.mkdtemp(prefix="mkdocs-last-good-", dir=root.parent))  # same file system: renames
        except OSError:
            build(*args, **kwargs)  # nowhere to keep it: MkDocs' own way
            return
        try:
            if dirty:
                shutil.copytree(root, kept, symlinks=True, dirs_exist_ok=True)
            else:
                _move_entries(root, kept)
            try:
                build(*args, **kwargs)
            except BaseException as error:
                _clear(root)
                _move_entries(kept, root)
                if not isinstance(error, (Exception, SystemExit)):  # KeyboardInterrupt goes on
                    raise
                report(failure(error))  # MkDocs' Abort is a SystemExit
        finally:
            shutil.rmtree(kept, ignore_errors=True)

    return guarded


def failure(error: Exception | SystemExit) -> str:
    """One line for an aborted build (MkDocs has logged why), else the line and the traceback."""
    if isinstance(error, SystemExit):
        return f"the rebuild failed ({str(error) or f'exit {error.code}'}): {KEPT}"
    return f"the rebuild failed: {KEPT}\n" + "".join(traceback.format_exception(error)).rstrip()


def _move_entries(source: Path, dest: Path) -> None:
    for entry in os.scandir(source):
        os.replace(entry.path, dest / entry.name)


def _clear(folder: Path) -> None:
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
