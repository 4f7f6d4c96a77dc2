"""Pure helpers behind hooks/code_blocks.py and hooks/inline_code.py.

- Console sessions: a fenced block without a language whose commands are
  written after `$ ` prompts is highlighted with Pygments' `console` lexer;
  in a session with `$ ` prompts, a line starting with `#` is the author's
  comment, not a root prompt (CommentLines); the copy button copies the
  commands only (copy_text), through Material's `data-copy` attribute.
- Inline code: a word with a hyphen (`--help`) is not broken across lines.

Everything works on plain strings (and Pygments tokens), so it is tested
without building a site (tests/test_codelib.py).
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable, Iterator

from pygments.filter import Filter
from pygments.token import Comment, Generic, Token

LEXER = "console"  # Pygments' BashSessionLexer

# --------------------------------------------------------------------------
# Which blocks are console sessions
# --------------------------------------------------------------------------

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
PROMPT = "$ "


def is_session(code: str) -> bool:
    """True when the first line that is neither blank nor a `#` comment starts with `$ `."""
    for line in code.split("\n"):
        text = line.strip()
        if text and not text.startswith("#"):
            return line.lstrip().startswith(PROMPT) or text == "$"
    return False


def console_fences(markdown: str) -> str:
    """Give `console` to each fenced block without a language that is a console session.

    Only the opening fence line changes; fences inside other fences are
    left alone (they are text), and so is every block with a language.
    """
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening or (opening["fence"][0] == "`" and "`" in opening["info"]):
            i += 1
            continue
        fence, indent = opening["fence"], opening["indent"]
        end = i + 1
        while end < len(lines) and not _closes(lines[end], fence):
            end += 1
        body = "\n".join(
            line[len(indent) :] if line.startswith(indent) else line.lstrip() for line in lines[i + 1 : end]
        )
        if not opening["info"].strip() and is_session(body):
            lines[i] = f"{indent}{fence}{LEXER}"
        i = end + 1
    return "\n".join(lines)


def _closes(line: str, fence: str) -> bool:
    text = line.strip()
    return text.startswith(fence) and set(text) == {fence[0]}


# --------------------------------------------------------------------------
# Comments in a session
# --------------------------------------------------------------------------

_HASH_PROMPT = re.compile(r"\s*#\s*")


class CommentLines(Filter):
    """In a session with `$ ` prompts, a line that starts with `#` is a comment.

    Pygments' console lexer takes `# ` for a root prompt, so `# 拉取镜像` would
    show the comment as a command. When the block also has `$` prompts, such a
    line (prompt and rest) becomes one Comment.Single token; a block of root
    prompts only is left as the lexer made it.
    """

    def filter(self, lexer, stream: Iterable[tuple]) -> Iterator[tuple]:
        tokens = list(stream)
        has_dollar = any(t is Generic.Prompt and v.strip().startswith("$") for t, v in tokens)
        if not has_dollar:
            yield from tokens
            return
        i = 0
        while i < len(tokens):
            ttype, value = tokens[i]
            if ttype is Generic.Prompt and _HASH_PROMPT.fullmatch(value):
                text = value
                i += 1
                while i < len(tokens) and "\n" not in tokens[i][1]:
                    text += tokens[i][1]
                    i += 1
                if i < len(tokens):  # the token holding the line's end
                    head, _, tail = tokens[i][1].partition("\n")
                    text += head
                    yield Comment.Single, text
                    yield Token.Text.Whitespace, "\n"
                    if tail:
                        yield tokens[i][0], tail
                    i += 1
                else:
                    yield Comment.Single, text
                continue
            yield ttype, value
            i += 1


# --------------------------------------------------------------------------
# What the copy button copies
# --------------------------------------------------------------------------


def copy_text(code: str) -> str | None:
    """The commands of a console session, runnable: no prompts, output or comments.

    A command is a line written after a `$ ` prompt, with the lines a `\\`
    continues; its trailing `# comment` is dropped. None when the block has
    no `$ ` prompt (it is not such a session: copy it as it is).
    """
    commands = []
    lines = code.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].lstrip()
        i += 1
        if not (line.startswith(PROMPT) or line == "$"):
            continue
        command = [line[len(PROMPT) :]]
        while command[-1].endswith("\\") and i < len(lines):
            command.append(lines[i])
            i += 1
        text = strip_comment("\n".join(command)).rstrip()
        if text:
            commands.append(text)
    return "\n".join(commands) if commands else None


def strip_comment(command: str) -> str:
    """The command without a trailing shell comment (`#` at the start of a word, outside quotes)."""
    quote = None
    escaped = False
    for i, char in enumerate(command):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or command[i - 1].isspace()):
            return command[:i].rstrip()
    return command


_CONSOLE_BLOCK = re.compile(r'(<div class="language-console highlight")(>.*?<code[^>]*>)(.*?)</code>', re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")


def add_copy_text(html: str) -> str:
    """Give each rendered console block Material's `data-copy` attribute: its commands."""

    def add(match: re.Match[str]) -> str:
        text = copy_text(htmllib.unescape(_TAG.sub("", match[3])))
        if text is None:
            return match[0]
        return f'{match[1]} data-copy="{htmllib.escape(text, quote=True)}"{match[0][len(match[1]) :]}'

    return _CONSOLE_BLOCK.sub(add, html)


# --------------------------------------------------------------------------
# Inline code
# --------------------------------------------------------------------------

_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
_INLINE = re.compile(r"<code>([^<]*)</code>")
_HYPHENATED = re.compile(r"(?<![^\s])([^\s]*-[^\s]*)(?![^\s])")
LONGEST_UNBROKEN = 30  # longer words may still break, or they would overflow a phone


def keep_words_whole(html: str) -> str:
    """In inline code, wrap each word that has a hyphen (`--help`) in `<span class="nowrap">`.

    Browsers break lines after a hyphen, so `docker <命令> --help` could end
    a line with `--`. Code blocks (<pre>) are left alone.
    """
    out = []
    done = 0
    for pre in _PRE.finditer(html):
        out.append(_INLINE.sub(_wrap, html[done : pre.start()]))
        out.append(pre[0])
        done = pre.end()
    out.append(_INLINE.sub(_wrap, html[done:]))
    return "".join(out)


def _wrap(code: re.Match[str]) -> str:
    def nowrap(word: re.Match[str]) -> str:
        if len(htmllib.unescape(word[1])) > LONGEST_UNBROKEN:
            return word[1]
        return f'<span class="nowrap">{word[1]}</span>'

    return f"<code>{_HYPHENATED.sub(nowrap, code[1])}</code>"
