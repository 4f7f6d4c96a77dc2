"""Findings, their codes, and the output formats.

Every finding has a stable code (``DC002``) with a kebab-case name
(``unknown-flag``), a severity, a 1-based position and, where one exists,
a suggested replacement for the offending text. Severity follows docker:
``error`` is exactly what docker's own parser rejects; ``warning`` is what
docker accepts but is almost surely a mistake; ``info`` is what could not
be verified.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str


# The codes, by name. Code that makes a finding uses these names, never the
# literal "DCnnn"; the README's table is tested against CODES.
UNKNOWN_COMMAND = "DC001"
UNKNOWN_FLAG = "DC002"
MISSING_FLAG_VALUE = "DC003"
INVALID_FLAG_VALUE = "DC004"
TOO_FEW_ARGUMENTS = "DC005"
TOO_MANY_ARGUMENTS = "DC006"
BAD_FLAG_SYNTAX = "DC007"
INVALID_ARGUMENT = "DC008"
HIDDEN_FLAG = "DC101"
DEPRECATED_FLAG = "DC102"
BARE_WORD_FLAGS = "DC103"
SLASH_COMMENT = "DC104"
PLACEHOLDER_KIND = "DC105"
SHELL_SYNTAX = "DC106"
SYNOPSIS_MISMATCH = "DC107"
RETIRED_COMMAND = "DC108"
PLUGIN_NOT_VERIFIED = "DC201"
UNVERIFIABLE_COMMAND = "DC202"
USAGE_SYNOPSIS = "DC203"
NOT_A_COMMAND = "DC204"
UNCHECKED_LINES = "DC205"
UNUSED_SUPPRESSION = "DC301"

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code(UNKNOWN_COMMAND, "unknown-command", "error", "docker has no such command"),
        Code(UNKNOWN_FLAG, "unknown-flag", "error", "the command has no such flag"),
        Code(MISSING_FLAG_VALUE, "missing-flag-value", "error", "a flag that takes a value has none"),
        Code(INVALID_FLAG_VALUE, "invalid-flag-value", "error", "docker's flag parser rejects the value"),
        Code(
            TOO_FEW_ARGUMENTS, "too-few-arguments", "error", "fewer positional arguments than the Usage line requires"
        ),
        Code(TOO_MANY_ARGUMENTS, "too-many-arguments", "error", "more positional arguments than the Usage line allows"),
        Code(BAD_FLAG_SYNTAX, "bad-flag-syntax", "error", "not a flag docker can parse, such as ---x or --=x"),
        Code(
            INVALID_ARGUMENT,
            "invalid-argument",
            "error",
            "docker rejects an argument before contacting the daemon (an image reference, a network's subnets)",
        ),
        Code(HIDDEN_FLAG, "hidden-flag", "warning", "valid, but hidden from docker's help (hidden or deprecated)"),
        Code(DEPRECATED_FLAG, "deprecated-flag", "warning", "docker prints a deprecation notice for this flag"),
        Code(BARE_WORD_FLAGS, "bare-word-flags", "warning", "a bare word such as 'it' that is meant as flags (-it)"),
        Code(SLASH_COMMENT, "slash-comment", "warning", "a // comment that the shell passes to docker as an argument"),
        Code(
            PLACEHOLDER_KIND,
            "placeholder-kind",
            "warning",
            "the placeholder names another kind of object than docker expects",
        ),
        Code(SHELL_SYNTAX, "shell-syntax", "warning", "the snippet is not complete shell (e.g. an unterminated quote)"),
        Code(
            SYNOPSIS_MISMATCH,
            "synopsis-mismatch",
            "warning",
            "a usage synopsis names a command or a flag docker does not have",
        ),
        Code(
            RETIRED_COMMAND,
            "retired-command",
            "warning",
            "a retired program such as docker-compose (Compose v1): write docker compose",
        ),
        Code(
            PLUGIN_NOT_VERIFIED,
            "plugin-not-verified",
            "info",
            "a command of a CLI plugin with no snapshot that this docker lacks",
        ),
        Code(UNVERIFIABLE_COMMAND, "unverifiable-command", "info", "the command name is a placeholder or a variable"),
        Code(
            USAGE_SYNOPSIS,
            "usage-synopsis",
            "info",
            "a usage synopsis, or a command shown without its arguments: checked as a synopsis, not as a command",
        ),
        Code(NOT_A_COMMAND, "not-a-command", "info", "a line of a code block that reads as printed output or prose"),
        Code(
            UNCHECKED_LINES,
            "unchecked-lines",
            "info",
            "docker lines of a code block that were not checked, and why (language, output, comment...)",
        ),
        Code(UNUSED_SUPPRESSION, "unused-suppression", "warning", "a suppression comment that matches no finding"),
    )
}


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int  # 1-based
    column: int  # 1-based, in characters
    code: str
    message: str
    command: str = ""  # the docker command line as written
    suggestion: str | None = None  # replacement for the offending text

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def name(self) -> str:
        return CODES[self.code].name

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code)

    def as_dict(self) -> dict:
        """The keys of ``dockercheck --format json``, in that order."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "command": self.command,
            "suggestion": self.suggestion,
        }

    def text(self, with_command: bool = False) -> str:
        """``path:line:col: CODE severity: message`` (and the command on the next line), safe to print
        on a terminal (see :func:`printable`)."""
        text = f"{self.file}:{self.line}:{self.column}: {self.code} {self.severity}: {self.message}"
        if with_command and self.command:
            text += f"\n    {self.command}"
        return printable(text)


# Control characters (C0, DEL, C1) and the Unicode controls that reorder or
# hide text on a terminal or in a log viewer (bidirectional embeddings,
# overrides and isolates): a snippet's "\x1b[2J" or U+202E must be shown,
# not obeyed.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\u202e``); tabs and newlines kept."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def format_text(findings: Iterable[Finding]) -> str:
    return "".join(f.text() + "\n" for f in sorted(findings, key=Finding.sort_key))


def format_json(findings: Iterable[Finding]) -> str:
    return (
        json.dumps([f.as_dict() for f in sorted(findings, key=Finding.sort_key)], ensure_ascii=False, indent=2) + "\n"
    )


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        out[finding.severity] += 1
    return out
