"""How documentation writes commands, read from the text alone: prompts, a block's shell, notation.

Notes and tutorials put more than commands into code blocks: prompts of
every style (``$ ``, ``user@host:~$ ``, ``[root@host ~]# ``, ``PS C:\\> ``,
``C:\\> ``, ``> ``), printed output, PowerShell and cmd, CI scripts in
YAML, usage synopses (``docker ps [OPTIONS]``, ``docker pull NAME[:TAG]``,
``PATH | URL | -``) and prose. This module answers, from the text only,
what :mod:`dockercheck.extract` and :mod:`dockercheck.reading` need:

* :func:`block_reading`: which shell reads a block (POSIX, PowerShell, cmd;
  only the script lines of YAML and Makefiles) or why none does;
* :func:`read_prompts`: prompts removed (columns kept), output lines and the
  docker lines without a prompt among them;
* :func:`mentions`: where a line starts a ``docker`` (or ``docker-compose``)
  command, whatever the block's language: the lines that must be either
  checked or counted in a notice;
* :func:`synopsis_marks`, :func:`command_shaped`, :func:`reads_as_prose`,
  :func:`prose_around`: the signs of a usage synopsis, of a word that cannot
  be a command name, and of a sentence.

Nothing here knows docker's commands: deciding with the command tree is
:mod:`dockercheck.reading`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

POSIX, POWERSHELL, CMD = "posix", "powershell", "cmd"

SHELL_LANGUAGES = frozenset(
    {"", "bash", "sh", "shell", "console", "shell-session", "shellsession", "zsh", "terminal", "shell-script"}
)
POWERSHELL_LANGUAGES = frozenset({"powershell", "ps1", "ps", "pwsh", "posh", "pscon", "ps1con"})
CMD_LANGUAGES = frozenset({"cmd", "bat", "batch", "dos", "doscon", "winbatch", "bat-script"})
YAML_LANGUAGES = frozenset({"yaml", "yml"})
MAKE_LANGUAGES = frozenset({"makefile", "make", "mk", "mak"})
TEXT_LANGUAGES = frozenset({"text", "txt", "plain", "plaintext", "none", "output", "log"})

# Prompts, in the order they are tried; each keeps the indentation before it (group 1).
_PROMPTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("user@host", r"^(\s*)(?:\[[^\]\n@]*+@[^\]\n]*+\]|[\w.-]+@[\w.-]+(?::[^\s$#%]*+)?)\s?[$#%](?: |$)"),
        ("PS", r"^(\s*)PS(?: [^>\n]*)?> ?"),
        ("C:", r"^(\s*)[A-Za-z]:\\[^>\n]*> ?"),
        ("zsh", r"^(\s*)➜\s+\S+\s+(?:git:\([^)]*\)\s+(?:✗\s+)?)?"),
        ("$", r"^(\s*)\$(?: |$)"),
        (">", r"^(\s*)> "),
        # a prompt of its own style (node1$, ~$, [Captain]🚩 >, host==>) before a docker command
        ("other", r"^(\s*)(?:\[[^\]\n]*\]\S*\s*>|[^\s$#%>]+[$#%>])\s*(?=(?:sudo\s+)?docker(?:\.exe)?(?:\s|$))"),
    )
)
_CONTINUATION_PROMPT = re.compile(r"^(\s*)> ")
# A PowerShell line continuation: a backtick ending a line that has an odd number of them
# (an unclosed command substitution in sh, never complete sh).
_PS_CONTINUATION = re.compile(r"\s`[ \t]*$")
_SH_CONTINUATION = re.compile(r"\s\\[ \t]*$")


@dataclass(frozen=True, slots=True)
class BlockReading:
    """How a fenced block is read."""

    dialect: str | None  # POSIX, POWERSHELL or CMD; None: not read as shell
    why_not: str = ""  # when dialect is None: what the notice says
    embedded: str = ""  # "yaml" or "make": only the lines that run a command are read


def block_reading(language: str, content: list[str]) -> BlockReading:
    """Which shell reads a block of this language and content, or why none does."""
    if language in SHELL_LANGUAGES:
        if any(_PS_CONTINUATION.search(line) and line.count("`") % 2 for line in content):
            return BlockReading(POWERSHELL)
        styles = {prompt_of(line)[0] for line in content}
        if "PS" in styles:
            return BlockReading(POWERSHELL)
        if "C:" in styles:
            return BlockReading(CMD)
        return BlockReading(POSIX)
    if language in POWERSHELL_LANGUAGES | CMD_LANGUAGES:
        if any(_SH_CONTINUATION.search(line) for line in content):
            return BlockReading(POSIX)  # sh written in a Windows block: its lines go on with '\\'
        return BlockReading(POWERSHELL if language in POWERSHELL_LANGUAGES else CMD)
    if language in YAML_LANGUAGES:
        return BlockReading(POSIX, embedded="yaml")
    if language in MAKE_LANGUAGES:
        return BlockReading(POSIX, embedded="make")
    if language in TEXT_LANGUAGES:
        return BlockReading(None, f"a `{language}` block is shown as text")
    return BlockReading(None, f"the block's language, `{language}`, is not a shell's")


def prompt_of(line: str) -> tuple[str, int]:
    """(prompt style, where the command starts) for a line; ("", 0) without a prompt."""
    for name, pattern in _PROMPTS:
        match = pattern.match(line)
        if match:
            return name, match.end()
    return "", 0


@dataclass(slots=True)
class Prompted:
    """A block's lines with prompts removed."""

    lines: list[str]  # the lexed text of each row: prompts blanked out, output rows emptied
    prompts: dict[int, str] = field(default_factory=dict)  # row -> the prompt style it had
    output: set[int] = field(default_factory=set)  # rows emptied as output
    unprompted: set[int] = field(default_factory=set)  # docker lines without a prompt, kept for a look


def read_prompts(content: list[str], dialect: str, programs: tuple[str, ...]) -> Prompted:
    """Remove prompts (keeping columns) and, in a block that uses them, empty the output lines.

    ``> `` is a prompt only in a block without other prompts (after ``$ ``
    it continues a line). Comment lines stay. A line without a prompt that
    starts with the program (``docker ps``) is kept and marked unprompted:
    :mod:`dockercheck.reading` checks it when it names a command, and takes
    it for output otherwise.
    """
    styles = [prompt_of(line) for line in content]
    used = {name for name, _ in styles if name}
    if not used:
        return Prompted(list(content))
    if used != {">"}:
        styles = [(name, end) if name != ">" else ("", 0) for name, end in styles]
    out = Prompted([])
    continued = False
    comment = "#" if dialect != CMD else "rem "
    for row, (line, (name, end)) in enumerate(zip(content, styles, strict=True)):
        kept = line
        if name:
            kept = " " * end + line[end:]
            out.prompts[row] = name
        elif continued:
            ps2 = _CONTINUATION_PROMPT.match(line)
            kept = " " * ps2.end() + line[ps2.end() :] if ps2 else line
        elif line.lstrip().lower().startswith(comment) or not line.strip():
            kept = line
        elif _starts_with_program(line, programs):
            out.unprompted.add(row)
        else:
            kept = ""
            out.output.add(row)
        out.lines.append(kept)
        body = kept.rstrip()
        continued = bool(body.strip()) and (body.endswith("\\") or (dialect == POWERSHELL and body.endswith("`")))
    return out


def _starts_with_program(line: str, programs: tuple[str, ...]) -> bool:
    words = line.split(None, 1)
    return bool(words) and words[0] in programs and (len(words) == 1 or words[1][:1].isalnum() or words[1][:1] == "-")


# -- embedded shell: the script lines of YAML and Makefiles --------------------
_YAML_SCRIPT = re.compile(
    r"^(\s*(?:-\s+)?(?:(?:run|script|command|cmd|entrypoint|before_script|after_script)\s*:\s+)?(?:-\s+)?)(?=\S)"
)
_MAKE_RECIPE = re.compile(r"^(\t[@+-]*|\s*[@+-]+)")


def embedded_lines(content: list[str], kind: str, programs: tuple[str, ...]) -> list[str]:
    """The rows of a YAML or Makefile block that run the program, their prefix blanked; other rows emptied.

    A row continued by a trailing backslash keeps the next one.
    """
    out: list[str] = []
    continued = False
    pattern = _YAML_SCRIPT if kind == "yaml" else _MAKE_RECIPE
    for line in content:
        if continued:
            out.append(line)
        else:
            match = pattern.match(line)
            start = match.end(1) if match else 0
            rest = line[start:]
            runs = rest[:1] not in ("'", '"', "#") and mentions(rest, programs) is not None
            out.append(" " * start + rest if runs else "")
        continued = bool(out[-1].strip()) and out[-1].rstrip().endswith("\\")
    return out


# -- which lines start a docker command, in any block -------------------------------
_SEPARATORS = re.compile(r"&&|\|\||[;&|({]|\$\(|`")
_WRAPPER_WORDS = frozenset(
    {"sudo", "doas", "env", "nice", "timeout", "watch", "xargs", "time", "nohup", "exec", "command", "builtin"}
)
_WRAPPER_WORDS |= {"winpty", "stdbuf", "then", "do", "else", "elif", "if", "while", "until", "!", "{", "(", "&"}
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=\S*")
_ANY_PROMPT = re.compile(r"^\s*(?:#|>)\s+")
_COMPOSE = ("docker-compose", "docker-compose.exe")
_ODD_PROMPT = re.compile(r"[>$#%]\s*(?:sudo\s+)?docker(?:\.exe)?(?:\s|$)")
_RECIPE_PREFIX = re.compile(r"^\s*[@+]*-?(?=[A-Za-z])")  # a Makefile recipe's @, + and -


def mentions(line: str, programs: tuple[str, ...] = ("docker", "docker.exe")) -> str | None:
    """ "docker" when a command of the line starts with the program, "docker-compose" for that
    program; else None. Any prompt, a ``# `` comment or root prompt, a YAML list item or key and
    wrappers (``sudo``, ``VAR=x``) are passed over; commands after ``&&``, ``|``, ``;`` and inside
    ``$(...)`` or backquotes count. Deliberately generous: it finds the lines that must be either
    checked or counted in a notice."""
    if _ODD_PROMPT.search(line):
        return "docker"  # after a prompt of any style (host==>docker ps, ~/app $ sudo docker ps)
    text = line[prompt_of(line)[1] :]
    prompt = _ANY_PROMPT.match(text)
    text = text[prompt.end() :] if prompt else text
    yaml = _YAML_SCRIPT.match(text)
    text = text[yaml.end(1) :] if yaml else text
    found: str | None = None
    for segment in _SEPARATORS.split(_RECIPE_PREFIX.sub("", text)):
        words = segment.split()
        i = 0
        while i < len(words) and (words[i] in _WRAPPER_WORDS or _ASSIGNMENT.fullmatch(words[i])):
            i += 1
            while i < len(words) and words[i].startswith("-"):
                i += 1
        if i < len(words):
            word = re.split(r"[\\/]", words[i].strip("\"'"))[-1]
            if word in programs:
                return "docker"
            if word in _COMPOSE:
                found = "docker-compose"
    return found


# -- synopses, command names, prose ------------------------------------------------
_QUOTED = re.compile(r"'[^'\n]*'|\"(?:[^\"\\\n]|\\.)*\"")
_GENERIC = frozenset(
    {"options", "option", "opts", "flags", "flag", "args", "arg", "arguments", "argument", "command", "cmd"}
)
_GENERIC |= {"选项", "参数", "命令", "选项参数", "参数选项", "子命令", "命令参数"}
_METAVARIABLES = re.compile(r"[A-Z][A-Z0-9_-]*[A-Z0-9]|[A-Z]")
_ALTERNATIVE = re.compile(r"(?<![|\\])\|(?!\|)\s*(?:-(?=[\s\]|]|$)|[A-Z][A-Z0-9_]*(?=[\s\[\]|.:]|$))")
_IPV6 = re.compile(r"[0-9a-fA-F]*:[0-9a-fA-F:.]*")
_COMMAND_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# punctuation, and letters of other scripts (Latin-1 and Extended, Greek, Cyrillic, CJK, Hangul, fullwidth)
_PROSE_CHAR = re.compile(
    r"[.,;:!?/{}()\"'\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]"
)
_CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_SENTENCE_MAX = 1000  # characters: a longer line is not read as a sentence
_SENTENCE_END = re.compile(r"[A-Za-z\u4e00-\u9fff)\]][.!?:;,。：；，！？…]+$|…$")


def blank_quotes(text: str) -> str:
    """The text with every quoted string blanked out (same length)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of the outermost ``[...]`` groups of a text (nested brackets inside; may span blanks)."""
    groups, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c == "[":
            if depth == 0:
                start = i
            depth += 1
        elif c == "]" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    return groups


def _name_char(char: str) -> bool:
    return char.isalnum() or char in "_]>)}"


def synopsis_marks(text: str) -> list[str]:
    """The notation in a command's text that only a usage synopsis uses, as written (empty: none).

    ``[OPTIONS]``, ``[选项]`` and other bracketed generic words; ``[-a]``;
    brackets around upper-case metavariables (``[SERVER]``, ``[ARG...]``) or
    around an optional part (``[:TAG]``, ``[Registry地址/]``, nested
    brackets, or an optional part joined to a name); ``CONTAINER...``; ``a|b`` alternatives of metavariables or
    ``-`` (``PATH | URL | -``, ``DEST_PATH|-``). A lower-case word in
    brackets (``[username]``, ``[容器名]``) is a value placeholder, not a mark.
    """
    plain = blank_quotes(text)
    marks: list[str] = []
    for start, end in bracket_groups(plain):
        group = plain[start:end]
        inner = group[1:-1].strip()
        bare = inner.rstrip(".").rstrip("…")
        if not inner or group[1:2].isspace() or _IPV6.fullmatch(inner):
            continue  # [ -f x ] is the shell's test; [::1] an address
        if (
            bare.lower() in _GENERIC
            or inner.startswith("-")
            or "[" in inner
            or "..." in inner
            or "…" in inner
            or "|" in inner
            # an optional part joined to a name: NAME[:TAG], [Registry/]name (not [id]:[/path], a value)
            or (inner[0] in ":@/.=+" and start > 0 and _name_char(plain[start - 1]))
            or (inner[-1] in ":@/.=+" and end < len(plain) and _name_char(plain[end]))
            or _METAVARIABLES.fullmatch(re.sub(r"[\s:=/@.]+", "_", bare).strip("_") or "x")
        ):
            marks.append(group)
    for word in plain.split():
        if len(word) > 3 and word.endswith(("...", "…")) and _METAVARIABLES.match(word) and "[" not in word:
            marks.append(word)
    marks.extend(m.group().strip() for m in _ALTERNATIVE.finditer(plain))
    return marks


def is_metavariable(word: str) -> bool:
    """An upper-case name standing for something (``COMMAND``, ``IMAGE_NAME``)."""
    return len(word) > 1 and _METAVARIABLES.fullmatch(word) is not None


def command_shaped(word: str) -> bool:
    """Could the word be (a mistyped) command name? ``host.``, ``stop/waiting``, ``官方源`` cannot:
    they hold what prose and output have and a name has not (punctuation, a slash, a brace, letters
    of other scripts), and ``=`` or ``{`` have no letter at all. Anything else (``rnu``, a word with
    control characters) could be."""
    if _COMMAND_NAME.fullmatch(word):
        return True
    return not _PROSE_CHAR.search(word) and any(c.isalnum() for c in word)


def reads_as_prose(text: str) -> bool:
    """Does a line read as a sentence: CJK outside quotes, or words ending with sentence punctuation?"""
    plain = blank_quotes(text)
    if _CJK.search(plain):
        return True
    words = plain.split()
    return len(words) >= 2 and _SENTENCE_END.search(words[-1]) is not None


def prose_around(line: str, start: int, end: int) -> bool:
    """Is the backquoted part ``line[start:end]`` code inside a sentence (Markdown in a code block)?

    The rest of the line has at least three words and reads as prose: it
    starts with a capitalised word or with something no command starts
    with (``…``, ``-``, ``*``), or ends like a sentence, or holds CJK.
    """
    if len(line) > _SENTENCE_MAX:
        return False  # not a sentence, and each backquoted command of a long line would read it again
    rest = blank_quotes(line[:start] + " " * (end - start) + line[end:])
    words = [w for w in re.split(r"\s+", rest) if w and w != "`"]
    if len(words) < 3:
        return False
    first = words[0]
    capitalised = first[:1].isupper() and first[1:].islower() and first.isalpha()
    return (
        capitalised
        or first[:1] in "…*•-"
        or _SENTENCE_END.search(words[-1]) is not None
        or _CJK.search(rest) is not None
    )
