"""Pure helpers behind hooks/inputs.py: which files of the project may be published."""

from __future__ import annotations

import os
import stat


def problems(paths: list[str], project: str, roots: list[str]) -> list[str]:
    """Why each path may not be published.

    ``roots`` are the project's folders whose files may be published; a path
    that is not written under one of them (the installed theme's files) is
    not judged. A root must itself lie inside the project once links are
    resolved, and a path under a root must resolve under a root.
    """
    lexical = os.path.abspath(project)
    real_project = os.path.realpath(project)
    written = [os.path.abspath(r) for r in roots]
    allowed = [r for r in map(os.path.realpath, roots) if _inside(r, real_project)]
    out = []
    for path in paths:
        absolute = os.path.abspath(path)
        if not any(_inside(absolute, root) for root in written):
            continue
        name = os.path.relpath(absolute, lexical)
        real = os.path.realpath(absolute)
        if not any(_inside(real, root) for root in allowed):
            out.append(
                f"'{name}' is a symbolic link (or lies in a linked folder) to {real}, outside the "
                f"published folders of the project: refusing to publish it"
            )
            continue
        try:
            mode = os.stat(real).st_mode
        except OSError as error:
            out.append(f"'{name}' cannot be read: {error.strerror}")
            continue
        if not stat.S_ISREG(mode):
            out.append(f"'{name}' is not a regular file: refusing to publish it")
    return out


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def entries(folder: str) -> list[str]:
    """Every file, link and other entry under ``folder``, links to folders not followed."""
    out = []
    for parent, folders, names in os.walk(folder):
        out += [os.path.join(parent, name) for name in names]
        out += [os.path.join(parent, name) for name in folders if os.path.islink(os.path.join(parent, name))]
    return out
