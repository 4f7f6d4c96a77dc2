"""Find the "docker lines" of a Markdown file: the harness's own definition.

This module is deliberately independent of the checker (it imports nothing
from ``dockercheck``): the evaluation measures the checker against it.

A docker line is a line inside a fenced code block of ANY language (or none)
where, after an optional prompt and wrappers are stripped, the word
``docker`` (or ``docker-compose``) starts a command, also after ``&&``,
``||``, ``|``, ``;``, ``&`` or inside ``$(...)`` / backquotes.  Continuation
lines are joined to the line where the command starts: a trailing ``\\`` (in
any block), PowerShell's trailing backtick and cmd's ``^`` (in Windows
blocks; a trailing " `" in any block), and the lines of a quote that goes on
over several lines when it closes before a prompt starts a new command.  The
docker line is the first line and spans the joined ones.
Bodies of here-documents are input, not commands, and are skipped.

Prompts stripped (record in ``DockerLine.prompt``): ``$ ``, ``# ``, ``> ``,
``PS>`` / ``PS C:\\dir>``, ``C:\\dir>``, ``user@host:~$ `` / ``root@host:~# ``,
``[root@host ~]# ``, ``➜  dir ``.  Wrappers: shell keywords (``then``,
``do``...), ``sudo`` (and its options), ``VAR=x`` assignments, ``env``, ``time``, ``nohup``, ``exec``, ``command``,
``xargs`` (and its options), ``watch``, ``winpty``.  In YAML blocks a list
marker ``- `` and a ``run:``/``script:``/``command:`` key are stripped; in
Makefile blocks the ``@``/``-`` recipe prefixes.

Each docker line has a stable key: ``repo:path:line:sha`` where sha is the
first 12 hex digits of the sha1 of the start line's text with its prompt
and surrounding whitespace removed.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

DOCKER_WORDS = frozenset({"docker", "docker-compose"})
# What a $(...) or `...` substitution becomes in the outer command (a neutral word).
SUBSTITUTION = "subst"
WINDOWS_LANGUAGES = frozenset(
    {"powershell", "ps1", "ps", "pwsh", "posh", "cmd", "bat", "batch", "dos", "doscon", "bat-script"}
)
YAML_LANGUAGES = frozenset({"yaml", "yml"})
MAKE_LANGUAGES = frozenset({"makefile", "make", "mk"})

_NEWLINE = re.compile(r"\r\n?|\n")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")

# (name, pattern); the first that matches is stripped.  Order matters: the
# specific shapes come before the one-character prompts.
PROMPTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("[user@host]", r"^\[[^\]\n]*@[^\]\n]*\]\s?[$#%]\s*"),
        ("user@host", r"^[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s?[$#%]\s*"),
        ("PS", r"^PS(?: [^>\n]*)?>\s*"),
        ("C:", r"^[A-Za-z]:\\[^>\n]*>\s*"),
        ("zsh", r"^➜\s+\S+\s+(?:git:\([^)]*\)\s+(?:✗\s+)?)?"),
        ("$", r"^\$\s+"),
        ("#", r"^#\s+"),
        (">", r"^>\s+"),
    )
)
# A prompt that marks a block as one that uses prompts ("#" and ">" are also
# comments / quotes, so they do not count).
UNAMBIGUOUS_PROMPTS = frozenset({"[user@host]", "user@host", "PS", "C:", "zsh", "$"})

_WRAPPERS: dict[str, frozenset[str]] = {
    # wrapper -> its options that take a value
    "sudo": frozenset({"-u", "-g", "-p", "-C", "-D", "-h", "-r", "-t", "-T", "-U", "--user", "--group"}),
    "env": frozenset({"-u", "-C", "-S", "--unset", "--chdir"}),
    "xargs": frozenset({"-I", "-i", "-n", "-L", "-P", "-d", "-E", "-s", "-a", "--max-args", "--max-procs"}),
    "watch": frozenset({"-n", "--interval"}),
    "time": frozenset(),
    "nohup": frozenset(),
    "exec": frozenset(),
    "command": frozenset(),
    "winpty": frozenset(),
}
# Shell words that may stand before a command (if ...; then docker ...; fi).
_KEYWORDS = frozenset({"if", "then", "do", "else", "elif", "while", "until", "!", "{", "("})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\+?=")
# A documentation placeholder such as <container_id>, <image name>, <a||b>.
PLACEHOLDER = re.compile(r"<(?![\s<(&])[^<>\n]{0,60}?[^\s<>]>")
_REDIRECT = re.compile(r"(?:\d+|&)?(?:>>|>\||>&|<>|<&|<<<|<<-|<<|>|<)(?:&?-|&?\d+(?![^\s;&|]))?")
_HEREDOC = re.compile(r"""<<-?\s*(['"]?)([A-Za-z_][\w.-]*)\1""")
_YAML_PREFIX = re.compile(r"^(?:-\s+)?(?:(?:run|script|command|cmd|entrypoint)\s*:\s*(?:[|>]-?\s*$)?)?(?:-\s+)?")
_MAKE_PREFIX = re.compile(r"^[@+-]+")


@dataclass(frozen=True, slots=True)
class Fence:
    language: str  # first word of the info string, lower case ("" when none)
    fence_line: int  # 1-based line of the opening fence
    first_line: int  # 1-based file line of the first content line
    lines: tuple[str, ...]  # content lines (container indentation removed)
    uses_prompts: bool


@dataclass(slots=True)
class DockerLine:
    path: str
    line: int  # 1-based first line
    end_line: int  # 1-based last line (continuations, open quotes)
    text: str  # the command text: prompt stripped, continuations joined
    start_text: str  # the first line with its prompt stripped, whitespace trimmed (hashed into the key)
    language: str
    fence_line: int
    block_uses_prompts: bool
    prompt: str  # the prompt stripped ("" when none)
    windows: bool  # backslash is literal, continuation is ` or ^
    commands: list[list[str]] = field(default_factory=list)  # docker simple commands (raw word lists)
    repo: str = ""

    @property
    def sha(self) -> str:
        return line_sha(self.start_text)

    @property
    def key(self) -> str:
        return make_key(self.repo, self.path, self.line, self.start_text)


def line_sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def make_key(repo: str, path: str, line: int, start_text: str) -> str:
    return f"{repo}:{path}:{line}:{line_sha(start_text)}"


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them (str.splitlines also splits at \\f, \\x1c, U+2028...)."""
    return _NEWLINE.split(text)


_MD = MarkdownIt("commonmark")


def fences(text: str) -> list[Fence]:
    """Every fenced code block of a Markdown text (front matter ignored)."""
    lines = split_lines(text)
    skip = 0
    if lines and lines[0].rstrip() == "---":
        for i in range(1, len(lines)):
            if _FRONT_MATTER_END.match(lines[i]):
                skip = i + 1
                break
    body = "\n".join([""] * skip + lines[skip:])
    out = []
    for token in _MD.parse(body):
        if token.type != "fence" or not token.map:
            continue
        content = token.content.split("\n")
        if content and content[-1] == "":
            content.pop()
        language = (token.info.strip().split(None, 1) or [""])[0].lower().strip("{}.")
        uses = any(strip_prompt(line)[0] in UNAMBIGUOUS_PROMPTS for line in content)
        out.append(Fence(language, token.map[0] + 1, token.map[0] + 2, tuple(content), uses))
    return out


def strip_prompt(line: str) -> tuple[str, str]:
    """(prompt name, rest) for one content line; ("", line stripped) when no prompt."""
    stripped = line.strip()
    for name, pattern in PROMPTS:
        match = pattern.match(stripped)
        if match:
            return name, stripped[match.end() :]
    return "", stripped


def _continues(text: str, windows: bool) -> tuple[bool, str]:
    """Does the line go on on the next one? Return the text without the marker."""
    body = text.rstrip()
    if body.endswith(" `") and body.count("`") % 2:
        return True, body[:-1]  # PowerShell, in a block of any language (an odd backquote ends no sh line)
    if windows and body.endswith(("`", "^")):
        return True, body[:-1]
    if body.endswith("\\") and not body.endswith("\\\\"):
        return True, body[:-1]  # also in Windows blocks, where notes use it as in sh
    return False, text


def _continuation_text(line: str) -> str:
    """A continuation line without its "> " continuation prompt."""
    prompt, rest = strip_prompt(line)
    return rest if prompt == ">" else line.strip()


def _open_quote(text: str, windows: bool) -> bool:
    """True when a quote opened on this text is not closed (POSIX rules)."""
    quote = ""
    i = 0
    while i < len(text):
        c = text[i]
        if quote == "'":
            if c == "'":
                quote = ""
        elif quote == '"':
            if c == "\\" and not windows:
                i += 1
            elif c == '"':
                quote = ""
        else:
            if c == "\\" and not windows:
                i += 1
            elif c == "#" and (i == 0 or text[i - 1].isspace()):
                return False
            elif c in "'\"":
                quote = c
        i += 1
    return bool(quote)


# --------------------------------------------------------------------------
# Splitting a logical line into simple commands (raw text of each).
# --------------------------------------------------------------------------


def simple_commands(text: str, windows: bool = False) -> list[str]:
    """The simple commands of a logical line, as raw text (quotes kept).

    Splits at unquoted ``|``, ``||``, ``&&``, ``;``, ``&``, ends at an unquoted
    ``#`` that starts a word, drops redirections with their target, and
    returns the text of each ``$(...)`` / backquote substitution as commands
    of their own (the substitution itself becomes the word ``subst``).
    Placeholders such as ``<container_id>`` stay words.
    """
    out: list[str] = []
    _split(text, windows, out, 0)
    return [c for c in (c.strip() for c in out) if c]


def _split(text: str, windows: bool, out: list[str], depth: int) -> None:
    current: list[str] = []
    i, n = 0, len(text)
    word_start = True

    def flush() -> None:
        out.append("".join(current))
        current.clear()

    while i < n:
        c = text[i]
        if c in "'\"":
            j = i + 1
            while j < n and text[j] != c:
                if c == '"' and text[j] == "\\" and not windows:
                    j += 1
                j += 1
            current.append(text[i : j + 1])
            i = j + 1
            word_start = False
            continue
        if c == "\\" and not windows:
            current.append(text[i : i + 2])
            i += 2
            word_start = False
            continue
        if c == "$" and text.startswith("$(", i) and not text.startswith("$((", i):
            j, level = i + 2, 1
            while j < n and level:
                if text[j] == "(":
                    level += 1
                elif text[j] == ")":
                    level -= 1
                j += 1
            if depth < 10:
                _split(text[i + 2 : j - 1], windows, out, depth + 1)
            current.append(SUBSTITUTION)
            i = j
            word_start = False
            continue
        if c == "`" and not windows:
            j = text.find("`", i + 1)
            j = n if j < 0 else j
            if depth < 10:
                _split(text[i + 1 : j], windows, out, depth + 1)
            current.append(SUBSTITUTION)
            i = j + 1
            word_start = False
            continue
        if c == "#" and word_start:
            break
        if c == "<":
            match = PLACEHOLDER.match(text, i)
            if match:
                current.append(match.group())
                i = match.end()
                word_start = False
                continue
        if c in "<>" or (c.isdigit() and word_start and re.match(r"\d+[<>]", text[i:])) or text.startswith("&>", i):
            match = _REDIRECT.match(text, i)
            if match:
                i = match.end()
                # drop the target word (if the operator has none attached)
                if not re.search(r"&\d+$|&-$", match.group()):
                    while i < n and text[i] in " \t":
                        i += 1
                    target = re.match(r"""(?:'[^']*'|"[^"]*"|[^\s;&|<>()])+""", text[i:])
                    if target:
                        i += target.end()
                word_start = True
                continue
        if c in "|;&":
            flush()
            i += 2 if text[i : i + 2] in ("||", "&&", ";;") else 1
            word_start = True
            continue
        if c in "()" and word_start:
            flush()
            i += 1
            continue
        current.append(c)
        word_start = c.isspace()
        i += 1
    flush()


def split_words(command: str, windows: bool = False) -> list[str] | None:
    """shlex (POSIX) words of one simple command; None when it cannot be split."""
    source = command.replace("\\", "\\\\") if windows else command
    try:
        return shlex.split(source, comments=False, posix=True)
    except ValueError:
        return None


def docker_part(words: list[str]) -> list[str] | None:
    """The words from ``docker`` on, after assignments and wrappers; None if the command is not docker."""
    i = 0
    while i < len(words):
        word = words[i]
        if word in _KEYWORDS or _ASSIGNMENT.match(word):
            i += 1
            continue
        if word in _WRAPPERS:
            takes = _WRAPPERS[word]
            i += 1
            while i < len(words) and words[i].startswith("-"):
                opt = words[i]
                i += 1
                if opt in takes and i < len(words):
                    i += 1
            continue
        break
    if i < len(words) and words[i] in DOCKER_WORDS:
        return words[i:]
    return None


# --------------------------------------------------------------------------
# The docker lines of a file.
# --------------------------------------------------------------------------


def docker_lines(text: str, path: str = "", repo: str = "") -> list[DockerLine]:
    out: list[DockerLine] = []
    for fence in fences(text):
        out.extend(_fence_lines(fence, path, repo))
    return out


def _prefix_strip(language: str, rest: str) -> str:
    if language in YAML_LANGUAGES:
        return rest[_YAML_PREFIX.match(rest).end() :]
    if language in MAKE_LANGUAGES:
        return rest[_MAKE_PREFIX.match(rest).end() :]
    return rest


def _fence_lines(fence: Fence, path: str, repo: str) -> list[DockerLine]:
    out = []
    lines = fence.lines
    i = 0
    heredoc: str | None = None
    while i < len(lines):
        raw = lines[i]
        if heredoc is not None:
            if raw.strip() == heredoc:
                heredoc = None
            i += 1
            continue
        prompt, rest = strip_prompt(raw)
        if prompt in ("#", ">") and not rest:
            prompt = ""
        rest = _prefix_strip(fence.language, rest)
        windows = fence.language in WINDOWS_LANGUAGES or prompt in ("PS", "C:")
        start = i
        start_text = rest.strip()
        logical = rest.strip()
        while i + 1 < len(lines) and i - start < 30:
            more, body = _continues(logical, windows)
            if more and not windows and logical.rstrip().endswith("`"):
                windows = True  # a PowerShell backtick continuation: backslashes are literal too
            if more:
                i += 1
                logical = body.rstrip() + " " + _continuation_text(lines[i])
                continue
            if prompt != "#" and _open_quote(logical, windows):
                # a quote that goes on over the next lines: join them if it closes
                # before a prompt starts a new command, else keep the line alone
                j, joined = i, logical
                while j + 1 < len(lines) and j - start < 30:
                    if strip_prompt(lines[j + 1])[0] in UNAMBIGUOUS_PROMPTS:
                        break
                    j += 1
                    joined = joined + "\n" + lines[j]
                    if not _open_quote(joined, windows):
                        i, logical = j, joined
                        break
                if i == j:
                    continue  # joined: the next line may continue it with a backslash
            break
        logical = logical.strip()
        match = _HEREDOC.search(logical)
        if match and "<<<" not in logical[max(0, match.start() - 1) : match.start() + 3]:
            heredoc = match.group(2)
        commands = simple_commands(logical, windows)
        found = []
        for command in commands:
            words = split_words(command, windows)
            if words is None:
                words = command.split()
            part = docker_part(words)
            if part is not None:
                found.append(command)
        if found:
            out.append(
                DockerLine(
                    path=path,
                    line=fence.first_line + start,
                    end_line=fence.first_line + i,
                    text=logical,
                    start_text=start_text,
                    language=fence.language,
                    fence_line=fence.fence_line,
                    block_uses_prompts=fence.uses_prompts,
                    prompt=prompt,
                    windows=windows,
                    commands=list(found),
                    repo=repo,
                )
            )
        i += 1
    return out
