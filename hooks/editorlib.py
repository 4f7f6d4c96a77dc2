"""Pure helpers behind hooks/editor_notes.py: editor's notes placed after an author's words.

Tested without building a site (tests/test_editorlib.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TITLE = "编者注"


@dataclass(frozen=True)
class EditorNote:
    after: str  # the author's words the note follows (within one line of the page)
    text: str  # the note, Markdown


class EditorNotesError(ValueError):
    pass


def parse(data: Any) -> dict[str, list[EditorNote]]:
    """editor-notes.yml's content: {page.md: [{after: ..., note: ...}, ...]}."""
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise EditorNotesError("must map a page (docker.md) to a list of notes")
    notes: dict[str, list[EditorNote]] = {}
    for page, entries in data.items():
        if not isinstance(entries, list):
            raise EditorNotesError(f"{page}: must be a list of notes")
        for entry in entries:
            after, text = (entry.get(k) if isinstance(entry, Mapping) else None for k in ("after", "note"))
            if not (isinstance(after, str) and after.strip() and isinstance(text, str) and text.strip()):
                raise EditorNotesError(f"{page}: each note needs `after` and `note` texts, got {entry!r}")
            notes.setdefault(str(page), []).append(EditorNote(after.strip(), text.strip()))
    return notes


def insert(markdown: str, notes: list[EditorNote]) -> tuple[str, list[EditorNote]]:
    """Put each note, as an admonition titled 编者注, after the paragraph holding its `after` text.

    The author's lines are kept byte for byte; returns the new Markdown and
    the notes whose text was not found (the page changed: the note is stale).
    """
    lines = markdown.split("\n")
    inserts: dict[int, list[str]] = {}
    missing = []
    for note in notes:
        row = next((i for i, line in enumerate(lines) if note.after in line), None)
        if row is None:
            missing.append(note)
            continue
        end = row
        while end + 1 < len(lines) and lines[end + 1].strip() and not lines[end + 1].startswith("#"):
            end += 1
        body = [f"    {line}" if line else "" for line in note.text.split("\n")]
        inserts.setdefault(end, []).extend(["", f'!!! editor "{TITLE}"', *body, ""])
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        out.extend(inserts.get(i, []))
    return "\n".join(out), missing
