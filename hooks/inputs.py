"""MkDocs hook: publish only the project's own files.

A pull request controls what lands in docs/ and img/, and the built site is
published. A symbolic link there (``img/x.png -> /proc/self/environ``, a
folder linked to ``/etc``) would copy a file of the build machine into the
site (and the checker would print its lines in the build log), and a FIFO
or a device would hang or flood the build. So, before any other hook reads a
file (highest priority), each file MkDocs found, and each entry under img/
(which hooks/images.py publishes), must be a regular file whose real path
(links resolved) lies inside docs/, img/ or the theme overrides: a link from
one published file to another is fine, a link to anything else stops the
build and names the file. A page that is not UTF-8 stops it too, naming
the page, line and column. Files of the installed theme (wherever it is
installed, a virtual environment inside the project included) are not
concerned.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import inputslib

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

PUBLISHED = ("img", "overrides")  # besides docs_dir, folders of the project whose files may be published


@event_priority(100)  # before any hook or plugin reads a file
def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    project = os.path.dirname(os.path.abspath(config.config_file_path))
    roots = [config.docs_dir] + [os.path.join(project, name) for name in PUBLISHED]
    paths = [f.abs_src_path for f in files if f.abs_src_path] + inputslib.entries(os.path.join(project, "img"))
    found = inputslib.problems(paths, project, roots)
    if found:
        raise PluginError("Unsafe files in the build:\n  " + "\n  ".join(found))
    for file in files.documentation_pages():
        if file.abs_src_path and not file.generated_by:
            _require_utf8(file)
    return files


def _require_utf8(file: File) -> None:
    """A page that is not UTF-8 stops the build, naming the page, line and column."""
    try:
        _ = file.content_string
        return
    except UnicodeDecodeError:
        data = file.content_bytes
    try:
        data.decode("utf-8")  # again, for the byte's offset in the file (a BOM shifts MkDocs' own)
        start = 0
    except UnicodeDecodeError as error:
        start = error.start
    line = data.count(b"\n", 0, start) + 1
    column = len(data[data.rfind(b"\n", 0, start) + 1 : start].decode("utf-8", "replace")) + 1
    raise PluginError(
        f"Doc file '{file.src_uri}:{line}': not UTF-8: byte 0x{data[start]:02x} at column {column}; "
        "save the page as UTF-8"
    )
