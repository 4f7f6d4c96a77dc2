"""dockercheck: check the docker commands written in Markdown against docker's own help.

The library never imports MkDocs; ``hooks/check_commands.py`` and the
``dockercheck`` command are thin adapters on top of it.
"""

from .check import FileReport, check_document, markdown_files
from .diagnostics import CODES, Finding
from .extract import extract
from .grammar import Grammar
from .session import DocsChecker, check_line, check_paths, load_grammar

__all__ = [
    "CODES",
    "DocsChecker",
    "FileReport",
    "Finding",
    "Grammar",
    "check_document",
    "check_line",
    "check_paths",
    "extract",
    "load_grammar",
    "markdown_files",
]
