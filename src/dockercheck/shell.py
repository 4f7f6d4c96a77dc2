"""Split shell text into simple commands and words, keeping positions.

The word rules are POSIX ``sh`` as :func:`shlex.split` applies them (the
tests compare the two on arbitrary text); what shlex cannot do, and what a
checker of documentation needs, is added here:

* every word keeps its start and end offset in the text, for diagnostics;
* ``&&``, ``||``, ``;``, ``|``, ``&``, newlines and parentheses separate
  commands, redirections and their targets are dropped, here-documents are
  skipped;
* ``$(...)`` and backquotes are lexed recursively: the commands inside are
  returned too, and the word that contains them is marked dynamic;
* documentation placeholders (``<container_id>``, ``<name of dockerfile>``,
  ``<image_name||image_id>``, ``{{image}}``, ``{image}``, ``[imageName]``) are
  one word each, whatever they contain; a lone ``...`` stands for more words.

Nothing is expanded or executed: this module only reads text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A run of characters that are literal in an unquoted word.
_PLAIN = re.compile(r"[^\s'\"\\$`<>|&;()#]+")
# <name>, also with blanks inside (<name of dockerfile>): not a redirection, which a
# blank, '(', '&' or '=' follows, or whose target a blank ends (<in.txt >out.txt).
PLACEHOLDER = re.compile(r"<(?=[^\s<>(&=])[^<>\n]{0,60}?[^\s<>]>")
_BRACES = re.compile(r"\{\{[^{}\n]*\}\}")
# {image} and [imageName] inside an unquoted word: a value the reader fills in
# (a single brace pair is literal in the shell; [a-z] globs have no letter-led name)
_FILL_IN = re.compile(
    r"(?<![{$])\{(?P<brace>[A-Za-z_\u4e00-\u9fff][^{}\s]*)\}(?!\})"
    r"|\[(?!(?:\w-\w)+\])(?P<bracket>[A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff-]*)\]"
)
_ELLIPSIS = frozenset({"...", "\u2026", "......"})
# "$@" and "${name[@]}": any number of words even when quoted
_SPLAT = re.compile(r"\$(?:@|\{@\}|\{[A-Za-z_][A-Za-z0-9_]*\[@\]\})")
_REDIRECT = re.compile(r"(?:\d+|&)?(?:>>|>\||>&|<>|<&|<<<|<<-|<<|>|<)(?:-|\d+(?!\S))?")
_HEREDOC_DELIM = re.compile(r"""\s*(?P<q>['"]?)(?P<word>[^\s'"<>|&;()]+)(?P=q)""")
_PARAMETER = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])?")  # $NAME, $1, $@, ...
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=")
# Substitutions inside substitutions are lexed this deep; deeper ones are skipped
# (each level is a recursion, and no documentation nests more than a few).
MAX_NESTING = 20
# A backslash, blanks and the end of the line: sh escapes the first blank and ends the line there.
_BLANK_CONTINUATION = re.compile(r"\\[ \t]+\n")
_BLANK_AFTER_BACKSLASH = (
    "a blank after the '\\' that ends this line: sh reads an escaped blank (one more argument) and ends the "
    "command here; read as a line continuation (remove the blank)"
)
# What ends a word after a plain run (a '<' or '>' may still start a placeholder).
_WORD_END = frozenset(" \t\n\r\f\v;&|()")


@dataclass(slots=True)
class Word:
    """One shell word: its value after quote removal and where it was written."""

    text: str
    start: int
    end: int
    quoted: bool = False
    dynamic: bool = False  # holds $VAR, $(...) or `...`: its value is unknown here
    placeholder: str | None = None  # "<image_id>" -> "image_id"; "{{image}}" -> "image"

    @property
    def variadic(self) -> bool:
        """The shell (or the reader) makes any number of words of it, none included: an unquoted
        expansion (``$IDS``, ``$(docker ps -q)``), ``"$@"``, ``"${list[@]}"``, a lone ``...``."""
        if self.placeholder == "...":
            return True
        return self.dynamic and (not self.quoted or _SPLAT.search(self.text) is not None)

    @property
    def is_flag_placeholder(self) -> bool:
        """``<-ins>``: a placeholder that stands for options."""
        return self.placeholder is not None and self.placeholder.startswith("-")


@dataclass(slots=True)
class Comment:
    text: str  # without the leading '#'
    start: int
    end: int


@dataclass(slots=True)
class SimpleCommand:
    words: list[Word]
    substitution: bool = False  # found inside $(...) or backquotes
    comment: Comment | None = None  # a comment at the end of its line


@dataclass(slots=True)
class Lexed:
    commands: list[SimpleCommand] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (offset, message)


class BaseLexer:
    """What this lexer and the Windows ones (:mod:`.winshell`) share: the text read, the words of
    the current command, the end of a word and the nesting of substitutions."""

    NESTED = "command substitutions nested more than {} deep are not read"
    UNCLOSED = "unterminated command substitution"  # a '(' without its ')'

    def __init__(self, text: str, base: int, out: Lexed, substitution: bool, depth: int) -> None:
        self.s = text
        self.n = len(text)
        self.i = 0
        self.base = base
        self.out = out
        self.substitution = substitution
        self.depth = depth  # how many substitutions this text is inside
        self.words: list[Word] = []
        self.skip_next_word = False  # the target of a redirection

    def run(self) -> None:
        raise NotImplementedError

    def nested(self, text: str, base: int) -> BaseLexer:
        """A lexer of the same shell for the commands of a substitution at ``base``."""
        raise NotImplementedError

    def end_word(
        self, start: int, text: str, quoted: bool = False, dynamic: bool = False, placeholder: str | None = None
    ) -> None:
        """The word from ``start`` to here: kept, unless it is a redirection's target; a plain
        word that reads as a placeholder (``IMAGE``, ``{{x}}``) is marked as one."""
        if self.skip_next_word:
            self.skip_next_word = False
            return
        if placeholder is None and not quoted and not dynamic:
            placeholder = fill_in(text)
        self.words.append(Word(text, self.base + start, self.base + self.i, quoted, dynamic, placeholder))

    def matching(self, open_at: int) -> int:
        """Offset just after the ')' matching the '(' at ``open_at``, quotes skipped as the shell reads them."""
        depth, i, s, n = 0, open_at, self.s, self.n
        while i < n:
            c = s[i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            else:
                i = self.skip_quoted(i)
            i += 1
        self.out.problems.append((self.base + open_at, self.UNCLOSED))
        return n

    def skip_quoted(self, i: int) -> int:
        """What the shell quotes at ``i`` (a string, an escaped character): the offset of its last
        character; ``i`` when nothing is."""
        raise NotImplementedError

    def inner(self, text: str, start: int) -> None:
        """Lex the commands of a substitution found at ``start`` (up to MAX_NESTING deep)."""
        if self.depth >= MAX_NESTING:
            self.out.problems.append((self.base + start, self.NESTED.format(MAX_NESTING)))
            return
        self.nested(text, self.base + start).run()


class _Lexer(BaseLexer):
    def __init__(self, text: str, base: int, out: Lexed, substitution: bool, depth: int = 0) -> None:
        super().__init__(text, base, out, substitution, depth)
        self.heredocs: list[tuple[str, bool]] = []

    def nested(self, text: str, base: int) -> _Lexer:
        return _Lexer(text, base, self.out, True, self.depth + 1)

    # -- commands -------------------------------------------------------
    def finish(self, comment: Comment | None = None) -> None:
        """End the current simple command (``comment``: the comment at the end of its line)."""
        if self.words:
            self.out.commands.append(SimpleCommand(self.words, self.substitution, comment))
        self.words = []
        self.skip_next_word = False

    def run(self) -> None:
        s, n = self.s, self.n
        while self.i < n:
            c = s[self.i]
            if c == "\n":
                self.i += 1
                self.finish()
                if self.heredocs:
                    self.skip_heredocs()
            elif c in " \t\r\f\v":
                self.i += 1
            elif c == "\\" and (s.startswith("\\\n", self.i) or self.i + 1 == n):
                self.i += 2  # line continuation (at the very end: before the block's last newline)
            elif c == "\\" and (blank := _BLANK_CONTINUATION.match(s, self.i)):
                # sh reads "\\ " as an escaped blank and ends the line; the writer meant a continuation
                self.out.problems.append((self.base + self.i, _BLANK_AFTER_BACKSLASH))
                self.i = blank.end()
            elif c == "#":
                end = s.find("\n", self.i)
                end = n if end < 0 else end
                comment = Comment(s[self.i + 1 : end], self.base + self.i, self.base + end)
                self.out.comments.append(comment)
                self.finish(comment)  # the comment runs to the end of the line, which ends the command
                self.i = end
            elif c in ";&|()":
                self.operator()
            elif c in "<>" or (c.isdigit() and _REDIRECT.match(s, self.i)):
                if c == "<" and PLACEHOLDER.match(s, self.i):
                    self.word()
                else:
                    self.redirect()
            else:
                self.word()
        self.finish()

    def operator(self) -> None:
        s, i = self.s, self.i
        two = s[i : i + 2]
        if two in ("&&", "||", ";;"):
            self.i += 2
            self.finish()
        elif two == "&>":
            self.redirect()
        elif s[i] == "|":
            self.i += 2 if two == "|&" else 1
            self.finish()
        else:  # ; & ( )
            self.i += 1
            self.finish()

    def redirect(self) -> None:
        match = _REDIRECT.match(self.s, self.i)
        op = match.group(0) if match else self.s[self.i]
        self.i += len(op)
        if op.endswith(("<<", "<<-")) and not op.endswith("<<<"):
            delim = _HEREDOC_DELIM.match(self.s, self.i)
            if delim:
                self.heredocs.append((delim["word"], op.endswith("-")))
                self.i = delim.end()
            return
        if op[-1].isdigit() or op.endswith("-"):
            return  # 2>&1, >&-: duplicates a descriptor, no target word
        self.skip_next_word = True

    def skip_heredocs(self) -> None:
        s = self.s
        while self.heredocs and self.i < self.n:
            word, strip_tabs = self.heredocs[0]
            end = s.find("\n", self.i)
            end = self.n if end < 0 else end
            line = s[self.i : end]
            if (line.lstrip("\t") if strip_tabs else line) == word:
                self.heredocs.pop(0)
            self.i = end + 1
        self.heredocs.clear()

    # -- words ----------------------------------------------------------
    def word(self) -> None:
        s, n = self.s, self.n
        start = self.i
        match = _PLAIN.match(s, start)
        if match and (match.end() == n or s[match.end()] in _WORD_END):  # the common case: a plain word
            self.i = match.end()
            self.end_word(start, match.group(0))
            return
        parts: list[str] = []
        quoted = dynamic = False
        placeholder: str | None = None
        while self.i < n:
            c = s[self.i]
            match = _PLAIN.match(s, self.i)
            if match:
                parts.append(match.group(0))
                self.i = match.end()
                continue
            if c in _WORD_END:
                break
            if c == "<" or c == ">":
                ph = PLACEHOLDER.match(s, self.i) if c == "<" else None
                if not ph:
                    break
                parts.append(ph.group(0))
                if placeholder is None:
                    placeholder = ph.group(0)[1:-1]
                self.i = ph.end()
            elif c == "'":
                quoted = True
                end = s.find("'", self.i + 1)
                if end < 0:
                    self.out.problems.append((self.base + self.i, "unterminated single quote"))
                    end = n
                parts.append(s[self.i + 1 : end])
                self.i = end + 1
            elif c == '"':
                quoted = True
                text, dyn = self.double_quoted()
                parts.append(text)
                dynamic |= dyn
            elif c == "\\":
                if _BLANK_CONTINUATION.match(s, self.i):
                    break  # a continuation with a blank after it: see run()
                if self.i + 1 < n:
                    if s[self.i + 1] != "\n":
                        parts.append(s[self.i + 1])
                    self.i += 2
                else:
                    self.i += 1
            elif c in "$`":
                parts.append(self.expansion(c))
                dynamic = True
            elif c == "#":  # not at word start: literal
                parts.append("#")
                self.i += 1
            else:  # pragma: no cover - _PLAIN covers every other character
                parts.append(c)
                self.i += 1
        self.end_word(start, "".join(parts), quoted, dynamic, placeholder)

    def double_quoted(self) -> tuple[str, bool]:
        s, n = self.s, self.n
        self.i += 1
        parts: list[str] = []
        dynamic = False
        while self.i < n:
            c = s[self.i]
            if c == '"':
                self.i += 1
                return "".join(parts), dynamic
            if c == "\\" and self.i + 1 < n and s[self.i + 1] in '$`"\\\n':
                if s[self.i + 1] != "\n":
                    parts.append(s[self.i + 1])
                self.i += 2
            elif c in "$`":
                parts.append(self.expansion(c))
                dynamic = True
            else:
                parts.append(c)
                self.i += 1
        self.out.problems.append((self.base + n, "unterminated double quote"))
        return "".join(parts), dynamic

    def expansion(self, char: str) -> str:
        """Consume a ``$...`` or backquoted expansion (its value is unknown here); return its text."""
        return self.dollar() if char == "$" else self.backquote()

    def dollar(self) -> str:
        """Consume $..., lexing any command substitution; return its text."""
        s, start = self.s, self.i
        nxt = s[start + 1 : start + 2]
        if s.startswith("$((", start):
            end = self.matching(start + 1)
            self.i = end
        elif nxt == "(":
            end = self.matching(start + 1)
            inner_end = end - 1 if s[end - 1 : end] == ")" else end
            self.inner(s[start + 2 : inner_end], start + 2)
            self.i = end
        elif nxt == "{":
            end = s.find("}", start)
            self.i = len(s) if end < 0 else end + 1
        elif nxt == "'":  # $'...' ANSI-C quoting
            end = s.find("'", start + 2)
            self.i = len(s) if end < 0 else end + 1
            return s[start + 2 : self.i - 1]
        else:
            match = _PARAMETER.match(s, start)
            self.i = match.end() if match else start + 1
        return s[start : self.i]

    def skip_quoted(self, i: int) -> int:  # a backslash escape, a '...' or "..." string
        s, n, c = self.s, self.n, self.s[i]
        if c == "\\":
            return i + 1
        if c == "'":
            end = s.find("'", i + 1)
            return n if end < 0 else end
        if c == '"':
            j = i + 1
            while j < n and s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            return j
        return i

    def backquote(self) -> str:
        s, start = self.s, self.i
        j = start + 1
        while j < self.n and s[j] != "`":
            j += 2 if s[j] == "\\" else 1
        if j >= self.n:
            self.out.problems.append((self.base + start, "unterminated backquote"))
            j = self.n
        self.inner(s[start + 1 : j], start + 1)
        self.i = min(j + 1, self.n)
        return s[start : self.i]


def fill_in(text: str) -> str | None:
    """The placeholder in an unquoted word: ``{{image}}``, ``{image}``, ``[imageName]`` -> its name;
    a lone ``...`` -> "..."."""
    if text in _ELLIPSIS:
        return "..."
    braces = _BRACES.search(text) if "{{" in text else None
    if braces:
        return braces.group(0)[2:-2].strip()
    if "{" not in text and "[" not in text:
        return None
    found = _FILL_IN.search(text)
    return (found["brace"] or found["bracket"]) if found else None


def lex(text: str, base: int = 0) -> Lexed:
    """All simple commands in ``text``, in order of their first word."""
    out = Lexed()
    _Lexer(text, base, out, False).run()
    out.commands.sort(key=lambda c: c.words[0].start)
    return out


def is_assignment(word: Word) -> bool:
    return not word.quoted and _ASSIGNMENT.match(word.text) is not None
