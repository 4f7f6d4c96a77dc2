"""How a line of documentation that runs docker is read, with docker's command tree.

A code block in a note may hold, besides commands: a usage synopsis
(``docker ps [OPTIONS]``, ``docker image COMMAND``, ``docker stop/start``),
a command named without its arguments (``docker stack rm  # 删除堆栈``), one
option shown alone (``docker run --read-only``), printed output and prose.
None of those is a command a reader types, so none gets a command's errors:

* a **synopsis** is checked as one: its command path must exist and the
  flags it names must be the command's, else a warning (DC107); when they
  are, a single notice (DC203) says it was read as a synopsis and how to
  show it as text. A command **named without its arguments** and an
  **option fragment** (no prompt, no argument, at most one option) get the
  same notice instead of docker's "requires at least 1 argument";
* **output** (a docker line without a prompt among prompted commands that
  names no docker command) is left out and counted in the block's notice;
* **prose** (``docker host.``, ``docker 官方源``, a backquoted command inside
  a sentence) gets a notice (DC204) instead of "unknown command".

Everything else is a command, validated as docker parses it
(:func:`dockercheck.validate.validate`), with one more hint: an argument
count error followed by a line that starts with ``-`` asks about a missing
``\\`` at the end of the line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from . import diagnostics as codes
from . import flags, notation
from .extract import Block, Invocation
from .grammar import Grammar
from .model import Command, Option, Parsing
from .shell import Word
from .validate import Checked, Issue, _did_you_mean, validate

COMMAND, SYNOPSIS, OUTPUT, PROSE = "command", "synopsis", "output", "prose"
TEXT_BLOCK = "to show it as text, put it in a ```text block"
_FLAG_TOKEN = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")
_AFTER = 200  # characters after a command's last word read for its synopsis marks
_LIST_END = re.compile(r"&&|\|\||;|&(?!>)|\s#")


@dataclass(slots=True)
class Read:
    kind: str  # COMMAND, SYNOPSIS, OUTPUT or PROSE
    checked: Checked


def read(grammar: Grammar, inv: Invocation) -> Read:
    """What the line is, and what to report about it (issues at offsets of the block's text)."""
    block = inv.block
    tail = _tail(inv)
    if inv.substitution and _backquoted(block, inv) and notation.prose_around(*_row_and_span(block, inv)):
        return Read(PROSE, Checked(issues=[_prose(inv, "a backquoted command inside a sentence")]))
    marks = notation.synopsis_marks(tail)
    path = _Path(grammar, inv.words)
    if marks or path.marks:
        if inv.unprompted:
            return Read(OUTPUT, Checked())
        return Read(SYNOPSIS, _synopsis(grammar, inv, path, marks + path.marks))
    checked = validate(grammar, inv.words, inv.xargs, inv.env)
    unknown = next((i for i in checked.issues if i.code == codes.UNKNOWN_COMMAND), None)
    if inv.unprompted and (unknown is not None or checked.command is None):
        return Read(OUTPUT, Checked())
    if unknown is not None and not inv.prompt:
        word = block.text[unknown.start : unknown.end]
        if not notation.command_shaped(word) or notation.reads_as_prose(tail):
            return Read(PROSE, Checked(issues=[_prose(inv, f"'{word}' is not a command name")]))
    few = [i for i in checked.issues if i.code == codes.TOO_FEW_ARGUMENTS]
    if few and checked.command is not None:
        if not _continued_below(block, inv):
            shown = _shown_alone(grammar, checked.command, path)
            if shown is not None:
                rest = [i for i in checked.issues if i.code != codes.TOO_FEW_ARGUMENTS]
                return Read(SYNOPSIS, Checked(checked.command, [*rest, _alone(inv, checked.command, shown)]))
        if _continued_below(block, inv):
            few[0].message += "; the next line starts with '-': is a '\\' missing at the end of this line?"
    return Read(COMMAND, checked)


# -- the text around an invocation ----------------------------------------------
def _tail(inv: Invocation) -> str:
    """The command's text from its docker word to the end of its line or of its list (``&&``, ``;``),
    continuations joined and pipes kept (``PATH | URL | -`` is a synopsis's)."""
    text = inv.block.text
    start = inv.words[0].start
    end = max(inv.words[-1].end, start)
    newline = text.find("\n", end)
    # what follows the command on its line, up to a bound (a synopsis's "| URL | -" is short): linear
    stop = min(len(text) if newline < 0 else newline, end + _AFTER)
    tail = text[start:stop]
    cut = _LIST_END.search(notation.blank_quotes(tail), end - start)
    return tail[: cut.start()] if cut else tail


def _line(block: Block, row: int) -> str:
    """A row of the block's lexed text (without reading the whole text: linear in the page)."""
    start = block.line_starts[row]
    end = block.line_starts[row + 1] - 1 if row + 1 < len(block.line_starts) else len(block.text)
    return block.text[start:end]


def _row_and_span(block: Block, inv: Invocation) -> tuple[str, int, int]:
    row = block.row(inv.words[0].start)
    start = block.line_starts[row]
    return _line(block, row), inv.words[0].start - start - 1, inv.words[-1].end - start + 1


def _backquoted(block: Block, inv: Invocation) -> bool:
    i = inv.words[0].start - 1
    while i >= 0 and block.text[i] in " \t":
        i -= 1
    return i >= 0 and block.text[i] == "`"


def _continued_below(block: Block, inv: Invocation) -> bool:
    """The next non-blank line starts with '-': the writer probably forgot a '\\' (or '`')."""
    row = block.row(inv.words[-1].end)
    for below in range(row + 1, min(row + 3, len(block.line_starts))):
        line = _line(block, below).lstrip()
        if line:
            return line.startswith("-") and not line.startswith("--- ")
    return False


def _prose(inv: Invocation, why: str) -> Issue:
    return Issue(
        codes.NOT_A_COMMAND,
        inv.words[0].start,
        inv.words[0].end,
        f"read as printed output or prose, not as a command ({why}); not checked",
    )


# -- the command path, and what a synopsis writes in its place -------------------------
class _Path:
    """The command words of an invocation walked down the tree, as far as they name commands.

    ``marks`` holds what only a synopsis writes where a command name goes: an
    upper-case metavariable (``docker image COMMAND``) and alternatives
    (``docker stop/start/restart``, ``docker build / push / pull``).
    """

    def __init__(self, grammar: Grammar, words: list[Word]) -> None:
        self.grammar = grammar  # the grammar the path is in: a plugin's past `docker compose`
        self.node: Command = grammar.root
        self.marks: list[str] = []
        self.missing: list[str] = []  # command names that are not docker's (in a synopsis: a warning)
        self.alternatives: list[Command] = []
        self.plugin = ""  # a CLI plugin this docker lacks (compose): what follows is not verified
        self.rest: list[Word] = []  # the words after the command path
        profile = grammar.profile
        legacy = profile.legacy_programs.get(os.path.basename(words[0].text))
        entered = grammar.enter(grammar.root, legacy[0]) if legacy else None
        if entered is not None:  # docker-compose: compose v2's tree
            self.grammar, self.node = entered
        rest = _after_flags(self.grammar, self.node, words[1:])
        while self.node.is_group and rest:
            word = rest[0]
            plugin = word.text in profile.plugins or word.text in profile.plugin_stubs
            if plugin and not self.node.path and self.grammar.enter(self.node, word.text) is None:
                self.plugin = profile.plugin_stubs.get(word.text, word.text)
                self.rest = rest[1:]
                return
            names, used = _alternatives(rest)
            if names:
                self.marks.append(" ".join(w.text for w in rest[:used]))
                for name in names:
                    child = self.grammar.find_child(self.node, name) if notation.command_shaped(name) else None
                    if child is None:
                        self.missing.append(f"{self.node.command} {name}")
                    else:
                        self.alternatives.append(child)
                rest = rest[used:]
                break
            if notation.is_metavariable(word.text) and self.grammar.find_child(self.node, word.text) is None:
                self.marks.append(word.text)
                rest = rest[1:]
                break
            if word.text.startswith("[") or word.placeholder is not None or word.dynamic:
                break
            found = self.grammar.enter(self.node, word.text)
            if found is None:
                following = rest[1].text if len(rest) > 1 else ""
                if notation.command_shaped(word.text) and notation.is_metavariable(following):
                    self.missing.append(f"{self.node.command} {word.text}")  # docker engine COMMAND
                    self.marks.append(following)
                break
            self.grammar, child = found
            self.node = child
            rest = _after_flags(self.grammar, child, rest[1:]) if child.is_group else rest[1:]
        self.rest = rest


def _after_flags(grammar: Grammar, cmd: Command, words: list[Word]) -> list[Word]:
    """The words from the first argument on, a command's (or group's) leading flags and notation skipped."""
    i = 0
    while i < len(words):
        text = words[i].text
        if text.startswith("[") and notation.synopsis_marks(text):  # [OPTIONS]
            i += 1
            continue
        if not text.startswith("-") or text in ("-", "--"):
            break
        option = cmd.option(text.split("=", 1)[0] if text.startswith("--") else text[:2])
        i += 1
        if option is not None and option.takes_value and "=" not in text and (text.startswith("--") or len(text) == 2):
            i += 1  # its value
    return words[i:]


def _alternatives(words: list[Word]) -> tuple[list[str], int]:
    """``stop/start/restart`` or ``build / push / pull``: the command names, and how many words they take."""
    first = words[0].text
    if "/" in first.strip("/") and not first.startswith(("/", ".")):
        parts = [p for p in first.split("/") if p]
        if len(parts) > 1 and all(notation.command_shaped(p) for p in parts):
            return parts, 1
    if len(words) > 2 and words[1].text == "/" and notation.command_shaped(first):
        names, i = [first], 1
        while i + 1 < len(words) and words[i].text == "/" and notation.command_shaped(words[i + 1].text):
            names.append(words[i + 1].text)
            i += 2
        return names, i
    return [], 0


def _synopsis(grammar: Grammar, inv: Invocation, path: _Path, marks: list[str]) -> Checked:
    """A usage synopsis checked as one: its commands exist, and so do the flags it names."""
    start, end = inv.words[0].start, inv.words[-1].end
    if path.plugin:
        message = (
            f"read as a usage synopsis (it has {marks[0]}) of the {path.plugin} CLI plugin, which this docker "
            f"({grammar.describe()}) does not have: not verified; {TEXT_BLOCK}"
        )
        return Checked(None, [Issue(codes.PLUGIN_NOT_VERIFIED, start, end, message)])
    problems: list[str] = []
    grammar = path.grammar
    for name in path.missing:
        guess_for = name.rsplit(" ", 1)
        problems.append(f"'{name}' is not a docker command" + _guess(grammar, guess_for[0], guess_for[1]))
    commands = path.alternatives or ([path.node] if not path.missing else [])
    named = [m.group(1) for m in _FLAG_TOKEN.finditer(notation.blank_quotes(" ".join(w.text for w in path.rest)))]
    for cmd in commands:
        for flag in dict.fromkeys(named):
            if not _has_flag(grammar, cmd, flag):
                problems.append(f"'{cmd.command}' has no flag {flag}")
    shown = marks[0]
    if problems:
        message = f"a usage synopsis (it has {shown}) that does not match docker: " + "; ".join(problems)
        return Checked(path.node, [Issue(codes.SYNOPSIS_MISMATCH, start, end, message)])
    names = " and ".join(f"'{c.command}'" for c in commands[:3]) + (" ..." if len(commands) > 3 else "")
    flags_part = (
        f", and so {'does' if len(set(named)) == 1 else 'do'} {', '.join(dict.fromkeys(named))}" if named else ""
    )
    message = (
        f"read as a usage synopsis (it has {shown}), not as a command to run: checked as one, "
        f"{names} {'exists' if len(commands) == 1 else 'exist'}{flags_part}; {TEXT_BLOCK}"
    )
    return Checked(path.node, [Issue(codes.USAGE_SYNOPSIS, start, end, message)])


def _guess(grammar: Grammar, parent_command: str, name: str) -> str:
    parent: Command | None = grammar.root
    for word in parent_command.split()[1 + len(grammar.profile.mount) :]:
        parent = grammar.find_child(parent, word) if parent is not None else None
    if parent is None:
        return ""
    guess = _did_you_mean(name, [r.name for r in parent.subcommands])
    return f" (did you mean '{parent.command} {guess}'?)" if guess else ""


def _has_flag(grammar: Grammar, cmd: Command, flag: str) -> bool:
    if cmd.option(flag) is not None or flag in (f"--{grammar.profile.help_flag.option}", "-h"):
        return True
    if len(flag) > 2 and not flag.startswith("--"):
        return all(cmd.short_option(c) is not None for c in flag[1:])  # a group: -aq
    probe = grammar.probe(cmd, flag)
    return probe is not None and probe.exists


# -- a command named without its arguments, one option shown alone ------------------------
def _shown_alone(grammar: Grammar, cmd: Command, path: _Path) -> str | None:
    """ "" for a bare command name, the option for a fragment (at most one option, no argument); else None."""
    if path.node is not cmd or path.marks:
        return None
    if cmd.parsing is Parsing.NONE:
        return None
    grammar = path.grammar
    base = grammar.lookup(cmd)

    def lookup(name: str, word: Word, at: flags.Span) -> Option | flags.Unverified | None:
        found = base(name, word, at)
        if found is None and _has_flag(grammar, cmd, name):
            return Option(name.lstrip("-"), value_type=None)  # hidden (--net): its value, if any, is an argument
        return found

    found: list[flags.Flag] = []
    for item in flags.scan(path.rest, lookup, cmd.parsing):
        if not isinstance(item, flags.Flag):
            return None
        found.append(item)
    if len(found) > 1:
        return None
    return found[0].word.text if found else ""


def _alone(inv: Invocation, cmd: Command, option: str) -> Issue:
    needs = " ".join(p.display for p in cmd.params if not p.optional) or "its arguments"
    if option:
        what = f"shows the option {option} of '{cmd.command}' without {needs}: read as an option fragment"
    else:
        what = f"names '{cmd.command}' without {needs} (Usage: {cmd.usage}): read as the command's name"
    return Issue(
        codes.USAGE_SYNOPSIS,
        inv.words[0].start,
        inv.words[-1].end,
        f"{what}, not as a command to run; {TEXT_BLOCK}",
    )
