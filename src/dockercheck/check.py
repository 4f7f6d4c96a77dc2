"""Check Markdown files: extraction, validation and suppressions put together."""

from __future__ import annotations

import dataclasses
import heapq
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .diagnostics import Finding
from .extract import Document, Invocation, Suppression, extract
from .grammar import Grammar, load_grammar
from .validate import Checked, validate

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


@dataclass(slots=True)
class CheckedInvocation:
    invocation: Invocation
    checked: Checked


@dataclass(slots=True)
class FileReport:
    path: str
    invocations: list[CheckedInvocation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def check_document(grammar: Grammar, text: str, path: str, document: Document | None = None) -> FileReport:
    """Check every docker invocation in one Markdown text."""
    doc = document if document is not None else extract(text)
    report = FileReport(path)
    raw: list[Finding] = []
    blocks_with_docker = set()
    for inv in doc.invocations:
        blocks_with_docker.add(inv.block.index)
        checked = validate(grammar, inv.words, inv.xargs)
        report.invocations.append(CheckedInvocation(inv, checked))
        for issue in checked.issues:
            line, column = inv.block.position(issue.start)
            raw.append(Finding(path, line, column, issue.code, issue.message, inv.text, issue.suggestion))
    for block in doc.blocks:
        if block.index in blocks_with_docker:
            for line, column, message in doc.problems.get(block.index, ()):
                raw.append(Finding(path, line, column, "DC106", f"shell syntax: {message}"))
    report.findings.extend(_unsuppressed(raw, doc.suppressions))
    for item in doc.suppressions:
        if not item.used:
            what = ", ".join(sorted(item.codes)) or "any finding"
            where = "the next code block" if item.kind == "disable-next-block" else "the lines up to dockercheck-enable"
            report.findings.append(
                Finding(path, item.line, item.column, "DC301", f"suppression of {what} matches nothing in {where}")
            )
    report.findings.sort(key=Finding.sort_key)
    return report


def _unsuppressed(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """The findings no suppression covers; every suppression that covers one is marked used.

    One sweep down the lines with the suppressions whose range is open
    (a heap by last line): a page with thousands of suppressed blocks stays
    linear, where asking every suppression about every finding did not.
    """
    starts = sorted(suppressions, key=lambda item: item.first_line)
    open_: list[tuple[int, int, Suppression]] = []
    kept: list[Finding] = []
    i = 0
    for finding in sorted(findings, key=lambda f: f.line):
        while i < len(starts) and starts[i].first_line <= finding.line:
            heapq.heappush(open_, (starts[i].last_line, i, starts[i]))
            i += 1
        while open_ and open_[0][0] < finding.line:
            heapq.heappop(open_)
        suppressed = False
        for _, _, item in open_:
            if item.covers(finding.line, finding.code):
                item.used = suppressed = True
        if not suppressed:
            kept.append(finding)
    return kept


def markdown_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The Markdown files named, and those under the folders named, sorted."""
    out: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*")) if p.suffix.lower() in MARKDOWN_SUFFIXES and p.is_file())
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def read_markdown(path: Path) -> str:
    """The file's text; bytes that are not UTF-8 become U+FFFD (positions stay right)."""
    return path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")


def command_words(documents: Iterable[Document]) -> list[list[str]]:
    """What follows ``docker`` in every invocation: for Grammar.prefetch."""
    return [[w.text for w in inv.words[1:]] for doc in documents for inv in doc.invocations]


_GRAMMAR: Grammar | None = None


def default_grammar() -> Grammar:
    global _GRAMMAR
    if _GRAMMAR is None:
        _GRAMMAR = load_grammar("auto")
    return _GRAMMAR


def check_line(text: str, grammar: Grammar | None = None) -> list[Finding]:
    """Check shell text (one command line, or several) as if it were a code block."""
    grammar = grammar or default_grammar()
    report = check_document(grammar, f"```sh\n{text}\n```\n", "<line>")
    return [dataclasses.replace(f, line=f.line - 1) for f in report.findings]


def check_paths(paths: Sequence[str | os.PathLike[str]], source: str = "auto") -> tuple[Grammar, list[FileReport]]:
    """Check Markdown files and folders; the grammar is loaded for what they use."""
    from .session import DocsChecker

    texts = {str(f): read_markdown(f) for f in markdown_files(paths)}
    checker = DocsChecker(source)
    reports = checker.check(texts)
    assert checker.grammar is not None
    return checker.grammar, reports
