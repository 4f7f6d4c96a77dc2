"""Find docker invocations in Markdown, with exact 1-based lines and columns.

markdown-it-py finds the fenced code blocks (with line maps); the front
matter is blanked first so that line numbers are the file's own. Each block
is read by the shell its language and content call for
(:func:`notation.block_reading`): POSIX sh by :mod:`dockercheck.shell`,
PowerShell and cmd by :mod:`dockercheck.winshell`, and only the script lines
of YAML and Makefiles. In a block that uses prompts (``$ ``,
``user@host:~$ ``, ``PS C:\\> ``...), lines without one are output and are
skipped (comment lines stay, they describe the commands), except lines that
start with ``docker``: they are kept, marked unprompted. Each simple command
is stripped of ``sudo``, ``VAR=x`` and similar prefixes, and kept when what
remains is ``docker``. Every line of every block that starts a docker command
(:func:`notation.mentions`) and gave no invocation is recorded with the
reason (:attr:`Document.unchecked`), so that none is skipped silently.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from . import containers, notation, winshell
from .profile import DOCKER, Profile
from .shell import Comment, Lexed, SimpleCommand, Word, is_assignment, lex

_NEWLINE = re.compile(r"\r\n?|\n")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_SUPPRESSION = re.compile(
    r"<!--\s*dockercheck-(?P<kind>disable-next-block|disable|enable)(?P<codes>(?:[\s,]+[A-Z]{2}\d{3})*)\s*-->"
)
# Words that may stand before the command they run, and their options that take a value.
_WRAPPERS: dict[str, frozenset[str]] = {
    "sudo": frozenset({"-u", "-g", "-p", "-C", "-D", "-h", "-r", "-t", "-T", "-U", "--user", "--group"}),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "-C", "-S", "--unset", "--chdir"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "timeout": frozenset({"-s", "-k", "--signal", "--kill-after"}),
    "watch": frozenset({"-n", "--interval", "-d"}),
    "xargs": frozenset({"-I", "-i", "-n", "-L", "-P", "-d", "-E", "-s", "-a", "--max-args", "--max-procs"}),
    "time": frozenset(),
    "nohup": frozenset(),
    "exec": frozenset(),
    "command": frozenset(),
    "builtin": frozenset(),
    "winpty": frozenset(),
    "stdbuf": frozenset(),
}
_KEYWORDS = frozenset({"!", "{", "(", "then", "do", "else", "elif", "if", "while", "until"})


@dataclass(slots=True)
class Block:
    """A fenced code block: its language and how its text maps to the file."""

    index: int  # 0-based, among all fenced blocks of the file
    fence_line: int  # 1-based line of the opening fence
    text: str  # the lexed text: prompts removed, output lines emptied
    line_starts: list[int]  # offset of each text line
    content: list[str]  # each content line as markdown-it gives it (container indentation removed)
    originals: list[str]  # the file's line for each content line
    language: str = ""
    dialect: str | None = None  # the shell that reads it (notation.POSIX...); None: not read
    prompts: dict[int, str] = field(default_factory=dict)  # row -> its prompt style
    output: set[int] = field(default_factory=set)  # rows read as output (no prompt where others have one)
    unprompted: set[int] = field(default_factory=set)  # docker lines without a prompt where others have one

    def column(self, row: int) -> int:
        """0-based file column of index 0 of text line ``row`` (below 0 where a tab became spaces).

        markdown-it reads NUL as U+FFFD and, where its indentation takes part
        of a tab, writes the rest of the tab as spaces: the content line is
        those spaces and then the end of the file's line.
        """
        if row >= len(self.content):
            return 0
        original, content_line = self.originals[row], self.content[row]
        same = original.replace("\0", "\ufffd").endswith(content_line.lstrip(" "))
        return len(original) - len(content_line) if same else 0

    def row(self, offset: int) -> int:
        """The 0-based text line that holds an offset in ``text``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int, row: int | None = None) -> tuple[int, int]:
        """(line, column), 1-based, in the file for an offset in ``text`` (``row``: its line, if known)."""
        row = self.row(offset) if row is None else row
        return self.fence_line + 1 + row, max(1, self.column(row) + offset - self.line_starts[row] + 1)


@dataclass(slots=True)
class Invocation:
    """One docker command as the documentation writes it."""

    words: list[Word]  # words[0] is docker itself
    block: Block
    line: int
    column: int
    text: str  # the command as written, continuation lines joined
    comment: str | None = None  # the note's own comment for it
    xargs: bool = False  # xargs appends more arguments
    substitution: bool = False  # inside $(...) or backquotes
    line_in_block: int = 0  # 0-based line of the docker word inside the block
    prompt: str = ""  # the prompt style of its line ("" when none)
    unprompted: bool = False  # no prompt in a block that uses them: a command only if it names one
    env: dict[str, str] = field(default_factory=dict)  # variables set for it: DOCKER_BUILDKIT=0 docker build


@dataclass(slots=True)
class Unchecked:
    """A line of a block that starts a docker command and was not checked, and why."""

    line: int  # 1-based, in the file
    program: str  # "docker" or "docker-compose"
    reason: str  # "language", "output", "comment", "docker-compose", "here-document", "not read"


@dataclass(slots=True)
class Suppression:
    line: int
    column: int
    kind: str  # "disable-next-block" or "disable"
    codes: frozenset[str]  # empty: every code
    first_line: int  # the lines it covers, inclusive
    last_line: int
    used: bool = False

    def covers(self, line: int, code: str) -> bool:
        return self.first_line <= line <= self.last_line and (not self.codes or code in self.codes)


@dataclass(slots=True)
class Document:
    invocations: list[Invocation] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    problems: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)  # block -> (line, column, message)
    unchecked: dict[int, list[Unchecked]] = field(default_factory=dict)  # block -> its docker lines not checked


SHELL_LANGUAGES = notation.SHELL_LANGUAGES  # the languages read as sh (notation.block_reading has the rest)

# Only block tokens are read (fences, HTML blocks): inline parsing, half of
# the parse time of a page of prose, is switched off, and so are the block
# rules whose tokens are never read and which cannot hold or hide a fence
# (headings, thematic breaks, link reference definitions): a fence
# interrupts the paragraph such a line then becomes.
# The containers Python-Markdown's extensions render as Markdown (admonitions,
# details, tabs, md_in_html) are parsed too: a fence inside one is a fence.
_MD = containers.use(
    MarkdownIt("commonmark").disable(["inline", "text_join", "heading", "lheading", "hr", "reference"])
)


def _paragraph(state, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's paragraph rule without its tokens, which are never read.

    The same walk as ``markdown_it.rules_block.paragraph``: a paragraph ends
    at a blank line or where a block that may interrupt it starts. Neither
    its text (a copy of the lines) nor its three tokens are made: on pages
    of prose that takes about a quarter off the block parse.
    """
    next_line = start_line + 1
    terminators = state.md.block.ruler.getRules("paragraph")
    end_line = state.lineMax
    old_parent = state.parentType
    state.parentType = "paragraph"
    while next_line < end_line:
        if state.isEmpty(next_line):
            break
        # an indented line or a lazy continuation in a block quote: still this paragraph
        if state.sCount[next_line] - state.blkIndent > 3 or state.sCount[next_line] < 0:
            next_line += 1
            continue
        if any(rule(state, next_line, end_line, True) for rule in terminators):
            break
        next_line += 1
    state.line = next_line
    state.parentType = old_parent
    return True


_MD.block.ruler.at("paragraph", _paragraph)


def _block_tokens(body: str) -> list:
    """The block tokens of ``body``, whose lines already end in \\n alone.

    The block parser is called directly: of the core rules only
    ``normalize`` (line ends, NUL) would run before it, and it is done here.
    """
    tokens: list = []
    _MD.block.parse(body.replace("\0", "\ufffd"), _MD, {}, tokens)
    return tokens


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them (\\r\\n, \\r and \\n end a line; nothing else)."""
    return _NEWLINE.split(text)


def front_matter_lines(lines: list[str]) -> int:
    """How many leading lines are YAML front matter (0 when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if _FRONT_MATTER_END.match(lines[index]):
            return index + 1
    return 0


def _language(info: str) -> str:
    first = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    return first.strip("{}").lstrip(".").lower()


def _docker_words(command: SimpleCommand, programs: tuple[str, ...]) -> tuple[list[Word], bool, dict[str, str]] | None:
    """The program's words of a simple command, whether xargs adds to them, and the variables set for it."""
    words = command.words
    i, n = 0, len(words)
    xargs = False
    env: dict[str, str] = {}
    while i < n:
        word = words[i]
        text = word.text
        if is_assignment(word) or text in _KEYWORDS:
            if is_assignment(word):
                name, _, value = text.partition("=")
                env[name.rstrip("+")] = value
            i += 1
            continue
        takes_value = _WRAPPERS.get(text)
        if takes_value is None or word.quoted:
            break
        xargs |= text == "xargs"
        i += 1
        while i < n and words[i].text.startswith("-") and len(words[i].text) > 1:
            option = words[i].text
            i += 1
            if option == "--":
                break
            if option in takes_value and i < n:
                i += 1
        if text == "env":
            while i < n and is_assignment(words[i]):
                name, _, value = words[i].text.partition("=")
                env[name] = value
                i += 1
        elif text == "timeout" and i < n:
            i += 1  # the duration
    if i < n and not words[i].quoted and not words[i].dynamic and os.path.basename(words[i].text) in programs:
        return words[i:], xargs, env
    return None


class _CommentHeads:
    """The comment lines that head each line's group of command lines.

    A group ends upwards at a blank line or a comment line; the comments
    directly above that point (consecutive comment lines) head the group.
    One pass over the block records, for each line, where its group ends
    upwards and where that run of comments starts; a run is joined only when
    a command below it asks, and once: a block of many comment lines stays
    linear in time and memory.
    """

    def __init__(self, lines: list[str], comment_rows: dict[int, Comment]) -> None:
        self.comment_rows = comment_rows
        self.stops: list[int] = []  # row -> the nearest row above it that is blank or a comment
        self.run_starts: dict[int, int] = {}  # comment row -> first row of its run of comment lines
        self.joined: dict[int, str | None] = {}
        stop = -1
        for row, line in enumerate(lines):
            self.stops.append(stop)
            if row in comment_rows:
                self.run_starts[row] = self.run_starts.get(row - 1, row)
                stop = row
            elif not line.strip():
                stop = row

    def __getitem__(self, row: int) -> str | None:
        stop = self.stops[row]
        if stop not in self.comment_rows:
            return None
        if stop not in self.joined:
            texts = (self.comment_rows[r].text.strip() for r in range(self.run_starts[stop], stop + 1))
            self.joined[stop] = " ".join(texts) or None
        return self.joined[stop]


def extract(text: str, profile: Profile = DOCKER) -> Document:
    """Every invocation of the profile's program (docker) in a Markdown text, plus suppression comments."""
    lines = split_lines(text)
    skip = front_matter_lines(lines)
    body = "\n".join([""] * skip + lines[skip:])
    doc = Document()
    fences = []
    for token in _block_tokens(body):
        if token.type == "fence" and token.map:
            fences.append(token)
        elif token.type == "html_block" and token.map:
            for match in _SUPPRESSION.finditer(token.content):
                codes = frozenset(re.findall(r"[A-Z]{2}\d{3}", match["codes"]))
                before = token.content[: match.start()].count("\n")
                line = token.map[0] + 1 + before
                column = len(token.content[: match.start()].rsplit("\n", 1)[-1]) + 1
                doc.suppressions.append(Suppression(line, column, match["kind"], codes, line, line))
    _resolve_suppressions(doc.suppressions, fences, len(lines))
    for index, token in enumerate(fences):
        language = _language(token.info)
        block = _make_block(index, language, token, lines, profile)
        doc.blocks.append(block)
        if profile.program not in token.content and "\\" not in token.content:
            continue  # without the program's name (or a backslash: dock\\er is docker too) no line runs it
        first = len(doc.invocations)
        if block.dialect is not None:
            _extract_block(block, doc, (*profile.executables, *profile.legacy_programs))
        _record_unchecked(block, doc, profile, {inv.line_in_block for inv in doc.invocations[first:]})
    return doc


def _make_block(index: int, language: str, token, lines: list[str], profile: Profile = DOCKER) -> Block:
    first = token.map[0] + 1  # 0-based index of the first content line
    content = token.content.split("\n")
    if content and content[-1] == "":
        content.pop()
    reading = notation.block_reading(language, content)
    processed = content
    prompted = None
    if reading.dialect is not None and profile.program in token.content:
        if reading.embedded:
            processed = notation.embedded_lines(content, reading.embedded, profile.executables)
        else:
            prompted = notation.read_prompts(content, reading.dialect, profile.executables)
            processed = prompted.lines
    starts = []
    offset = 0
    for line in processed:
        starts.append(offset)
        offset += len(line) + 1
    if not starts:
        starts = [0]
    originals = lines[first : first + len(content)]
    originals += [""] * (len(content) - len(originals))
    text = "\n".join(processed)
    block = Block(index, token.map[0] + 1, text, starts, content, originals, language, reading.dialect)
    if prompted is not None:
        block.prompts, block.output, block.unprompted = prompted.prompts, prompted.output, prompted.unprompted
    return block


def _lex(block: Block) -> Lexed:
    if block.dialect in (notation.POWERSHELL, notation.CMD):
        return winshell.lex(block.text, block.dialect)
    return lex(block.text)


def _extract_block(block: Block, doc: Document, programs: tuple[str, ...]) -> None:
    for row in list(block.unprompted):  # output that starts with "docker" and is not complete shell
        if lex(block.content[row]).problems:
            block.unprompted.discard(row)
            block.output.add(row)
            start = block.line_starts[row]
            block.text = (
                block.text[:start] + " " * len(block.content[row]) + block.text[start + len(block.content[row]) :]
            )
    lexed = _lex(block)
    comment_rows: dict[int, Comment] = {}
    for item in lexed.comments:
        row = block.row(item.start)
        if not block.text[block.line_starts[row] : item.start].strip():
            comment_rows[row] = item
    for offset, message in lexed.problems:
        line, column = block.position(min(offset, max(len(block.text) - 1, 0)))
        doc.problems.setdefault(block.index, []).append((line, column, message))
    heads: _CommentHeads | None = None
    for command in lexed.commands:
        found = _docker_words(command, programs)
        if found is None:
            continue
        words, xargs, env = found
        start = words[0].start
        row = block.row(start)
        written = _one_line(block.text[start : words[-1].end], _CONTINUATION.get(block.dialect or "", "\\"))
        comment: str | None
        if command.comment:
            comment = command.comment.text.strip()
        else:
            if heads is None:
                heads = _CommentHeads(block.text.split("\n"), comment_rows)
            comment = heads[row]
        line, column = block.position(start, row)
        doc.invocations.append(
            Invocation(
                words,
                block,
                line,
                column,
                written,
                comment,
                xargs,
                command.substitution,
                row,
                block.prompts.get(row, ""),
                row in block.unprompted,
                env,
            )
        )


def _record_unchecked(block: Block, doc: Document, profile: Profile, checked: set[int]) -> None:
    """The rows of a block that start a docker command but gave no invocation (``checked``: the rows
    that did), with the reason."""
    found: list[Unchecked] = []
    text_lines = block.text.split("\n")
    heredoc_rows = _heredoc_rows(text_lines) if block.dialect == notation.POSIX else set()
    for row, line in enumerate(block.content):
        if row in checked or profile.program not in line:
            continue
        program = notation.mentions(line, profile.executables)
        if program is None:
            continue
        if block.dialect is None:
            reason = "language"
        elif program != "docker":
            reason = program
        elif row in block.output:
            reason = "output"
        elif row in heredoc_rows:
            reason = "here-document"
        elif _is_comment(text_lines[row] if row < len(text_lines) else "", block.dialect):
            reason = "comment"
        else:
            reason = "not read"
        found.append(Unchecked(block.fence_line + 1 + row, program, reason))
    if found:
        doc.unchecked[block.index] = found


def _is_comment(line: str, dialect: str | None) -> bool:
    text = line.lstrip()
    if dialect == notation.CMD:
        return text.lower().startswith(("rem ", "::", "@rem "))
    return text.startswith("#")


def _heredoc_rows(lines: list[str]) -> set[int]:
    """Rows inside here-documents (their text is input, not commands)."""
    rows: set[int] = set()
    delimiter: tuple[str, bool] | None = None
    for row, line in enumerate(lines):
        if delimiter is not None:
            rows.add(row)
            if (line.lstrip("\t") if delimiter[1] else line) == delimiter[0]:
                delimiter = None
            continue
        match = _HEREDOC.search(line)
        if match and "<<<" not in line[max(0, match.start() - 1) : match.start() + 3]:
            delimiter = (match["word"], match["dash"] == "-")
    return rows


_HEREDOC = re.compile(r"<<(?P<dash>-?)\s*(?P<q>['\"]?)(?P<word>[A-Za-z_][\w.-]*)(?P=q)")


_CONTINUATION: dict[str, str] = {notation.POWERSHELL: "`", notation.CMD: "^"}


def _one_line(text: str, marker: str = "\\") -> str:
    """The command on one line: each continuation, with the blanks around it, becomes one space.

    Not a regex: one starting with \\s* tries every blank of a long run as a start (quadratic).
    """
    pieces = re.split(re.escape(marker) + r"[ \t]*\n", text) if marker in text else [text]
    if len(pieces) == 1:
        return text
    last = len(pieces) - 1
    return " ".join(p.lstrip() if i == last else p.rstrip() if i == 0 else p.strip() for i, p in enumerate(pieces))


def _resolve_suppressions(suppressions: list[Suppression], fences, line_count: int) -> None:
    """Turn each suppression comment into the range of lines it covers."""
    fence_spans = [(t.map[0] + 1, t.map[1]) for t in fences]  # in document order
    fence_starts = [span[0] for span in fence_spans]
    enables = sorted(s.line for s in suppressions if s.kind == "enable")
    for item in suppressions:
        if item.kind == "disable-next-block":
            following = bisect.bisect_right(fence_starts, item.line)  # the first fence below it
            if following < len(fence_spans):
                item.first_line, item.last_line = fence_spans[following]
            else:
                item.first_line = item.last_line = -1
        elif item.kind == "disable":
            later = bisect.bisect_right(enables, item.line)
            item.first_line, item.last_line = item.line, (enables[later] if later < len(enables) else line_count)
    suppressions[:] = [s for s in suppressions if s.kind != "enable"]
