"""Check one Markdown text with a grammar: extraction, validation and suppressions put together.

Pure: the grammar is given. Which help source it reads, and checking many
files again and again, belong to :mod:`dockercheck.session`.
"""

from __future__ import annotations

import dataclasses
import heapq
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import diagnostics as codes
from . import notation, reading
from .diagnostics import Finding
from .extract import Block, Document, Invocation, Suppression, Unchecked, extract, split_lines
from .grammar import Grammar
from .rendered import RenderedBlock, docker_blocks
from .validate import Checked, validate

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


@dataclass(slots=True)
class CheckedInvocation:
    invocation: Invocation
    checked: Checked
    reading: str = "command"  # reading.COMMAND, or reading.SYNOPSIS: shown, not run (a synopsis, a fragment)


@dataclass(slots=True)
class FileReport:
    path: str
    invocations: list[CheckedInvocation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # (index, key) of the code blocks holding "docker", for matching the rendered page (rendered.docker_blocks)
    docker_blocks: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)


def check_document(
    grammar: Grammar, text: str, path: str, document: Document | None = None, *, commands_only: bool = False
) -> FileReport:
    """Check every docker invocation in one Markdown text.

    Each is read as documentation (:func:`reading.read`: a command, a usage
    synopsis, output or prose); with ``commands_only`` every one is checked
    as a command, as docker would parse it.
    """
    doc = document if document is not None else extract(text)
    report = FileReport(path)
    raw: list[Finding] = []
    blocks_with_docker = set()
    unchecked = {index: list(items) for index, items in doc.unchecked.items()}
    for inv in doc.invocations:
        blocks_with_docker.add(inv.block.index)
        if commands_only:
            kind, checked = reading.COMMAND, validate(grammar, inv.words, inv.xargs, inv.env)
        else:
            outcome = reading.read(grammar, inv)
            kind, checked = outcome.kind, outcome.checked
        if kind == reading.OUTPUT:
            unchecked.setdefault(inv.block.index, []).append(Unchecked(inv.line, "docker", "output"))
            continue
        if kind != reading.PROSE:
            report.invocations.append(CheckedInvocation(inv, checked, kind))
        for issue in checked.issues:
            line, column = inv.block.position(issue.start)
            raw.append(Finding(path, line, column, issue.code, issue.message, inv.text, issue.suggestion))
    file_lines: list[str] | None = None
    for block in doc.blocks:
        if block.index in blocks_with_docker:
            for line, column, message in doc.problems.get(block.index, ()):
                raw.append(Finding(path, line, column, codes.SHELL_SYNTAX, f"shell syntax: {message}"))
        if block.index in unchecked:
            file_lines = split_lines(text) if file_lines is None else file_lines
            raw.append(_unchecked_notice(path, file_lines, block, unchecked[block.index]))
    report.findings.extend(_unsuppressed(raw, doc.suppressions))
    for item in doc.suppressions:
        if not item.used:
            what = ", ".join(sorted(item.codes)) or "any finding"
            where = "the next code block" if item.kind == "disable-next-block" else "the lines up to dockercheck-enable"
            report.findings.append(
                Finding(
                    path,
                    item.line,
                    item.column,
                    codes.UNUSED_SUPPRESSION,
                    f"suppression of {what} matches nothing in {where}",
                )
            )
    report.findings.sort(key=Finding.sort_key)
    report.docker_blocks = docker_blocks(doc.blocks)
    return report


_REASONS = {
    "output": "printed output: no prompt, where the block's commands have one",
    "comment": "a comment",
    "docker-compose": "`docker-compose`, the separate v1 program, is not checked",
    "here-document": "inside a here-document (input, not commands)",
    "not read": "not a command the block's shell reads",
}


def _unchecked_notice(path: str, file_lines: list[str], block: Block, items: list[Unchecked]) -> Finding:
    """One notice on a block's fence: how many of its docker lines were not checked, which, and why."""
    by_reason: dict[str, list[int]] = {}
    for item in sorted(items, key=lambda i: i.line):
        reason = "docker-compose" if item.program == "docker-compose" else item.reason
        by_reason.setdefault(reason, []).append(item.line)
    parts = []
    for reason, lines in by_reason.items():
        if reason == "language":
            why = notation.block_reading(block.language, block.content).why_not
            advice = "" if "shown as text" in why else "; write commands in a `sh` block to check them"
            what = f"{why}{advice}"
        else:
            what = _REASONS.get(reason, reason)
        shown = ", ".join(map(str, lines[:8])) + (", ..." if len(lines) > 8 else "")
        parts.append(f"line{'s' if len(lines) > 1 else ''} {shown}: {what}")
    count = len(items)
    fence = file_lines[block.fence_line - 1] if block.fence_line <= len(file_lines) else ""
    return Finding(
        path,
        block.fence_line,
        len(fence) - len(fence.lstrip()) + 1,
        codes.UNCHECKED_LINES,
        f"{count} docker line{'s' if count > 1 else ''} of this code block {'were' if count > 1 else 'was'} "
        f"not checked: {'; '.join(parts)}",
    )


def check_rendered_blocks(grammar: Grammar, path: str, source: str, blocks: Iterable[RenderedBlock]) -> list[Finding]:
    """Check code blocks found in the rendered page but not in the Markdown (``RenderedPage.unread``).

    Each block is read as a fence of its language; its findings are placed
    where its first line with ``docker`` is written in the source, when it is
    found there (the renderer may have rewritten it), else on line 1.
    """
    where: dict[str, int] | None = None  # a source line, stripped -> its first line number
    cursor = 0  # the blocks come in document order: a line not found whole is looked for from here on
    newlines = 0  # how many line ends the source has before the cursor
    note = " (in a code block of the rendered page that the Markdown reader did not see as one)"
    out: list[Finding] = []
    for block in blocks:
        rows = block.text.split("\n")
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", block.text)), default=0))
        report = check_document(grammar, f"{fence}{block.language}\n{block.text}\n{fence}\n", path)
        if not report.findings:
            continue
        if where is None:
            where = {}
            for number, text in enumerate(split_lines(source), 1):
                where.setdefault(text.strip(), number)
        first = next((row for row, text in enumerate(rows) if "docker" in text), 0)
        wanted = rows[first].strip()
        line: int | None = where.get(wanted)
        if line is None and cursor >= 0:
            at = source.find(wanted, cursor) if wanted else -1
            if at >= 0:
                newlines += source.count("\n", cursor, at)
                line, cursor = newlines + 1, at
            else:
                cursor = -1  # not found: no more searching, so a page of such blocks stays linear
        shift = (line if line is not None else first + 1) - first - 2  # the fence puts row 0 on line 2
        out.extend(
            dataclasses.replace(f, line=max(1, f.line + shift), message=f.message + note)
            for f in report.findings
            if f.code != codes.UNUSED_SUPPRESSION
        )
    return out


def _unsuppressed(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """The findings no suppression covers; every suppression that covers one is marked used.

    One sweep down the lines. The suppressions whose range is open are kept
    in a heap by last line and counted per code ("" for those without
    codes); the open ones not yet used are kept per code too, and each is
    marked used once and dropped: a page with thousands of open
    suppressions and thousands of findings stays linear.
    """
    starts = sorted(suppressions, key=lambda item: item.first_line)
    open_: list[tuple[int, int, Suppression]] = []
    counts: dict[str, int] = {}
    unused: dict[str, dict[int, Suppression]] = {}
    kept: list[Finding] = []
    i = 0
    for finding in sorted(findings, key=lambda f: f.line):
        while i < len(starts) and starts[i].first_line <= finding.line:
            item = starts[i]
            heapq.heappush(open_, (item.last_line, i, item))
            for code in item.codes or ("",):
                counts[code] = counts.get(code, 0) + 1
                unused.setdefault(code, {})[i] = item
            i += 1
        while open_ and open_[0][0] < finding.line:
            _, index, item = heapq.heappop(open_)
            for code in item.codes or ("",):
                counts[code] -= 1
                unused.get(code, {}).pop(index, None)
        if counts.get(finding.code, 0) or counts.get("", 0):
            for code in (finding.code, ""):
                for item in unused.pop(code, {}).values():
                    item.used = True
        else:
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
